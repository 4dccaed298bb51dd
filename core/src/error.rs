use core::fmt;

use thiserror::Error;

/// Why a delivery was refused.
///
/// Every variant has a permanent numeric [`ErrorCode`] that the C ABI and every language binding
/// reuse, so an error means the same thing in every language. The messages never contain a secret,
/// and a mismatch says only that the signature did not match, never where.
///
/// Not `#[non_exhaustive]` on purpose: the set of errors is a contract across languages, and a new
/// kind must be handled by every binding, so the compiler should point at every `match` on it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WebhookError {
    /// A webhook secret is empty or is no Unicode text (bytes that are not UTF-8), or a
    /// [`Verifier`](crate::Verifier) was given no secret at all.
    #[error("{}", ErrorCode::InvalidSecret.description())]
    InvalidSecret,

    /// The `X-Signature` header is absent, empty or only whitespace.
    #[error("{}", ErrorCode::MissingSignature.description())]
    MissingSignature,

    /// The `X-Signature` header is not exactly 64 hexadecimal digits, or the request carries two
    /// different `X-Signature` headers.
    #[error("{}", ErrorCode::MalformedSignature.description())]
    MalformedSignature,

    /// The signature is well formed but matches none of the secrets.
    #[error("{}", ErrorCode::InvalidSignature.description())]
    InvalidSignature,

    /// The body is not a SharpAPI webhook event. `detail` is serde_json's message, with the line
    /// and column where parsing stopped.
    #[error("invalid payload: {detail}")]
    InvalidPayload {
        /// What is wrong with the body, and where.
        detail: String,
    },
}

impl WebhookError {
    /// The permanent numeric code of this error.
    #[must_use]
    pub const fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidSecret => ErrorCode::InvalidSecret,
            Self::MissingSignature => ErrorCode::MissingSignature,
            Self::MalformedSignature => ErrorCode::MalformedSignature,
            Self::InvalidSignature => ErrorCode::InvalidSignature,
            Self::InvalidPayload { .. } => ErrorCode::InvalidPayload,
        }
    }
}

/// The permanent number of each [`WebhookError`] kind, shared by every language.
///
/// `0` means success in the C ABI and is never an `ErrorCode`. Codes 100 to 199 are reserved for
/// the foreign-function layer (a NULL pointer, a string that is not UTF-8, a buffer too small);
/// the core never returns them. A retired code is never reused. Exhaustive, like [`WebhookError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ErrorCode {
    /// See [`WebhookError::InvalidSecret`].
    InvalidSecret = 1,
    /// See [`WebhookError::MissingSignature`].
    MissingSignature = 2,
    /// See [`WebhookError::MalformedSignature`].
    MalformedSignature = 3,
    /// See [`WebhookError::InvalidSignature`].
    InvalidSignature = 4,
    /// See [`WebhookError::InvalidPayload`].
    InvalidPayload = 5,
}

impl ErrorCode {
    /// Every code, in numeric order.
    pub const ALL: [Self; 5] = [
        Self::InvalidSecret,
        Self::MissingSignature,
        Self::MalformedSignature,
        Self::InvalidSignature,
        Self::InvalidPayload,
    ];

    /// The code's number.
    #[must_use]
    pub const fn as_u32(self) -> u32 {
        self as u32
    }

    /// The code with this number, if there is one.
    #[must_use]
    pub const fn from_u32(code: u32) -> Option<Self> {
        match code {
            1 => Some(Self::InvalidSecret),
            2 => Some(Self::MissingSignature),
            3 => Some(Self::MalformedSignature),
            4 => Some(Self::InvalidSignature),
            5 => Some(Self::InvalidPayload),
            _ => None,
        }
    }

    /// What the code means, in one sentence that says what to fix; the message of the error
    /// itself, except for [`WebhookError::InvalidPayload`], whose message adds the detail.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::InvalidSecret => {
                "invalid secret: a webhook secret is empty or is no Unicode text, or none was \
                 given; copy the \"Secret for Signature\" \
                 from the SharpAPI webhooks dashboard"
            }
            Self::MissingSignature => {
                "missing signature: the request has no X-Signature header (or it is empty); \
                 SharpAPI signs every webhook it sends"
            }
            Self::MalformedSignature => {
                "malformed signature: X-Signature must be one value of exactly 64 hexadecimal \
                 digits (a hex HMAC-SHA256)"
            }
            Self::InvalidSignature => {
                "invalid signature: X-Signature does not match the body; pass the raw request body \
                 bytes exactly as received (not JSON parsed and serialized again) and check the \
                 webhook secret"
            }
            Self::InvalidPayload => {
                "invalid payload: the verified body is not a SharpAPI webhook event"
            }
        }
    }

    /// The code's name, as the test vectors and every binding spell it (`"InvalidSignature"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::InvalidSecret => "InvalidSecret",
            Self::MissingSignature => "MissingSignature",
            Self::MalformedSignature => "MalformedSignature",
            Self::InvalidSignature => "InvalidSignature",
            Self::InvalidPayload => "InvalidPayload",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `Result` with [`WebhookError`].
pub type Result<T, E = WebhookError> = core::result::Result<T, E>;
