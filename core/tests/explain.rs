//! `explain` names the change in every vector of `tests/vectors/explain/`, written by the
//! independent generator (scripts/gen_vectors.py) with Python's own json module and bytes.

use std::path::Path;

use sharpapi_webhooks::{Cause, explain};

#[test]
fn explain_names_every_transformation_vector() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/explain/transformations.json");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors = document["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 15, "too few explain vectors");
    let mut failures = Vec::new();
    for vector in vectors {
        let name = vector["name"].as_str().unwrap();
        let body = vector["body"].as_str().unwrap().as_bytes();
        let signature = vector["signature"].as_str().map(str::as_bytes);
        let secrets: Vec<&str> = vector["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|secret| secret.as_str().unwrap())
            .collect();
        let expected: Vec<&str> = vector["expected"]["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|cause| cause.as_str().unwrap())
            .collect();
        let found: Vec<&str> = explain(body, signature, &secrets)
            .causes()
            .iter()
            .map(|cause| cause.as_str())
            .collect();
        if found != expected {
            failures.push(format!("{name}: expected {expected:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every cause but the few no single change produces is named by some vector.
    let named: Vec<&str> = vectors
        .iter()
        .flat_map(|vector| vector["expected"]["causes"].as_array().unwrap())
        .map(|cause| cause.as_str().unwrap())
        .collect();
    for cause in Cause::ALL {
        assert!(
            named.contains(&cause.as_str()),
            "no vector names {}",
            cause.as_str()
        );
    }
}
