//! Runs every shared vector in `tests/vectors/` through the core. A failure names each vector
//! that failed and what differed.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use sharpapi_webhooks::{
    ErrorCode, Verifier, WebhookError, WebhookEvent, construct_event, parse_event_unverified, sign,
    verify,
};
use sharpapi_webhooks_testkit::vectors::{
    ExpectedEvent, FILES, Mismatches, Outcome, Vector, load, run_recorded,
};

#[test]
fn signatures() {
    run_recorded("rust", "signatures.json", check);
}

#[test]
fn bodies() {
    run_recorded("rust", "bodies.json", check);
}

#[test]
fn secrets() {
    run_recorded("rust", "secrets.json", check);
}

#[test]
fn events() {
    run_recorded("rust", "events.json", check);
}

#[test]
fn payload_errors() {
    run_recorded("rust", "payload_errors.json", check);
}

#[test]
fn headers() {
    run_recorded("rust", "headers.json", check);
}

fn outcome(actual: Result<WebhookEvent, WebhookError>) -> Outcome {
    match actual {
        Ok(event) => Outcome::Event(ExpectedEvent {
            id: event.id,
            status: event.status.as_str().to_owned(),
            job_type: event.job_type.as_str().to_owned(),
            result: event.result,
            status_known: event.status.is_known(),
            type_known: event.job_type.is_known(),
        }),
        Err(error) => Outcome::Error(error_name(&error)),
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

fn verdict(result: Result<(), WebhookError>) -> String {
    result.map_or_else(|error| error_name(&error), |()| "ok".to_owned())
}

fn check(vector: &Vector, mismatches: &mut Mismatches) {
    let raw_body = vector.raw_body();
    let expected = &vector.expected;
    let signature = vector.signature.as_deref();

    // Byte-string callers pass a secret that is no text as WTF-8, which the core refuses.
    let secrets = vector.secret_bytes();
    let signed: Vec<Option<String>> = secrets
        .iter()
        .map(|secret| match sign(&raw_body, secret) {
            Ok(signature) => Some(signature),
            Err(error) => {
                assert_eq!(error, WebhookError::InvalidSecret, "{}", vector.name);
                None
            }
        })
        .collect();
    mismatches.expect_member("sign", &expected.sign, &signed);
    // Every secret that is text gives the same answer through the `&str` API.
    let texts: Option<Vec<&str>> = vector.secrets.iter().map(|secret| secret.text()).collect();
    if let Some(texts) = &texts {
        mismatches.expect(
            "Verifier::new(&str)",
            &Verifier::new(texts).map(|_| ()),
            &Verifier::new(&secrets).map(|_| ()),
        );
    }

    let verifier = Verifier::new(&secrets);
    let constructed = match (&vector.headers, &verifier) {
        (Some(headers), Ok(verifier)) => verifier.construct_event_from_headers(
            &raw_body,
            headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        ),
        (None, Ok(verifier)) => verifier.construct_event(&raw_body, signature),
        (_, Err(error)) => Err(error.clone()),
    };
    mismatches.expect_member(
        "construct_event",
        &expected.construct_event,
        &outcome(constructed),
    );

    if let Some(wanted) = &expected.verify {
        let verified = verifier.and_then(|v| {
            let verified = v.verify(&raw_body, signature);
            assert_eq!(
                v.is_valid(&raw_body, signature),
                verified.is_ok(),
                "{}",
                vector.name
            );
            verified
        });
        mismatches.expect_member("verify", wanted, &verdict(verified));

        // With one secret, the free functions are the verifier's shortcuts and must agree with it.
        if let [secret] = secrets.as_slice() {
            mismatches.expect(
                "verify()",
                wanted,
                &verdict(verify(&raw_body, signature, secret)),
            );
            let actual = outcome(construct_event(&raw_body, signature, secret));
            mismatches.expect("construct_event()", &expected.construct_event, &actual);
        }
    }

    let parsed = outcome(parse_event_unverified(&raw_body));
    mismatches.expect_member(
        "parse_event_unverified",
        &expected.parse_event_unverified,
        &parsed,
    );
}

#[test]
fn every_error_name_in_the_vectors_is_a_code() {
    let names: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.name()).collect();
    for file in FILES {
        for vector in load(file).vectors {
            let outcomes = [
                &vector.expected.construct_event,
                &vector.expected.parse_event_unverified,
            ];
            for name in outcomes.into_iter().filter_map(|outcome| match outcome {
                Outcome::Error(name) => Some(name),
                Outcome::Event(_) => None,
            }) {
                assert!(
                    names.contains(&name.as_str()),
                    "{}: unknown error {name}",
                    vector.name
                );
            }
        }
    }
}
