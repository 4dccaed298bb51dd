//! What a delivery looks like on the wire, beyond its signature: the facts integrations and test
//! tools share, kept here once so that every language reads them from the vocabulary.

/// The `User-Agent` SharpAPI sends with every delivery.
pub const USER_AGENT: &str = "SharpAPIWebhook/1.0";

/// The body size, in bytes, that the framework integrations accept unless configured otherwise:
/// 16 MiB, far above the largest result a SharpAPI job returns, and small enough that a stranger
/// cannot make an endpoint buffer an unbounded body before its signature is checked.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
