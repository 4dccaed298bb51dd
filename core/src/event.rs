use core::fmt;
use std::borrow::Cow;

use crate::error::{Result, WebhookError};

/// Declares a wire enum: the values this version knows, each with its exact JSON string, and
/// `Other` for any other string, kept as sent so that a value added by SharpAPI later never makes
/// a delivery fail.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* #[doc = concat!("`\"", $wire, "\"`")] $variant, )+
            /// A value this version does not know, exactly as sent. Parsing never puts a known
            /// value here.
            Other(String),
        }

        impl $name {
            /// Every value this version knows. The order is permanent and new values are appended,
            /// since the C ABI numbers the values by it (the first is 1; `Other` is 0).
            pub const KNOWN: &'static [Self] = &[ $( Self::$variant, )+ ];

            /// The value as it appears in the JSON body.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(wire) => wire,
                }
            }

            /// `false` for [`Other`](Self::Other).
            #[must_use]
            pub const fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }

            fn from_wire(wire: Cow<'_, str>) -> Self {
                match wire.as_ref() {
                    $( $wire => Self::$variant, )+
                    _ => Self::Other(wire.into_owned()),
                }
            }
        }

        impl From<&str> for $name {
            fn from(wire: &str) -> Self {
                Self::from_wire(Cow::Borrowed(wire))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// Where the job stands (`"status"`). A finished job's webhook says `success` or `failed`.
    pub enum JobStatus {
        New = "new",
        Pending = "pending",
        Success = "success",
        Failed = "failed",
    }
}

wire_enum! {
    /// Which SharpAPI endpoint ran the job (`"type"`): the 26 types SharpAPI's clients know.
    pub enum JobType {
        EcommerceReviewSentiment = "ecommerce_review_sentiment",
        EcommerceProductCategories = "ecommerce_product_categories",
        EcommerceProductIntro = "ecommerce_product_intro",
        EcommerceThankYouEmail = "ecommerce_thank_you_email",
        EcommerceProductDescription = "ecommerce_product_description",
        HrParseResume = "hr_parse_resume",
        HrJobDescription = "hr_job_description",
        HrRelatedSkills = "hr_related_skills",
        HrRelatedJobPositions = "hr_related_job_positions",
        HrResumeJobMatchScore = "hr_resume_job_match_score",
        TthReviewSentiment = "tth_review_sentiment",
        TthTaProductCategories = "tth_ta_product_categories",
        TthHospitalityProductCategories = "tth_hospitality_product_categories",
        ContentDetectPhones = "content_detect_phones",
        ContentDetectEmails = "content_detect_emails",
        ContentDetectSpam = "content_detect_spam",
        ContentDetectAddress = "content_detect_address",
        ContentDetectProfanities = "content_detect_profanities",
        ContentDetectUrls = "content_detect_urls",
        ContentDetectAi = "content_detect_ai",
        ContentSummarize = "content_summarize",
        ContentKeywords = "content_keywords",
        ContentTranslate = "content_translate",
        ContentParaphrase = "content_paraphrase",
        ContentProofread = "content_proofread",
        SeoGenerateTags = "seo_generate_tags",
    }
}

/// A finished job, as SharpAPI reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// The job's id (SharpAPI sends a UUID), as sent; never empty. A retried delivery repeats it,
    /// so it is the key for handling each job once.
    pub id: String,
    /// The job's status.
    pub status: JobStatus,
    /// The job's type (the JSON member `"type"`).
    pub job_type: JobType,
    /// The exact JSON text of the `"result"` member, as it stands in the body (nothing parsed
    /// again or re-serialized, so numbers and escapes are untouched); `None` when the member is
    /// absent or `null`. SharpAPI sends it only when "Include AI Job Result" is on.
    pub result: Option<String>,
}

impl WebhookEvent {
    /// `true` when the job succeeded.
    #[must_use]
    pub fn is_success(&self) -> bool {
        self.status == JobStatus::Success
    }
}

/// How deeply arrays and objects may nest in a body, the event object itself being the first
/// level. A deeper body is refused, wherever the depth is, so that the `result` text handed on
/// nests at most 127 levels: within serde_json's own limit (which refuses a whole document of 128)
/// and the defaults of Python's, JavaScript's and PHP's parsers. .NET's System.Text.Json defaults
/// to 64 (`JsonSerializerOptions.MaxDepth` raises it).
pub const MAX_NESTING_DEPTH: usize = 128;

/// Parses a body into a [`WebhookEvent`] **without verifying its signature**.
///
/// For tests and for replaying deliveries already verified and stored; a request from the network
/// goes through [`Verifier::construct_event`](crate::Verifier::construct_event).
///
/// # Errors
/// [`WebhookError::InvalidPayload`], with the line and column where parsing stopped, when the body
/// is not UTF-8, not one JSON object, lacks a non-empty string `"id"` or a string `"status"` or
/// `"type"`, repeats one of the members this parser reads, nests arrays and objects deeper than
/// [`MAX_NESTING_DEPTH`], or escapes a lone surrogate (`"\ud800"`) anywhere.
pub fn parse_event_unverified(raw_body: &[u8]) -> Result<WebhookEvent> {
    let json_text =
        core::str::from_utf8(raw_body).map_err(|error| invalid_utf8(raw_body, &error))?;
    let wire = crate::json::parse_event(json_text)?;
    Ok(WebhookEvent {
        id: wire.id,
        status: JobStatus::from_wire(wire.status),
        job_type: JobType::from_wire(wire.job_type),
        result: wire.result.map(str::to_owned),
    })
}

/// Reports invalid UTF-8 at a line and column counted as serde_json counts them.
fn invalid_utf8(raw_body: &[u8], error: &core::str::Utf8Error) -> WebhookError {
    WebhookError::InvalidPayload {
        detail: format!(
            "invalid UTF-8 at {}",
            crate::json::position(raw_body, error.valid_up_to())
        ),
    }
}
