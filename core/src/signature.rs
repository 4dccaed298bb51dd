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
    pub(crate) fn new(secret: &str) -> Result<Self> {
        if secret.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        Hmac::new_from_slice(secret.as_bytes())
            .map(Self)
            .map_err(|_| WebhookError::InvalidSecret)
    }

    pub(crate) fn tag(&self, raw_body: &[u8]) -> Tag {
        let mut mac = self.0.clone();
        mac.update(raw_body);
        mac.finalize().into_bytes().into()
    }
}

/// Decodes a received `X-Signature` value into the tag it claims.
pub(crate) fn decode_signature(signature: Option<&str>) -> Result<Tag> {
    let hex_text = signature.map(str::trim_ascii).unwrap_or_default();
    if hex_text.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    let mut tag = [0_u8; TAG_LEN];
    // decode_to_slice refuses any length other than 2 * TAG_LEN and any non-hex digit.
    hex::decode_to_slice(hex_text, &mut tag).map_err(|_| WebhookError::MalformedSignature)?;
    Ok(tag)
}

/// Signs `payload` the way SharpAPI does: the lowercase hex HMAC-SHA256 of the exact bytes, keyed
/// by the secret's UTF-8 bytes.
///
/// Use it in tests and to simulate deliveries locally.
///
/// # Errors
/// [`WebhookError::InvalidSecret`] when `secret` is empty.
pub fn sign(payload: &[u8], secret: &str) -> Result<String> {
    SigningKey::new(secret).map(|key| hex::encode(key.tag(payload)))
}
