use crate::error::{Result, WebhookError};

/// The header that carries SharpAPI's signature.
pub const SIGNATURE_HEADER: &str = "X-Signature";

/// Finds the `X-Signature` value among a request's header pairs, whatever the case of its name.
///
/// The same value sent twice (after trimming ASCII whitespace) is accepted once; frameworks that
/// keep repeated headers would otherwise turn a harmless duplicate into an error.
///
/// # Errors
/// [`WebhookError::MissingSignature`] when no header has that name;
/// [`WebhookError::MalformedSignature`] when two of them carry different values.
pub fn signature_from_headers<'h, I, K>(headers: I) -> Result<&'h str>
where
    I: IntoIterator<Item = (K, &'h str)>,
    K: AsRef<str>,
{
    let mut found: Option<&'h str> = None;
    for (name, value) in headers {
        if !name.as_ref().eq_ignore_ascii_case(SIGNATURE_HEADER) {
            continue;
        }
        match found {
            None => found = Some(value),
            Some(earlier) if earlier.trim_ascii() == value.trim_ascii() => {}
            Some(_) => return Err(WebhookError::MalformedSignature),
        }
    }
    found.ok_or(WebhookError::MissingSignature)
}
