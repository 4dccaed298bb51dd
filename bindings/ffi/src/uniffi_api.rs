//! The UniFFI surface: mirror types with `From` conversions, and one-line hand-offs to the core.
//!
//! Bodies and signatures cross as `&[u8]`, which UniFFI passes without copying; the secrets live
//! in the `Verifier` object, so checking a delivery costs one call into Rust.

use std::sync::Arc;

use crate::errors::WebhookError;

/// Declares the mirror of one of the core's wire enums, with the same variants and `Other`, and
/// the exported `wire_text()` that gives each value exactly as the JSON body spells it, so that no
/// foreign language keeps a table of its own.
macro_rules! mirror_wire_enum {
    ($name:ident { $($variant:ident,)+ }) => {
        /// One of the core's wire enums (`"status"` or `"type"`): each value this version knows,
        /// or `Other` with the text as sent.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
        #[allow(missing_docs, reason = "each known variant is the core's of the same name")]
        pub enum $name {
            $( $variant, )+
            /// A value this version does not know, exactly as sent.
            Other(String),
        }

        impl From<sharpapi_webhooks::$name> for $name {
            fn from(value: sharpapi_webhooks::$name) -> Self {
                match value {
                    $( sharpapi_webhooks::$name::$variant => Self::$variant, )+
                    // `Other`, and any value that a newer core knows before this mirror does.
                    other => Self::Other(other.as_str().to_owned()),
                }
            }
        }

        #[uniffi::export]
        impl $name {
            /// The value exactly as the JSON body spells it (`"content_translate"`).
            pub fn wire_text(&self) -> String {
                match self {
                    $( Self::$variant => sharpapi_webhooks::$name::$variant.as_str().to_owned(), )+
                    Self::Other(text) => text.clone(),
                }
            }
        }
    };
}

known_job_statuses!(mirror_wire_enum);
known_job_types!(mirror_wire_enum);

/// A finished job, as SharpAPI reports it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WebhookEvent {
    /// The job's id, as sent; never empty. Retries repeat it: handle each id once.
    pub id: String,
    /// The job's status.
    pub status: JobStatus,
    /// The job's type (the JSON member `"type"`).
    pub job_type: JobType,
    /// The exact JSON text of `"result"`, or none when it is absent or `null`.
    pub result: Option<String>,
}

impl From<sharpapi_webhooks::WebhookEvent> for WebhookEvent {
    fn from(event: sharpapi_webhooks::WebhookEvent) -> Self {
        let sharpapi_webhooks::WebhookEvent {
            id,
            status,
            job_type,
            result,
            ..
        } = event;
        Self {
            id,
            status: status.into(),
            job_type: job_type.into(),
            result,
        }
    }
}

/// One header of the request, as the web framework gives it: name and value as bytes (UTF-8
/// where they are text); a repeated header is several of these.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    /// The header's name, in any case.
    pub name: Vec<u8>,
    /// The header's value, exactly as received.
    pub value: Vec<u8>,
}

/// Checks deliveries against one or more webhook secrets; build it once and share it.
#[derive(Debug, uniffi::Object)]
pub struct Verifier(sharpapi_webhooks::Verifier);

#[uniffi::export]
impl Verifier {
    /// A verifier that accepts signatures made with any of `secrets` (two while rotating), each
    /// the UTF-8 bytes of a non-empty text; bytes that are not UTF-8 are `InvalidSecret`.
    #[uniffi::constructor]
    pub fn new(secrets: Vec<Vec<u8>>) -> Result<Arc<Self>, WebhookError> {
        Ok(Arc::new(Self(sharpapi_webhooks::Verifier::new(secrets)?)))
    }

    /// Checks that `signature` (the `X-Signature` value; empty when absent) signs `raw_body`,
    /// the request body exactly as received.
    pub fn verify(&self, raw_body: &[u8], signature: &[u8]) -> Result<(), WebhookError> {
        Ok(self.0.verify_raw(raw_body, Some(signature))?)
    }

    /// Whether `verify` would succeed.
    pub fn is_valid(&self, raw_body: &[u8], signature: &[u8]) -> bool {
        self.0.verify_raw(raw_body, Some(signature)).is_ok()
    }

    /// Verifies the delivery, then parses the verified body.
    pub fn construct_event(
        &self,
        raw_body: &[u8],
        signature: &[u8],
    ) -> Result<WebhookEvent, WebhookError> {
        Ok(self
            .0
            .construct_event_raw(raw_body, Some(signature))?
            .into())
    }

    /// `construct_event`, with `X-Signature` looked up in the request's headers (any case).
    pub fn construct_event_from_headers(
        &self,
        raw_body: &[u8],
        headers: Vec<HttpHeader>,
    ) -> Result<WebhookEvent, WebhookError> {
        let pairs = headers
            .iter()
            .map(|header| (header.name.as_slice(), header.value.as_slice()));
        Ok(self.0.construct_event_from_headers(raw_body, pairs)?.into())
    }
}

/// The lowercase hex HMAC-SHA256 of `payload` under `secret` (its UTF-8 bytes), as SharpAPI
/// signs.
#[uniffi::export]
pub fn sign(payload: &[u8], secret: &[u8]) -> Result<String, WebhookError> {
    Ok(sharpapi_webhooks::sign(payload, secret)?)
}

/// Checks `signature` (empty when absent) against `raw_body` under one `secret` (its UTF-8
/// bytes).
#[uniffi::export]
pub fn verify(raw_body: &[u8], signature: &[u8], secret: &[u8]) -> Result<(), WebhookError> {
    Ok(sharpapi_webhooks::Verifier::new([secret])?.verify_raw(raw_body, Some(signature))?)
}

/// Parses a body WITHOUT verifying it: for tests and for replaying stored, verified deliveries.
#[uniffi::export]
pub fn parse_event_unverified(raw_body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    Ok(sharpapi_webhooks::parse_event_unverified(raw_body)?.into())
}

/// Declares the mirror of the core's `Cause`, with the same variants, and its exported
/// `wire_text()` and `description()`.
macro_rules! mirror_cause {
    ($name:ident { $($variant:ident,)+ }) => {
        /// What `explain` found: one change between the delivery as received and as signed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        #[allow(missing_docs, reason = "each variant is the core's of the same name")]
        pub enum $name {
            $( $variant, )+
        }

        impl From<sharpapi_webhooks::$name> for $name {
            fn from(value: sharpapi_webhooks::$name) -> Self {
                match value {
                    $( sharpapi_webhooks::$name::$variant => Self::$variant, )+
                    // A cause a newer core knows before this mirror does.
                    _ => Self::Unexplained,
                }
            }
        }

        impl From<$name> for sharpapi_webhooks::$name {
            fn from(value: $name) -> Self {
                match value {
                    $( $name::$variant => Self::$variant, )+
                }
            }
        }

        #[uniffi::export]
        impl $name {
            /// Its name as data spells it (`"json_whitespace"`).
            pub fn wire_text(&self) -> String {
                sharpapi_webhooks::$name::from(*self).as_str().to_owned()
            }

            /// One sentence for the endpoint's owner: what happened and what to do.
            pub fn description(&self) -> String {
                sharpapi_webhooks::$name::from(*self).description().to_owned()
            }
        }
    };
}

known_causes!(mirror_cause);

/// Explains why `signature` (empty when absent) does or does not sign `raw_body` with any of
/// `secrets`: the usual changes (re-serialized JSON, line endings, a BOM, whitespace around a
/// secret, a `sha256=` prefix) that make it match. For debugging, never for every request; show
/// the finding to the endpoint's owner, never to the sender.
#[uniffi::export]
pub fn explain(raw_body: &[u8], signature: &[u8], secrets: Vec<Vec<u8>>) -> Vec<Cause> {
    let signature = (!signature.is_empty()).then_some(signature);
    sharpapi_webhooks::explain(raw_body, signature, &secrets)
        .causes()
        .iter()
        .map(|&cause| cause.into())
        .collect()
}

/// [`explain`] with the signature looked up among the request's `headers` as
/// `signature_from_headers` finds it: none is `MissingSignature`, two that differ
/// `MalformedSignature`.
#[uniffi::export]
pub fn explain_from_headers(
    raw_body: &[u8],
    headers: Vec<HttpHeader>,
    secrets: Vec<Vec<u8>>,
) -> Vec<Cause> {
    let pairs = headers.iter().map(|header| (&header.name, &header.value));
    sharpapi_webhooks::explain_from_headers(raw_body, pairs, &secrets)
        .causes()
        .iter()
        .map(|&cause| cause.into())
        .collect()
}

/// A delivery exactly as SharpAPI would send it, for tests.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TestDelivery {
    /// The body: the exact bytes that were signed.
    pub body: Vec<u8>,
    /// The headers SharpAPI sends: `Content-Type`, `User-Agent` and `X-Signature`.
    pub headers: Vec<HttpHeader>,
    /// The `X-Signature` value, also among `headers`.
    pub signature: String,
}

/// Builds a signed delivery of a job's outcome for tests: `result_json` (JSON text, written as
/// it is without surrounding whitespace) when given, in SharpAPI's member order and escaping
/// (`\/`, `\u00e9`), signed with `secret` (its UTF-8 bytes). `InvalidPayload` when
/// `result_json` is not one JSON value a verifier accepts.
#[uniffi::export]
pub fn test_delivery(
    secret: &[u8],
    id: &str,
    status: &str,
    job_type: &str,
    result_json: Option<String>,
) -> Result<TestDelivery, WebhookError> {
    let delivery =
        sharpapi_webhooks::TestDelivery::new(secret, id, status, job_type, result_json.as_deref())?;
    let headers = delivery
        .headers()
        .iter()
        .map(|(name, value)| HttpHeader {
            name: name.as_bytes().to_vec(),
            value: value.as_bytes().to_vec(),
        })
        .collect();
    Ok(TestDelivery {
        body: delivery.body().to_vec(),
        headers,
        signature: delivery.signature().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_value_has_its_own_mirror() {
        let statuses: Vec<JobStatus> = sharpapi_webhooks::JobStatus::KNOWN
            .iter()
            .cloned()
            .map(JobStatus::from)
            .collect();
        assert!(
            statuses
                .iter()
                .all(|status| !matches!(status, JobStatus::Other(_))),
            "{statuses:?}"
        );
        let types: Vec<JobType> = sharpapi_webhooks::JobType::KNOWN
            .iter()
            .cloned()
            .map(JobType::from)
            .collect();
        assert!(
            types
                .iter()
                .all(|job_type| !matches!(job_type, JobType::Other(_))),
            "{types:?}"
        );
        let distinct: std::collections::HashSet<&JobType> = types.iter().collect();
        assert_eq!(distinct.len(), types.len());
    }

    #[test]
    fn unknown_values_keep_their_text() {
        let mirrored = JobType::from(sharpapi_webhooks::JobType::from("content_new"));
        assert_eq!(mirrored, JobType::Other("content_new".into()));
        assert_eq!(mirrored.wire_text(), "content_new");
    }

    #[test]
    fn every_mirror_gives_the_cores_wire_text() {
        for status in sharpapi_webhooks::JobStatus::KNOWN {
            assert_eq!(JobStatus::from(status.clone()).wire_text(), status.as_str());
        }
        for job_type in sharpapi_webhooks::JobType::KNOWN {
            assert_eq!(
                JobType::from(job_type.clone()).wire_text(),
                job_type.as_str()
            );
        }
    }

    #[test]
    fn a_signature_that_is_not_utf8_is_malformed() {
        let verifier = Verifier::new(vec![b"secret".to_vec()]).unwrap();
        assert!(matches!(
            verifier.verify(b"{}", b"\xff"),
            Err(WebhookError::MalformedSignature(_))
        ));
        assert!(matches!(
            verifier.verify(b"{}", b""),
            Err(WebhookError::MissingSignature(_))
        ));
        assert!(!verifier.is_valid(b"{}", b"\xff"));
    }
}
