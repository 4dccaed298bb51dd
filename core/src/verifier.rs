use core::fmt;

use subtle::{Choice, ConstantTimeEq};

use crate::error::{Result, WebhookError};
use crate::event::{WebhookEvent, parse_event_unverified};
use crate::headers::signature_from_headers;
use crate::signature::{SigningKey, decode_signature};

/// Checks deliveries against one or more webhook secrets.
///
/// Build it once, from the current secret and, while you rotate secrets, the previous one too;
/// it is `Send + Sync`, so one verifier serves every request. A signature that matches any of the
/// secrets is accepted. The secrets' text is not kept, and `Debug` shows only how many there are.
#[derive(Clone)]
pub struct Verifier {
    keys: Vec<SigningKey>,
}

impl Verifier {
    /// A verifier that accepts signatures made with any of `secrets`: text (`&str`, `String`) or
    /// its UTF-8 bytes (`&[u8]`, `Vec<u8>`). A secret is any non-empty Unicode text, NUL included,
    /// used exactly as given (not trimmed, not normalized).
    ///
    /// # Errors
    /// [`WebhookError::InvalidSecret`] when `secrets` is empty, or any secret in it is empty or
    /// not UTF-8: such a secret would verify nothing, so it is refused rather than skipped.
    pub fn new<I>(secrets: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        let keys = secrets
            .into_iter()
            .map(|secret| SigningKey::new(secret.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        if keys.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        Ok(Self { keys })
    }

    /// Checks that `signature` (the `X-Signature` header, `None` when absent) signs `raw_body`.
    ///
    /// `raw_body` must be the request body exactly as received: JSON that was parsed and
    /// serialized again has other bytes and fails.
    ///
    /// # Errors
    /// [`WebhookError::MissingSignature`], [`WebhookError::MalformedSignature`] or
    /// [`WebhookError::InvalidSignature`].
    pub fn verify(&self, raw_body: &[u8], signature: Option<&str>) -> Result<()> {
        self.verify_raw(raw_body, signature.map(str::as_bytes))
    }

    /// [`verify`](Self::verify) with the `X-Signature` value as the header's bytes, as HTTP
    /// carries it (`http::HeaderValue::as_bytes`) and as foreign callers pass it: a byte that is
    /// not UTF-8 cannot be a hex digit, so it makes the signature malformed like any other.
    ///
    /// # Errors
    /// As for [`verify`](Self::verify).
    pub fn verify_raw(&self, raw_body: &[u8], signature: Option<&[u8]>) -> Result<()> {
        let claimed = decode_signature(signature)?;
        // Every key is tried and the results combined without branching, so the time taken does
        // not tell which secret matched, or whether any did before the last.
        let matched = self.keys.iter().fold(Choice::from(0), |matched, key| {
            matched | key.tag(raw_body).ct_eq(&claimed)
        });
        if bool::from(matched) {
            Ok(())
        } else {
            Err(WebhookError::InvalidSignature)
        }
    }

    /// `true` when [`verify`](Self::verify) would succeed.
    #[must_use]
    pub fn is_valid(&self, raw_body: &[u8], signature: Option<&str>) -> bool {
        self.verify(raw_body, signature).is_ok()
    }

    /// Verifies the delivery, then parses the verified body into a [`WebhookEvent`].
    ///
    /// # Errors
    /// The errors of [`verify`](Self::verify), then [`WebhookError::InvalidPayload`] for a
    /// verified body that is not a SharpAPI event. An unverified body is never parsed.
    pub fn construct_event(
        &self,
        raw_body: &[u8],
        signature: Option<&str>,
    ) -> Result<WebhookEvent> {
        self.construct_event_raw(raw_body, signature.map(str::as_bytes))
    }

    /// [`construct_event`](Self::construct_event) with the `X-Signature` value as bytes; see
    /// [`verify_raw`](Self::verify_raw).
    ///
    /// # Errors
    /// As for [`construct_event`](Self::construct_event).
    pub fn construct_event_raw(
        &self,
        raw_body: &[u8],
        signature: Option<&[u8]>,
    ) -> Result<WebhookEvent> {
        self.verify_raw(raw_body, signature)?;
        parse_event_unverified(raw_body)
    }

    /// [`construct_event`](Self::construct_event) with the signature looked up in the request's
    /// header pairs by [`signature_from_headers`].
    ///
    /// # Errors
    /// Those of [`signature_from_headers`], then those of
    /// [`construct_event`](Self::construct_event).
    pub fn construct_event_from_headers<I, K, V>(
        &self,
        raw_body: &[u8],
        headers: I,
    ) -> Result<WebhookEvent>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        let signature = signature_from_headers(headers)?;
        self.construct_event_raw(raw_body, Some(signature.as_ref()))
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verifier {{ secrets: [REDACTED; {}] }}", self.keys.len())
    }
}

/// Checks `signature` against one `secret`; see [`Verifier::verify`].
///
/// # Errors
/// [`WebhookError::InvalidSecret`] for an empty secret or one that is not UTF-8 (checked first),
/// then those of [`Verifier::verify`].
pub fn verify(raw_body: &[u8], signature: Option<&str>, secret: impl AsRef<[u8]>) -> Result<()> {
    Verifier::new([secret])?.verify(raw_body, signature)
}

/// Verifies a delivery against one `secret` and parses it; see [`Verifier::construct_event`].
///
/// # Errors
/// [`WebhookError::InvalidSecret`] for an empty secret or one that is not UTF-8, then those of
/// [`Verifier::construct_event`].
pub fn construct_event(
    raw_body: &[u8],
    signature: Option<&str>,
    secret: impl AsRef<[u8]>,
) -> Result<WebhookEvent> {
    Verifier::new([secret])?.construct_event(raw_body, signature)
}
