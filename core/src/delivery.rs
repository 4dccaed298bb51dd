//! What a delivery looks like on the wire, beyond its signature: the facts integrations and test
//! tools share, kept here once so that every language reads them from the vocabulary.

use crate::explain::{Escape, write_text};

/// The `User-Agent` SharpAPI sends with every delivery.
pub const USER_AGENT: &str = "SharpAPIWebhook/1.0";

/// The `Content-Type` of every delivery.
pub const CONTENT_TYPE: &str = "application/json";

/// The body size, in bytes, that the framework integrations accept unless configured otherwise:
/// 16 MiB, far above the largest result a SharpAPI job returns, and small enough that a stranger
/// cannot make an endpoint buffer an unbounded body before its signature is checked.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A delivery exactly as SharpAPI would send it, for tests: the body and the headers of a POST,
/// signed with a secret, so that an endpoint's own tests need no signing code of their own.
///
/// ```
/// use sharpapi_webhooks::{TestDelivery, Verifier};
///
/// let delivery = TestDelivery::new(
///     "whsec_test",
///     "0b7e4a6e-1111-4d3b-9a57-3f1f2c1d0e9a",
///     "success",
///     "content_translate",
///     Some(r#"{"content": "Hallo Welt"}"#),
/// )?;
/// let verifier = Verifier::new(["whsec_test"])?;
/// let event = verifier.construct_event_from_headers(delivery.body(), delivery.headers())?;
/// assert_eq!(event.id, "0b7e4a6e-1111-4d3b-9a57-3f1f2c1d0e9a");
/// # Ok::<(), sharpapi_webhooks::WebhookError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestDelivery {
    body: Vec<u8>,
    signature: String,
}

impl TestDelivery {
    /// The delivery of a job's outcome: `{"id", "status", "type"}` and, when given, `result`
    /// (JSON text, written into the body as it is, without surrounding whitespace), in SharpAPI's
    /// order and escaping (PHP's `json_encode`: `\/`, `\u00e9`), signed with `secret`.
    /// `status` and `job_type` may be any text, so that unknown values can be tested too.
    ///
    /// # Errors
    /// [`WebhookError::InvalidSecret`](crate::WebhookError::InvalidSecret) for an empty or
    /// non-UTF-8 secret; [`WebhookError::InvalidPayload`](crate::WebhookError::InvalidPayload)
    /// when `result_json` is not one JSON value that a verifier accepts.
    pub fn new(
        secret: impl AsRef<[u8]>,
        id: &str,
        status: &str,
        job_type: &str,
        result_json: Option<&str>,
    ) -> crate::Result<Self> {
        // Written as SharpAPI's PHP json_encode writes them (`\/`, `\u00e9`), so that a test
        // delivery meets the same bytes a real one brings.
        let mut body = Vec::with_capacity(96 + result_json.map_or(0, str::len));
        for (index, (name, value)) in [("id", id), ("status", status), ("type", job_type)]
            .into_iter()
            .enumerate()
        {
            body.push(if index == 0 { b'{' } else { b',' });
            write_text(&mut body, name, Escape::Php);
            body.push(b':');
            write_text(&mut body, value, Escape::Php);
        }
        if let Some(result_json) = result_json {
            let result: &serde_json::value::RawValue =
                serde_json::from_str(result_json).map_err(|error| {
                    crate::WebhookError::InvalidPayload {
                        detail: format!("the test result is not one JSON value: {error}"),
                    }
                })?;
            body.extend_from_slice(b",\"result\":");
            body.extend_from_slice(result.get().as_bytes());
        }
        body.push(b'}');
        // The verifier's own parser has the last word, so that a test delivery is never one a
        // verifier refuses (a lone surrogate escaped in the result, nesting over the limit).
        crate::parse_event_unverified(&body).map_err(|error| match error {
            crate::WebhookError::InvalidPayload { detail } => crate::WebhookError::InvalidPayload {
                detail: format!("the test result is not one a verifier accepts: {detail}"),
            },
            other => other,
        })?;
        let signature = crate::sign(&body, secret)?;
        Ok(Self { body, signature })
    }

    /// The body, the exact bytes that were signed.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The `X-Signature` value.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The headers SharpAPI sends: `Content-Type`, `User-Agent` and `X-Signature`.
    pub fn headers(&self) -> [(&'static str, &str); 3] {
        [
            ("Content-Type", CONTENT_TYPE),
            ("User-Agent", USER_AGENT),
            (crate::SIGNATURE_HEADER, &self.signature),
        ]
    }
}
