//! The client side: one POST with exactly the given headers and body, and its answer.
//!
//! ureq is blocking and small, and adds no header of its own here (no `User-Agent`, `Accept` or
//! `Accept-Encoding`), so what is sent is what `send` built or `listen` received; only `Host` and
//! `Content-Length` are the client's, since they describe this connection and this body.

use std::time::{Duration, Instant};

use ureq::config::AutoHeaderValue;

/// Headers that describe one hop, never forwarded or replayed: the client writes its own.
const HOP_BY_HOP: [&str; 9] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "upgrade",
    "expect",
];

/// The most of an answer's body that is kept (to print and to relay).
const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

/// Whether a received header is sent on by `listen --forward-to` and `replay`.
pub(crate) fn is_end_to_end(name: &str) -> bool {
    !HOP_BY_HOP
        .iter()
        .any(|hop| hop.eq_ignore_ascii_case(name.trim()))
}

/// An answer to a POST.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Vec<u8>,
    pub(crate) elapsed: Duration,
}

impl Answer {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// `401 Unauthorized in 3 ms: {"error":...}`, the body cut to one short line.
    pub(crate) fn summary(&self) -> String {
        let reason = ureq::http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|status| status.canonical_reason())
            .unwrap_or("");
        let mut line = format!(
            "{} {reason} in {} ms",
            self.status,
            self.elapsed.as_millis()
        );
        let text = String::from_utf8_lossy(&self.body);
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let text = text.trim();
        if !text.is_empty() {
            line.push_str(": ");
            let mut shown: String = text.chars().take(200).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            line.push_str(&shown);
        }
        line
    }
}

/// A client that follows no redirect (a 3xx is an answer, as SharpAPI takes it) and turns no
/// status into an error.
pub(crate) fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(timeout))
        .user_agent(AutoHeaderValue::None)
        .accept(AutoHeaderValue::None)
        .accept_encoding(AutoHeaderValue::None)
        .build()
        .into()
}

/// POSTs `body` with `headers` (hop-by-hop ones left out) to `url`.
///
/// # Errors
/// Why no answer came, in one line: a refused connection, a timeout, a header that HTTP cannot
/// carry.
pub(crate) fn post<'a>(
    agent: &ureq::Agent,
    url: &str,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    body: &[u8],
) -> Result<Answer, String> {
    let started = Instant::now();
    let mut request = agent.post(url);
    for (name, value) in headers {
        if is_end_to_end(name) {
            request = request.header(name, value);
        }
    }
    let mut response = request.send(body).map_err(|error| error.to_string())?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER_BYTES)
        .read_to_vec()
        .map_err(|error| format!("the answer's body could not be read: {error}"))?;
    Ok(Answer {
        status,
        content_type,
        body,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_end_to_end_headers_go_on() {
        for name in ["X-Signature", "user-agent", "Content-Type", "X-Request-Id"] {
            assert!(is_end_to_end(name), "{name}");
        }
        for name in [
            "Host",
            "content-length",
            "Transfer-Encoding",
            "Connection",
            "Expect",
        ] {
            assert!(!is_end_to_end(name), "{name}");
        }
    }
}
