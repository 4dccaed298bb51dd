use core::fmt;
use std::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde_json::value::RawValue;

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
    let wire: WireEvent<'_> =
        serde_json::from_str(json_text).map_err(|error| WebhookError::InvalidPayload {
            detail: error.to_string(),
        })?;
    check_skipped_members(raw_body)?;
    Ok(WebhookEvent {
        id: wire.id,
        status: JobStatus::from_wire(wire.status),
        job_type: JobType::from_wire(wire.job_type),
        result: wire.result.map(|raw| raw.get().to_owned()),
    })
}

/// Reports invalid UTF-8 at a line and column counted as serde_json counts them.
fn invalid_utf8(raw_body: &[u8], error: &core::str::Utf8Error) -> WebhookError {
    WebhookError::InvalidPayload {
        detail: format!(
            "invalid UTF-8 at {}",
            position(raw_body, error.valid_up_to())
        ),
    }
}

/// Refuses what serde_json lets through in the members it skips without decoding (`result` and
/// those this parser does not read) and what some platforms' parsers refuse outright: arrays and
/// objects nested deeper than [`MAX_NESTING_DEPTH`], and an escaped lone surrogate (`"\ud800"`),
/// which is no Unicode text and which PHP's and .NET's parsers refuse. Numbers stay as sent, even
/// beyond a double's range: `serde_json::Value` refuses `1e400` where JavaScript and Python read
/// infinity, and the exact text is what `result` promises. The body is already valid JSON.
fn check_skipped_members(json: &[u8]) -> Result<()> {
    // Most bodies can break neither rule: too few openings to nest that deep, and no escape at
    // all. Each test is one vectorised pass, far cheaper than the walk below.
    let may_nest_too_deep = openings(json) > MAX_NESTING_DEPTH;
    if !may_nest_too_deep && !json.contains(&b'\\') {
        return Ok(());
    }
    let invalid = |what: String, offset: usize| WebhookError::InvalidPayload {
        detail: format!("{what} at {}", position(json, offset)),
    };
    let (mut depth, mut in_string, mut offset) = (0_usize, false, 0_usize);
    // The low surrogate that must come next, after a high one, and where the high one stood.
    let mut pending_high: Option<usize> = None;
    while let Some(&byte) = json.get(offset) {
        if in_string {
            match byte {
                b'\\' => {
                    let escape = json.get(offset + 1).copied();
                    let unit = (escape == Some(b'u'))
                        .then(|| hex_unit(json, offset + 2))
                        .flatten();
                    match (unit, pending_high.take()) {
                        (Some(0xDC00..=0xDFFF), Some(_)) => {}
                        (_, Some(high)) => {
                            return Err(invalid("lone surrogate escape".into(), high));
                        }
                        (Some(0xD800..=0xDBFF), None) => pending_high = Some(offset),
                        (Some(0xDC00..=0xDFFF), None) => {
                            return Err(invalid("lone surrogate escape".into(), offset));
                        }
                        _ => {}
                    }
                    offset += if unit.is_some() { 6 } else { 2 };
                    continue;
                }
                _ if pending_high.is_some() => {
                    return Err(invalid(
                        "lone surrogate escape".into(),
                        pending_high.unwrap_or(offset),
                    ));
                }
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING_DEPTH {
                        return Err(invalid(
                            format!(
                                "arrays and objects nested deeper than {MAX_NESTING_DEPTH} levels"
                            ),
                            offset,
                        ));
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        offset += 1;
    }
    Ok(())
}

/// How many `[` and `{` bytes `json` holds, strings included. `[` (0x5B) and `{` (0x7B) differ only
/// in bit 0x20, so one comparison finds both, and counting in `u8` per chunk of 255 lets the
/// compiler vectorise the loop (a plain `filter().count()` ran 15 times slower per KiB).
fn openings(json: &[u8]) -> usize {
    json.chunks(usize::from(u8::MAX))
        .map(|chunk| {
            let count = chunk
                .iter()
                .fold(0_u8, |count, &byte| count + u8::from(byte | 0x20 == b'{'));
            usize::from(count)
        })
        .sum()
}

/// The UTF-16 code unit of the four hex digits of a `\u` escape that start at `offset`.
fn hex_unit(json: &[u8], offset: usize) -> Option<u16> {
    let digits = core::str::from_utf8(json.get(offset..offset + 4)?).ok()?;
    u16::from_str_radix(digits, 16).ok()
}

/// `line L column C` of the byte at `offset`, both from 1, as serde_json's messages say it.
fn position(text: &[u8], offset: usize) -> String {
    let before = text.get(..offset).unwrap_or_default();
    let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
    let column = 1 + before
        .iter()
        .rev()
        .take_while(|&&byte| byte != b'\n')
        .count();
    format!("line {line} column {column}")
}

/// The members of the body that this parser reads, borrowed from it where no escape forces a copy.
struct WireEvent<'a> {
    id: String,
    status: Cow<'a, str>,
    job_type: Cow<'a, str>,
    result: Option<&'a RawValue>,
}

/// A JSON string borrowed from the body when it has no escapes.
#[derive(serde::Deserialize)]
struct WireText<'a>(#[serde(borrow)] Cow<'a, str>);

#[derive(serde::Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Member {
    Id,
    Status,
    Type,
    Result,
    #[serde(other)]
    Ignored,
}

impl<'de: 'a, 'a> Deserialize<'de> for WireEvent<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // By hand rather than derived: a derived struct would also accept a JSON array, by
        // position, and SharpAPI sends only objects.
        deserializer.deserialize_map(WireEventVisitor)
    }
}

struct WireEventVisitor;

impl<'de> Visitor<'de> for WireEventVisitor {
    type Value = WireEvent<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a SharpAPI webhook event: a JSON object with \"id\", \"status\" and \"type\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut id: Option<String> = None;
        let mut status: Option<Cow<'de, str>> = None;
        let mut job_type: Option<Cow<'de, str>> = None;
        let mut result: Option<Option<&'de RawValue>> = None;
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Id => set_once(&mut id, "id", next_id(&mut map)?)?,
                Member::Status => {
                    set_once(&mut status, "status", map.next_value::<WireText<'de>>()?.0)?
                }
                Member::Type => {
                    set_once(&mut job_type, "type", map.next_value::<WireText<'de>>()?.0)?
                }
                Member::Result => set_once(&mut result, "result", map.next_value()?)?,
                Member::Ignored => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(WireEvent {
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            status: status.ok_or_else(|| de::Error::missing_field("status"))?,
            job_type: job_type.ok_or_else(|| de::Error::missing_field("type"))?,
            result: result.flatten(),
        })
    }
}

fn next_id<'de, A: MapAccess<'de>>(map: &mut A) -> Result<String, A::Error> {
    let id: String = map.next_value()?;
    if id.is_empty() {
        return Err(de::Error::invalid_value(
            Unexpected::Str(&id),
            &"a non-empty job id",
        ));
    }
    Ok(id)
}

/// Refuses a repeated member: parsers disagree on which copy wins, so a body that repeats one is
/// ambiguous and not something SharpAPI sends.
fn set_once<T, E: de::Error>(
    slot: &mut Option<T>,
    member: &'static str,
    value: T,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(member));
    }
    *slot = Some(value);
    Ok(())
}
