//! Why a command failed, as one line, and the exit code that says it to a script.

use core::fmt;
use std::process::ExitCode;

use sharpapi_webhooks::{ErrorCode, WebhookError};

/// Every exit code and what it means: `--help` and cli/README.md show this table.
pub(crate) const EXIT_CODES: [(u8, &str); 6] = [
    (
        0,
        "success: the signature is valid, or the delivery was answered 2xx",
    ),
    (
        1,
        "the signature was refused: MissingSignature, MalformedSignature or InvalidSignature",
    ),
    (
        2,
        "usage: a wrong or missing argument, or an invalid secret (InvalidSecret)",
    ),
    (
        3,
        "the signature is valid but the body is not a SharpAPI event (InvalidPayload)",
    ),
    (
        4,
        "no 2xx answer: send, after every retry; replay, for any delivery",
    ),
    (
        5,
        "input or output failed: a file, a record, a port that cannot be used",
    ),
];

/// A command's failure. Its `Display` is the one line printed; none of them holds a secret.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The core refused a secret, a signature or a body.
    Refused(WebhookError),
    /// An argument that clap could not judge is wrong.
    Usage(String),
    /// A delivery got no 2xx answer.
    Undelivered(String),
    /// A file, a record or a socket could not be used.
    Io(String),
}

impl Failure {
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Self::Refused(error) => match error.code() {
                ErrorCode::InvalidSecret => 2,
                ErrorCode::InvalidPayload => 3,
                ErrorCode::MissingSignature
                | ErrorCode::MalformedSignature
                | ErrorCode::InvalidSignature => 1,
            },
            Self::Usage(_) => 2,
            Self::Undelivered(_) => 4,
            Self::Io(_) => 5,
        })
    }
}

impl From<WebhookError> for Failure {
    fn from(error: WebhookError) -> Self {
        Self::Refused(error)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused(error) => write!(f, "{}", refusal(error)),
            Self::Usage(message) | Self::Undelivered(message) | Self::Io(message) => {
                f.write_str(message)
            }
        }
    }
}

/// The core's error as every command prints it: `InvalidSignature (4): invalid signature: ...`.
pub(crate) fn refusal(error: &WebhookError) -> String {
    format!(
        "{} ({}): {}",
        error.code().name(),
        error.code().as_u32(),
        error
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_error_has_its_exit_code() {
        for code in ErrorCode::ALL {
            let error = match code {
                ErrorCode::InvalidSecret => WebhookError::InvalidSecret,
                ErrorCode::MissingSignature => WebhookError::MissingSignature,
                ErrorCode::MalformedSignature => WebhookError::MalformedSignature,
                ErrorCode::InvalidSignature => WebhookError::InvalidSignature,
                ErrorCode::InvalidPayload => WebhookError::InvalidPayload {
                    detail: String::new(),
                },
            };
            let failure = Failure::Refused(error);
            let expected = match code {
                ErrorCode::InvalidSecret => 2,
                ErrorCode::InvalidPayload => 3,
                _ => 1,
            };
            assert_eq!(failure.exit_code(), ExitCode::from(expected));
            assert!(failure.to_string().starts_with(code.name()));
            assert!(EXIT_CODES.iter().any(|(number, _)| *number == expected));
        }
    }
}
