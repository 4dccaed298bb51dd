//! The file `listen --record` appends to and `replay` reads: one JSON object per line, per POST,
//! with every header as received (in order, repeats kept) and the body in base64, so that its
//! exact bytes survive whatever they are.
//!
//! ```json
//! {"received_at":"2026-05-01T12:00:00.123Z","method":"POST","path":"/webhooks/sharpapi","headers":[["Content-Type","application/json"],["X-Signature","5d41..."]],"body_base64":"eyJpZCI6..."}
//! ```

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use crate::failure::Failure;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct RecordedDelivery {
    /// When it arrived, RFC 3339 in UTC.
    pub(crate) received_at: String,
    pub(crate) method: String,
    pub(crate) path: String,
    /// Every header as received, name and value, in order.
    pub(crate) headers: Vec<(String, String)>,
    /// The body's exact bytes, base64 (standard alphabet, padded).
    pub(crate) body_base64: String,
}

impl RecordedDelivery {
    pub(crate) fn new(
        received_at: String,
        method: String,
        path: String,
        headers: Vec<(String, String)>,
        body: &[u8],
    ) -> Self {
        Self {
            received_at,
            method,
            path,
            headers,
            body_base64: STANDARD.encode(body),
        }
    }

    pub(crate) fn body(&self) -> Result<Vec<u8>, base64::DecodeError> {
        STANDARD.decode(&self.body_base64)
    }
}

/// An open record file; each delivery is one `write` of one line, flushed at once, so a listener
/// stopped with Ctrl-C leaves only whole lines.
pub(crate) struct Recorder {
    file: File,
    path: PathBuf,
}

impl Recorder {
    pub(crate) fn open(path: &Path) -> Result<Self, Failure> {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map(|file| Self {
                file,
                path: path.to_owned(),
            })
            .map_err(|error| {
                Failure::Io(format!("cannot open {} to record: {error}", path.display()))
            })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn append(&mut self, delivery: &RecordedDelivery) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(delivery)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.flush()
    }
}

/// Every delivery of a record file's text, or the first line that is not one.
pub(crate) fn parse_records(text: &[u8], name: &str) -> Result<Vec<RecordedDelivery>, Failure> {
    let mut deliveries = Vec::new();
    for (index, line) in text.split(|byte| *byte == b'\n').enumerate() {
        if line.trim_ascii().is_empty() {
            continue;
        }
        let delivery: RecordedDelivery = serde_json::from_slice(line).map_err(|error| {
            Failure::Io(format!(
                "{name} line {}: not a recorded delivery: {error}",
                index + 1
            ))
        })?;
        delivery.body().map_err(|error| {
            Failure::Io(format!(
                "{name} line {}: body_base64 is not base64: {error}",
                index + 1
            ))
        })?;
        deliveries.push(delivery);
    }
    if deliveries.is_empty() {
        return Err(Failure::Io(format!("{name} holds no recorded delivery")));
    }
    Ok(deliveries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_keeps_every_byte_and_every_header() {
        let body = b"{\"id\":\"x\"}\r\n\xff\x00 \xef\xbb\xbf";
        let headers = vec![
            ("X-Signature".to_owned(), "a".to_owned()),
            ("x-signature".to_owned(), "b".to_owned()),
        ];
        let delivery = RecordedDelivery::new(
            "2026-05-01T12:00:00.123Z".into(),
            "POST".into(),
            "/".into(),
            headers.clone(),
            body,
        );
        let mut line = serde_json::to_vec(&delivery).unwrap();
        line.extend_from_slice(b"\n\n");
        let parsed = parse_records(&line, "test").unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].body().unwrap(), body);
        assert_eq!(parsed[0].headers, headers);
    }

    #[test]
    fn a_bad_line_is_named() {
        let error = parse_records(b"\n{\"method\":1}\n", "deliveries.jsonl").unwrap_err();
        assert!(error.to_string().starts_with("deliveries.jsonl line 2:"));
        assert!(parse_records(b"", "empty").is_err());
    }
}
