//! Every shared vector through the UniFFI surface, as the generated bindings call it.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use sharpapi_webhooks_ffi::{
    HttpHeader, JobStatus, JobType, Verifier, WebhookError, WebhookEvent, parse_event_unverified,
    sign, verify,
};
use sharpapi_webhooks_testkit::vectors::{ExpectedEvent, FILES, Mismatches, Outcome, Vector, run};

#[test]
fn every_vector_through_the_uniffi_surface() {
    for file in FILES {
        run(file, check);
    }
}

fn error_name(error: &WebhookError) -> String {
    let debug = format!("{error:?}");
    debug.split('(').next().unwrap().to_owned()
}

fn outcome(actual: Result<WebhookEvent, WebhookError>) -> Outcome {
    match actual {
        Ok(event) => {
            let (status_known, type_known) = (
                !matches!(event.status, JobStatus::Other(_)),
                !matches!(event.job_type, JobType::Other(_)),
            );
            let core_status = sharpapi_webhooks::JobStatus::KNOWN
                .iter()
                .find(|s| JobStatus::from((*s).clone()) == event.status);
            let core_type = sharpapi_webhooks::JobType::KNOWN
                .iter()
                .find(|t| JobType::from((*t).clone()) == event.job_type);
            let status = match event.status {
                JobStatus::Other(text) => text,
                _ => core_status.unwrap().as_str().to_owned(),
            };
            let job_type = match event.job_type {
                JobType::Other(text) => text,
                _ => core_type.unwrap().as_str().to_owned(),
            };
            Outcome::Event(ExpectedEvent {
                id: event.id,
                status,
                job_type,
                result: event.result,
                status_known,
                type_known,
            })
        }
        Err(error) => Outcome::Error(error_name(&error)),
    }
}

fn check(vector: &Vector, mismatches: &mut Mismatches) {
    let raw_body = vector.raw_body();
    // The bindings pass an absent header as an empty signature.
    let signature = vector.signature.as_deref().unwrap_or("").as_bytes();
    let expected = &vector.expected;

    let secrets = vector.secret_bytes();
    for (secret, wanted) in secrets.iter().zip(&expected.sign) {
        let actual = sign(&raw_body, secret).map_err(|e| error_name(&e));
        mismatches.expect(
            "sign",
            &wanted.clone().ok_or_else(|| "InvalidSecret".to_owned()),
            &actual,
        );
    }

    let verifier = Verifier::new(secrets.clone());
    let constructed = match (&vector.headers, &verifier) {
        (Some(headers), Ok(verifier)) => {
            let headers = headers.iter().map(|(name, value)| HttpHeader {
                name: name.clone().into_bytes(),
                value: value.clone().into_bytes(),
            });
            verifier.construct_event_from_headers(&raw_body, headers.collect())
        }
        (None, Ok(verifier)) => verifier.construct_event(&raw_body, signature),
        (_, Err(error)) => Err(error.clone()),
    };
    mismatches.expect(
        "construct_event",
        &expected.construct_event,
        &outcome(constructed),
    );

    if let Some(wanted) = &expected.verify {
        let verdict = |result: Result<(), WebhookError>| {
            result.map_or_else(|e| error_name(&e), |()| "ok".to_owned())
        };
        let verified = verifier.and_then(|v| {
            assert_eq!(
                v.is_valid(&raw_body, signature),
                v.verify(&raw_body, signature).is_ok()
            );
            v.verify(&raw_body, signature)
        });
        mismatches.expect("Verifier.verify", wanted, &verdict(verified));
        if let [secret] = secrets.as_slice() {
            mismatches.expect(
                "verify",
                wanted,
                &verdict(verify(&raw_body, signature, secret)),
            );
        }
    }

    mismatches.expect(
        "parse_event_unverified",
        &expected.parse_event_unverified,
        &outcome(parse_event_unverified(&raw_body)),
    );
}
