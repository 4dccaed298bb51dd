//! `TestDelivery` makes, byte for byte, every delivery of `tests/vectors/test_delivery/`, written
//! by the independent generator (scripts/gen_vectors.py) with Python's json module as PHP writes
//! it, and refuses the ones it marks as errors; each one it makes passes the verifier.

use std::path::Path;

use sharpapi_webhooks::{TestDelivery, Verifier};

#[test]
fn test_deliveries_match_every_vector() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/test_delivery/deliveries.json");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors = document["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 15, "too few test delivery vectors");
    let mut failures = Vec::new();
    for vector in vectors {
        let name = vector["name"].as_str().unwrap();
        let given = &vector["given"];
        let text = |member: &str| given[member].as_str().unwrap();
        let secret = text("secret");
        let made = TestDelivery::new(
            secret,
            text("id"),
            text("status"),
            text("type"),
            given["result_json"].as_str(),
        );
        let expected = &vector["expected"];
        match (made, expected["error"].as_str()) {
            (Ok(delivery), None) => {
                let body = expected["body"].as_str().unwrap().as_bytes();
                let headers: Vec<(&str, &str)> = expected["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
                    .collect();
                if delivery.body() != body {
                    failures.push(format!(
                        "{name}: body {:?}",
                        String::from_utf8_lossy(delivery.body())
                    ));
                }
                if delivery.signature() != expected["signature"].as_str().unwrap() {
                    failures.push(format!("{name}: signature {}", delivery.signature()));
                }
                if delivery.headers().to_vec() != headers {
                    failures.push(format!("{name}: headers {:?}", delivery.headers()));
                }
                let verified = Verifier::new([secret])
                    .unwrap()
                    .construct_event_from_headers(delivery.body(), delivery.headers());
                if let Err(error) = verified {
                    failures.push(format!("{name}: the verifier refuses it: {error}"));
                }
            }
            (Err(error), Some(expected)) if error.code().name() == expected => {}
            (made, _) => failures.push(format!("{name}: expected {expected}, made {made:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
