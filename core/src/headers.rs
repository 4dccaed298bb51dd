use crate::error::{Result, WebhookError};

/// The header that carries SharpAPI's signature.
pub const SIGNATURE_HEADER: &str = "X-Signature";

/// Finds the `X-Signature` value among a request's header pairs, whatever the case of its name.
///
/// Names and values may be text (`&str`) or bytes (`&[u8]`, or `http`'s `HeaderName` and
/// `HeaderValue`, so `headers.iter()` of an axum or hyper request fits as it is). A name matches
/// only when it is `X-Signature` in any ASCII case, nothing around it. The same value sent twice
/// (after trimming ASCII whitespace) is accepted once; frameworks that keep repeated headers would
/// otherwise turn a harmless duplicate into an error.
///
/// # Errors
/// [`WebhookError::MissingSignature`] when no header has that name;
/// [`WebhookError::MalformedSignature`] when two of them carry different values.
pub fn signature_from_headers<I, K, V>(headers: I) -> Result<V>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<[u8]>,
    V: AsRef<[u8]>,
{
    let mut found: Option<V> = None;
    for (name, value) in headers {
        if !name
            .as_ref()
            .eq_ignore_ascii_case(SIGNATURE_HEADER.as_bytes())
        {
            continue;
        }
        match &found {
            None => found = Some(value),
            Some(earlier) if earlier.as_ref().trim_ascii() == value.as_ref().trim_ascii() => {}
            Some(_) => return Err(WebhookError::MalformedSignature),
        }
    }
    found.ok_or(WebhookError::MissingSignature)
}
