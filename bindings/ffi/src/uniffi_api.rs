//! The UniFFI surface: mirror types with `From` conversions, and one-line hand-offs to the core.
//!
//! Bodies and signatures cross as `&[u8]`, which UniFFI passes without copying; the secrets live
//! in the `Verifier` object, so checking a delivery costs one call into Rust.

use std::sync::Arc;

use crate::errors::WebhookError;

/// Declares the mirror of one of the core's wire enums, with the same variants and `Other`.
macro_rules! mirror_wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident,)+ }) => {
        $(#[$meta])*
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
    };
}

mirror_wire_enum! {
    /// Where the job stands (`"status"`): `success` or `failed` once it finished.
    JobStatus { New, Pending, Success, Failed, }
}

mirror_wire_enum! {
    /// Which SharpAPI endpoint ran the job (`"type"`).
    JobType {
        EcommerceReviewSentiment, EcommerceProductCategories, EcommerceProductIntro,
        EcommerceThankYouEmail, EcommerceProductDescription, HrParseResume, HrJobDescription,
        HrRelatedSkills, HrRelatedJobPositions, HrResumeJobMatchScore, TthReviewSentiment,
        TthTaProductCategories, TthHospitalityProductCategories, ContentDetectPhones,
        ContentDetectEmails, ContentDetectSpam, ContentDetectAddress, ContentDetectProfanities,
        ContentDetectUrls, ContentDetectAi, ContentSummarize, ContentKeywords, ContentTranslate,
        ContentParaphrase, ContentProofread, SeoGenerateTags,
    }
}

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

/// One header of the request, as the web framework gives it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    /// The header's name, in any case.
    pub name: String,
    /// The header's value.
    pub value: String,
}

/// The `X-Signature` value as the core takes it: empty means absent, and bytes that are not
/// UTF-8 cannot be 64 hex digits.
fn signature_text(signature: &[u8]) -> Result<&str, WebhookError> {
    std::str::from_utf8(signature)
        .map_err(|_| sharpapi_webhooks::WebhookError::MalformedSignature.into())
}

/// Checks deliveries against one or more webhook secrets; build it once and share it.
#[derive(Debug, uniffi::Object)]
pub struct Verifier(sharpapi_webhooks::Verifier);

#[uniffi::export]
impl Verifier {
    /// A verifier that accepts signatures made with any of `secrets` (two while rotating).
    #[uniffi::constructor]
    pub fn new(secrets: Vec<String>) -> Result<Arc<Self>, WebhookError> {
        Ok(Arc::new(Self(sharpapi_webhooks::Verifier::new(secrets)?)))
    }

    /// Checks that `signature` (the `X-Signature` value; empty when absent) signs `raw_body`,
    /// the request body exactly as received.
    pub fn verify(&self, raw_body: &[u8], signature: &[u8]) -> Result<(), WebhookError> {
        Ok(self.0.verify(raw_body, Some(signature_text(signature)?))?)
    }

    /// Whether `verify` would succeed.
    pub fn is_valid(&self, raw_body: &[u8], signature: &[u8]) -> bool {
        signature_text(signature).is_ok_and(|signature| self.0.is_valid(raw_body, Some(signature)))
    }

    /// Verifies the delivery, then parses the verified body.
    pub fn construct_event(
        &self,
        raw_body: &[u8],
        signature: &[u8],
    ) -> Result<WebhookEvent, WebhookError> {
        Ok(self
            .0
            .construct_event(raw_body, Some(signature_text(signature)?))?
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
            .map(|header| (header.name.as_str(), header.value.as_str()));
        Ok(self.0.construct_event_from_headers(raw_body, pairs)?.into())
    }
}

/// The lowercase hex HMAC-SHA256 of `payload` under `secret`, as SharpAPI signs.
#[uniffi::export]
pub fn sign(payload: &[u8], secret: String) -> Result<String, WebhookError> {
    Ok(sharpapi_webhooks::sign(payload, &secret)?)
}

/// Checks `signature` (empty when absent) against `raw_body` under one `secret`.
#[uniffi::export]
pub fn verify(raw_body: &[u8], signature: &[u8], secret: String) -> Result<(), WebhookError> {
    Ok(sharpapi_webhooks::verify(
        raw_body,
        Some(signature_text(signature)?),
        &secret,
    )?)
}

/// Parses a body WITHOUT verifying it: for tests and for replaying stored, verified deliveries.
#[uniffi::export]
pub fn parse_event_unverified(raw_body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    Ok(sharpapi_webhooks::parse_event_unverified(raw_body)?.into())
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
    }

    #[test]
    fn a_signature_that_is_not_utf8_is_malformed() {
        let verifier = Verifier::new(vec!["secret".into()]).unwrap();
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
