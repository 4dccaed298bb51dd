use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{Result, WebhookError};

/// The length of an HMAC-SHA256 tag in bytes.
const TAG_LEN: usize = 32;

type Tag = [u8; TAG_LEN];

/// One secret, kept as the HMAC state already keyed with it.
///
/// Keeping the keyed state rather than the secret saves hashing the key again for every delivery,
/// and means the secret's text is not held in memory after the verifier is built.
#[derive(Clone)]
pub(crate) struct SigningKey(Hmac<Sha256>);

impl SigningKey {
    /// The key for a secret given as its UTF-8 bytes. A secret is any non-empty Unicode text, NUL
    /// included; bytes that are not UTF-8 are no text (a foreign string that could not be
    /// encoded arrives that way), so they are refused rather than used as a key nobody can type.
    pub(crate) fn new(secret: &[u8]) -> Result<Self> {
        if secret.is_empty() || core::str::from_utf8(secret).is_err() {
            return Err(WebhookError::InvalidSecret);
        }
        Hmac::new_from_slice(secret)
            .map(Self)
            .map_err(|_| WebhookError::InvalidSecret)
    }

    pub(crate) fn tag(&self, raw_body: &[u8]) -> Tag {
        let mut mac = self.0.clone();
        mac.update(raw_body);
        mac.finalize().into_bytes().into()
    }
}

/// Decodes a received `X-Signature` value, as the bytes of the header, into the tag it claims.
///
/// Only ASCII whitespace around the value is trimmed; any other byte that is not one of the 64 hex
/// digits (a NUL, a non-breaking space, a fullwidth digit, a byte that is not UTF-8) makes it
/// malformed, wherever it stands.
pub(crate) fn decode_signature(signature: Option<&[u8]>) -> Result<Tag> {
    let hex_digits = signature.map(<[u8]>::trim_ascii).unwrap_or_default();
    if hex_digits.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    let mut tag = [0_u8; TAG_LEN];
    // decode_to_slice refuses any length other than 2 * TAG_LEN and any non-hex digit.
    hex::decode_to_slice(hex_digits, &mut tag).map_err(|_| WebhookError::MalformedSignature)?;
    Ok(tag)
}

/// Signs `payload` the way SharpAPI does: the lowercase hex HMAC-SHA256 of the exact bytes, keyed
/// by the secret's UTF-8 bytes (`&str`, `String`, or bytes such as `&[u8]`).
///
/// Use it in tests and to simulate deliveries locally.
///
/// # Errors
/// [`WebhookError::InvalidSecret`] when `secret` is empty or its bytes are not UTF-8.
pub fn sign(payload: &[u8], secret: impl AsRef<[u8]>) -> Result<String> {
    SigningKey::new(secret.as_ref()).map(|key| hex::encode(key.tag(payload)))
}
