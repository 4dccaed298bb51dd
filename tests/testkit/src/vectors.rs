//! The shared test vectors (`tests/vectors/*.json`, schema in that folder's README) as Rust
//! values, and a runner that names every vector that fails.

use std::fmt::Debug;
use std::path::Path;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// Every vector file, by name.
pub const FILES: [&str; 6] = [
    "signatures.json",
    "bodies.json",
    "secrets.json",
    "events.json",
    "payload_errors.json",
    "headers.json",
];

/// One file of vectors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorFile {
    /// What the file covers.
    pub title: String,
    /// How the expected values were made.
    pub source: String,
    /// The vectors.
    pub vectors: Vec<Vector>,
}

/// One delivery and what every implementation must make of it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// Unique across all files.
    pub name: String,
    /// What the vector shows.
    pub description: String,
    /// The raw body as UTF-8 text, when it is text.
    pub body: Option<String>,
    /// The raw body in base64, when it is not UTF-8.
    pub body_base64: Option<String>,
    /// The verifier's secrets.
    pub secrets: Vec<Secret>,
    /// The `X-Signature` value; `None` when absent (or when `headers` is given).
    pub signature: Option<String>,
    /// The request's headers, when the signature is looked up in them.
    pub headers: Option<Vec<(String, String)>>,
    /// What must come out.
    pub expected: Expected,
}

/// One secret of a vector: text, or UTF-16 code units that are no Unicode text.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Secret {
    /// A string.
    Text(String),
    /// A string of UTF-16 code units holding a lone surrogate (`{"utf16": [...]}`).
    Utf16 {
        /// The code units.
        utf16: Vec<u16>,
    },
}

impl Secret {
    /// The bytes a byte-string language passes: UTF-8 for text, and for code units the
    /// generalized UTF-8 (WTF-8) that encodes a lone surrogate as three bytes, which no UTF-8
    /// decoder accepts.
    #[must_use]
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Self::Text(text) => text.clone().into_bytes(),
            Self::Utf16 { utf16 } => {
                let mut bytes = Vec::new();
                for unit in char::decode_utf16(utf16.iter().copied()) {
                    match unit {
                        Ok(letter) => {
                            bytes.extend_from_slice(letter.encode_utf8(&mut [0; 4]).as_bytes());
                        }
                        Err(lone) => {
                            let unit = lone.unpaired_surrogate();
                            bytes.extend_from_slice(&[
                                0xE0 | (unit >> 12) as u8,
                                0x80 | ((unit >> 6) & 0x3F) as u8,
                                0x80 | (unit & 0x3F) as u8,
                            ]);
                        }
                    }
                }
                bytes
            }
        }
    }

    /// The secret as text, when it is text.
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            Self::Utf16 { .. } => None,
        }
    }
}

/// What must come out of each operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `sign(body, secret)` per secret; `None` means `InvalidSecret`.
    pub sign: Vec<Option<String>>,
    /// `"ok"` or an error name; absent for header vectors.
    pub verify: Option<String>,
    /// The outcome of `construct_event` (or `construct_event_from_headers`).
    pub construct_event: Outcome,
    /// The outcome of `parse_event_unverified`.
    pub parse_event_unverified: Outcome,
}

/// An event, or the name of an error.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// The operation gave this event.
    Event(ExpectedEvent),
    /// The operation failed with the error of this name (`"InvalidSignature"`).
    Error(String),
}

/// An event as the vectors spell it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedEvent {
    /// The job id.
    pub id: String,
    /// The status, exactly as sent.
    pub status: String,
    /// The job type, exactly as sent.
    #[serde(rename = "type")]
    pub job_type: String,
    /// The exact JSON text of `result`.
    pub result: Option<String>,
    /// Whether the status is a known one.
    pub status_known: bool,
    /// Whether the type is a known one.
    pub type_known: bool,
}

impl Vector {
    /// Every secret's bytes, as a byte-string language passes them.
    #[must_use]
    pub fn secret_bytes(&self) -> Vec<Vec<u8>> {
        self.secrets.iter().map(Secret::bytes).collect()
    }

    /// The raw body's bytes.
    #[must_use]
    pub fn raw_body(&self) -> Vec<u8> {
        match (&self.body, &self.body_base64) {
            (Some(text), None) => text.clone().into_bytes(),
            (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap_or_else(|error| panic!("{}: body_base64: {error}", self.name)),
            _ => panic!("{}: give exactly one of body and body_base64", self.name),
        }
    }
}

/// Loads one vector file of `tests/vectors/`.
#[must_use]
pub fn load(file_name: &str) -> VectorFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("vectors")
        .join(file_name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let file: VectorFile =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{file_name}: {error}"));
    assert!(
        file.source.contains("hmac"),
        "{file_name}: vectors must name their independent source"
    );
    assert!(!file.vectors.is_empty(), "{file_name}: no vectors");
    file
}

/// Collects what an implementation did differently from a vector's expectations, and what it
/// did for the members of `expected` (`sign`, `verify`, `construct_event`,
/// `parse_event_unverified`) for the conformance report.
#[derive(Debug, Default)]
pub struct Mismatches {
    failures: Vec<String>,
    actual: serde_json::Map<String, serde_json::Value>,
}

impl Mismatches {
    /// Notes a mismatch when `expected` and `actual` differ.
    pub fn expect<T: Debug + PartialEq + ?Sized>(&mut self, what: &str, expected: &T, actual: &T) {
        if expected != actual {
            self.failures
                .push(format!("{what}: expected {expected:?}, got {actual:?}"));
        }
    }

    /// [`expect`](Self::expect) for one member of `expected`, whose actual value the conformance
    /// report shows.
    pub fn expect_member<T: Debug + PartialEq + Serialize + ?Sized>(
        &mut self,
        member: &str,
        expected: &T,
        actual: &T,
    ) {
        self.expect(member, expected, actual);
        let value = serde_json::to_value(actual).expect("an outcome serializes");
        self.actual.insert(member.to_owned(), value);
    }
}

/// Runs `check` on every vector of `file_name` and fails naming each vector that mismatched.
pub fn run(file_name: &str, check: impl Fn(&Vector, &mut Mismatches)) {
    run_as(None, file_name, check);
}

/// [`run`], which also writes what `language` did with each vector to the conformance report's
/// folder (`$SHARPAPI_CONFORMANCE_DIR/<language>.<file>.json`) when that variable is set.
pub fn run_recorded(language: &str, file_name: &str, check: impl Fn(&Vector, &mut Mismatches)) {
    run_as(Some(language), file_name, check);
}

fn run_as(language: Option<&str>, file_name: &str, check: impl Fn(&Vector, &mut Mismatches)) {
    let file = load(file_name);
    let mut failures = Vec::new();
    let mut outcomes = serde_json::Map::new();
    for vector in &file.vectors {
        let mut mismatches = Mismatches::default();
        check(vector, &mut mismatches);
        failures.extend(
            mismatches
                .failures
                .into_iter()
                .map(|failure| format!("{}: {failure}", vector.name)),
        );
        outcomes.insert(vector.name.clone(), mismatches.actual.into());
    }
    if let (Some(language), Some(folder)) = (language, std::env::var_os("SHARPAPI_CONFORMANCE_DIR"))
    {
        let folder = Path::new(&folder);
        std::fs::create_dir_all(folder).expect("the conformance folder can be made");
        let stem = file_name.trim_end_matches(".json");
        let report = serde_json::json!({"language": language, "outcomes": outcomes});
        std::fs::write(
            folder.join(format!("{language}.{stem}.json")),
            serde_json::to_string_pretty(&report).expect("a report serializes"),
        )
        .expect("the conformance report can be written");
    }
    assert!(
        failures.is_empty(),
        "{} mismatches over the {} vectors of {file_name}:\n{}",
        failures.len(),
        file.vectors.len(),
        failures.join("\n")
    );
}
