//! The native library of sharpapi-webhooks: the core exposed through UniFFI (Kotlin, Swift) and
//! through a C ABI (C programs, Python, .NET, Node.js, PHP). A thin shell: every function converts its
//! arguments, calls the core once and converts the answer; the behaviour is the core's.

uniffi::setup_scaffolding!("sharpapi_webhooks");

// Written by tests/vocabulary.rs, laid out as generated.
#[macro_use]
#[rustfmt::skip]
mod vocabulary;
mod c_api;
mod errors;
mod uniffi_api;

pub use c_api::*;
pub use errors::{WebhookError, sharpapi_status_t};
pub use uniffi_api::{
    Cause, HttpHeader, JobStatus, JobType, TestDelivery, Verifier, WebhookEvent, explain,
    explain_from_headers, parse_event_unverified, sign, test_delivery, verify,
};
