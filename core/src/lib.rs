#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod delivery;
mod error;
mod event;
mod explain;
mod headers;
mod json;
mod signature;
mod verifier;

pub use delivery::{CONTENT_TYPE, DEFAULT_MAX_BODY_BYTES, TestDelivery, USER_AGENT};
pub use error::{ErrorCode, Result, WebhookError};
pub use event::{JobStatus, JobType, MAX_NESTING_DEPTH, WebhookEvent, parse_event_unverified};
pub use explain::{Cause, Explanation, explain, explain_from_headers};
pub use headers::{SIGNATURE_HEADER, signature_from_headers};
pub use signature::sign;
pub use verifier::{Verifier, construct_event, verify};
