use std::ffi::CStr;

use sharpapi_webhooks::ErrorCode;

/// What a C function returns: `SHARPAPI_OK`, one of the core's error codes (the same numbers in
/// every language), or, from 100 on, an argument error of the C ABI itself.
#[allow(non_camel_case_types, reason = "C naming, as the header shows it")]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sharpapi_status_t {
    /// Success.
    SHARPAPI_OK = 0,
    /// A secret is empty or is no Unicode text, or no secret was given.
    SHARPAPI_INVALID_SECRET = 1,
    /// No signature, or an empty or whitespace-only one.
    SHARPAPI_MISSING_SIGNATURE = 2,
    /// The signature is not 64 hex digits.
    SHARPAPI_MALFORMED_SIGNATURE = 3,
    /// The signature does not match the body under any secret.
    SHARPAPI_INVALID_SIGNATURE = 4,
    /// The verified body is not a SharpAPI webhook event.
    SHARPAPI_INVALID_PAYLOAD = 5,
    /// A required pointer argument is NULL.
    SHARPAPI_NULL_ARGUMENT = 100,
    /// Retired in 0.2.0, never returned: text arguments are bytes with a length, and the core
    /// decides what bytes that are not UTF-8 mean where they stand. Kept so the number is never
    /// reused.
    SHARPAPI_INVALID_UTF8 = 101,
    /// The output buffer is too small.
    SHARPAPI_BUFFER_TOO_SMALL = 102,
    /// The library failed unexpectedly (a bug: please report it); nothing was written.
    SHARPAPI_INTERNAL_ERROR = 103,
    /// A length is larger than any object can be.
    SHARPAPI_INVALID_LENGTH = 104,
}

impl sharpapi_status_t {
    /// The statuses of the C ABI itself (100 to 199), in numeric order, each with its name and
    /// static message. `SHARPAPI_INVALID_UTF8` is retired and absent.
    pub const ABI_ERRORS: [(Self, &'static str, &'static CStr); 4] = [
        (
            Self::SHARPAPI_NULL_ARGUMENT,
            "NullArgument",
            c"null argument: a required pointer argument is NULL",
        ),
        (
            Self::SHARPAPI_BUFFER_TOO_SMALL,
            "BufferTooSmall",
            c"buffer too small: the output buffer must hold at least SHARPAPI_SIGNATURE_BUFFER_LEN bytes",
        ),
        (
            Self::SHARPAPI_INTERNAL_ERROR,
            "InternalError",
            c"internal error: the library failed unexpectedly; please report it",
        ),
        (
            Self::SHARPAPI_INVALID_LENGTH,
            "InvalidLength",
            c"invalid length: a length is larger than any object can be",
        ),
    ];
}

/// The one mapping table: each core error code with its UniFFI variant and its C status, so the
/// two cannot drift apart.
macro_rules! error_mapping {
    ($( $(#[$doc:meta])* $code:ident => $c_status:ident, )+) => {
        /// Why a delivery was refused; each variant's message says what to fix.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
        #[uniffi(flat_error)]
        pub enum WebhookError {
            $( $(#[$doc])* #[error("{0}")] $code(String), )+
        }

        impl From<sharpapi_webhooks::WebhookError> for WebhookError {
            fn from(error: sharpapi_webhooks::WebhookError) -> Self {
                let message = error.to_string();
                match error.code() {
                    $( ErrorCode::$code => Self::$code(message), )+
                }
            }
        }

        impl From<ErrorCode> for sharpapi_status_t {
            fn from(code: ErrorCode) -> Self {
                match code {
                    $( ErrorCode::$code => Self::$c_status, )+
                }
            }
        }

        #[cfg(test)]
        impl WebhookError {
            fn code_name(&self) -> &'static str {
                match self {
                    $( Self::$code(_) => stringify!($code), )+
                }
            }
        }
    };
}

error_mapping! {
    /// A secret is empty or is no Unicode text, or no secret was given (code 1).
    InvalidSecret => SHARPAPI_INVALID_SECRET,
    /// No `X-Signature`, or an empty or whitespace-only one (code 2).
    MissingSignature => SHARPAPI_MISSING_SIGNATURE,
    /// `X-Signature` is not 64 hex digits, or two headers disagree (code 3).
    MalformedSignature => SHARPAPI_MALFORMED_SIGNATURE,
    /// No secret signed this body: pass the raw body bytes and check the secret (code 4).
    InvalidSignature => SHARPAPI_INVALID_SIGNATURE,
    /// The verified body is not a SharpAPI event (code 5).
    InvalidPayload => SHARPAPI_INVALID_PAYLOAD,
}

impl From<sharpapi_webhooks::WebhookError> for sharpapi_status_t {
    fn from(error: sharpapi_webhooks::WebhookError) -> Self {
        error.code().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every core error, with a message that only the core could have written.
    fn every_core_error() -> Vec<sharpapi_webhooks::WebhookError> {
        use sharpapi_webhooks::WebhookError as Core;
        vec![
            Core::InvalidSecret,
            Core::MissingSignature,
            Core::MalformedSignature,
            Core::InvalidSignature,
            Core::InvalidPayload {
                detail: "expected value at line 1 column 1".into(),
            },
        ]
    }

    #[test]
    fn the_table_covers_every_code_once_with_the_same_number_and_name() {
        let errors = every_core_error();
        let codes: Vec<ErrorCode> = errors
            .iter()
            .map(sharpapi_webhooks::WebhookError::code)
            .collect();
        assert_eq!(codes, ErrorCode::ALL, "the list above must hold every code");
        for error in errors {
            let code = error.code();
            assert_eq!(
                sharpapi_status_t::from(code) as u32,
                code.as_u32(),
                "{code}"
            );
            let mirrored = WebhookError::from(error.clone());
            assert_eq!(mirrored.code_name(), code.name());
            assert_eq!(
                mirrored.to_string(),
                error.to_string(),
                "the core's message, unchanged"
            );
        }
    }
}
