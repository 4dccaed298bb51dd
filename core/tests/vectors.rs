//! Runs every shared vector in `tests/vectors/` (the schema is in that folder's README) through
//! the core. A failure names each vector that failed and what differed.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use base64::Engine as _;
use serde::Deserialize;
use sharpapi_webhooks::{
    ErrorCode, Verifier, WebhookError, WebhookEvent, construct_event, parse_event_unverified, sign,
    verify,
};

#[test]
fn signatures() {
    run_vector_file("signatures.json");
}

#[test]
fn bodies() {
    run_vector_file("bodies.json");
}

#[test]
fn secrets() {
    run_vector_file("secrets.json");
}

#[test]
fn events() {
    run_vector_file("events.json");
}

#[test]
fn payload_errors() {
    run_vector_file("payload_errors.json");
}

#[test]
fn headers() {
    run_vector_file("headers.json");
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorFile {
    #[allow(dead_code, reason = "documentation for the reader of the file")]
    title: String,
    source: String,
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    name: String,
    #[allow(dead_code, reason = "documentation for the reader of the file")]
    description: String,
    body: Option<String>,
    body_base64: Option<String>,
    secrets: Vec<String>,
    signature: Option<String>,
    headers: Option<Vec<(String, String)>>,
    expected: Expected,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    sign: Vec<Option<String>>,
    verify: Option<String>,
    construct_event: Outcome,
    parse_event_unverified: Outcome,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Outcome {
    Event(ExpectedEvent),
    Error(String),
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpectedEvent {
    id: String,
    status: String,
    #[serde(rename = "type")]
    job_type: String,
    result: Option<String>,
    status_known: bool,
    type_known: bool,
}

impl Outcome {
    fn of(actual: Result<WebhookEvent, WebhookError>) -> Self {
        match actual {
            Ok(event) => Self::Event(ExpectedEvent {
                id: event.id,
                status: event.status.as_str().to_owned(),
                job_type: event.job_type.as_str().to_owned(),
                result: event.result,
                status_known: event.status.is_known(),
                type_known: event.job_type.is_known(),
            }),
            Err(error) => Self::Error(error_name(&error)),
        }
    }
}

fn error_name(error: &WebhookError) -> String {
    if let WebhookError::InvalidPayload { detail } = error {
        // serde_json's messages end "at line L column C"; ours for bad UTF-8 say the same.
        assert!(
            detail.contains(" at line ") && detail.contains(" column "),
            "InvalidPayload without a position: {detail}"
        );
    }
    error.code().name().to_owned()
}

fn run_vector_file(file_name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(file_name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file: VectorFile =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file_name}: {e}"));
    assert!(
        file.source.contains("hmac"),
        "{file_name}: vectors must name their independent source"
    );
    assert!(!file.vectors.is_empty(), "{file_name}: no vectors");

    let failures: Vec<String> = file
        .vectors
        .iter()
        .flat_map(|vector| {
            check(vector)
                .into_iter()
                .map(move |failure| format!("{}: {failure}", vector.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} vectors in {file_name} failed:\n{}",
        failures.len(),
        file.vectors.len(),
        failures.join("\n")
    );
}

/// What the core did differently from `vector`'s expectations; empty when it agrees.
fn check(vector: &Vector) -> Vec<String> {
    let mut failures = Vec::new();
    let mut expect = |what: &str, expected: &dyn std::fmt::Debug, actual: &dyn std::fmt::Debug| {
        let (expected, actual) = (format!("{expected:?}"), format!("{actual:?}"));
        if expected != actual {
            failures.push(format!("{what}: expected {expected}, got {actual}"));
        }
    };
    let raw_body = body_bytes(vector);
    let expected = &vector.expected;

    for (secret, signature) in vector.secrets.iter().zip(&expected.sign) {
        let actual = sign(&raw_body, secret).map_err(|error| error_name(&error));
        let wanted = signature.clone().ok_or_else(|| "InvalidSecret".to_owned());
        expect("sign", &wanted, &actual);
    }

    let verifier = Verifier::new(&vector.secrets);
    let constructed = match (&vector.headers, &verifier) {
        (Some(headers), Ok(verifier)) => verifier.construct_event_from_headers(
            &raw_body,
            headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        ),
        (None, Ok(verifier)) => verifier.construct_event(&raw_body, vector.signature.as_deref()),
        (_, Err(error)) => Err(error.clone()),
    };
    expect(
        "construct_event",
        &expected.construct_event,
        &Outcome::of(constructed),
    );

    if let Some(wanted) = &expected.verify {
        let verified = verifier.and_then(|v| {
            let is_valid = v.is_valid(&raw_body, vector.signature.as_deref());
            let verified = v.verify(&raw_body, vector.signature.as_deref());
            assert_eq!(
                is_valid,
                verified.is_ok(),
                "{}: is_valid disagrees with verify",
                vector.name
            );
            verified
        });
        let actual = verified.map_or_else(|error| error_name(&error), |()| "ok".to_owned());
        expect("verify", wanted, &actual);

        // With one secret, the free functions are the verifier's shortcuts and must agree with it.
        if let [secret] = vector.secrets.as_slice() {
            let signature = vector.signature.as_deref();
            let actual = verify(&raw_body, signature, secret)
                .map_or_else(|error| error_name(&error), |()| "ok".to_owned());
            expect("verify (free function)", wanted, &actual);
            let actual = Outcome::of(construct_event(&raw_body, signature, secret));
            expect(
                "construct_event (free function)",
                &expected.construct_event,
                &actual,
            );
        }
    }

    let parsed = Outcome::of(parse_event_unverified(&raw_body));
    expect(
        "parse_event_unverified",
        &expected.parse_event_unverified,
        &parsed,
    );
    failures
}

fn body_bytes(vector: &Vector) -> Vec<u8> {
    match (&vector.body, &vector.body_base64) {
        (Some(text), None) => text.clone().into_bytes(),
        (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap_or_else(|e| panic!("{}: body_base64: {e}", vector.name)),
        _ => panic!("{}: exactly one of body and body_base64", vector.name),
    }
}

#[test]
fn every_error_name_in_the_vectors_is_a_code() {
    let names: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.name()).collect();
    for file in [
        "signatures.json",
        "secrets.json",
        "headers.json",
        "payload_errors.json",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/vectors")
            .join(file);
        let file: VectorFile =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for vector in &file.vectors {
            if let Outcome::Error(name) = &vector.expected.construct_event {
                assert!(
                    names.contains(&name.as_str()),
                    "{}: unknown error {name}",
                    vector.name
                );
            }
        }
    }
}
