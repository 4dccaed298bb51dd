//! Properties over arbitrary input: sign and verify agree, any single changed bit fails, and no
//! input of any size or content makes the core panic.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use sharpapi_webhooks::{
    JobStatus, JobType, Verifier, WebhookError, parse_event_unverified, sign,
    signature_from_headers, verify,
};

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..2048)
}

fn secret() -> impl Strategy<Value = String> {
    ".{1,80}"
}

proptest! {
    #[test]
    fn what_sign_makes_verify_accepts(raw_body in body(), secret in secret()) {
        let signature = sign(&raw_body, &secret).unwrap();
        prop_assert_eq!(signature.len(), 64);
        prop_assert_eq!(verify(&raw_body, Some(&signature), &secret), Ok(()));
        let shouted = format!(" {}\t", signature.to_uppercase());
        prop_assert_eq!(verify(&raw_body, Some(&shouted), &secret), Ok(()));
    }

    #[test]
    fn any_flipped_body_bit_fails(raw_body in prop::collection::vec(any::<u8>(), 1..2048),
                                  secret in secret(), index in any::<prop::sample::Index>(),
                                  bit in 0..8_u8) {
        let signature = sign(&raw_body, &secret).unwrap();
        let mut tampered = raw_body.clone();
        tampered[index.index(raw_body.len())] ^= 1 << bit;
        prop_assert_eq!(verify(&tampered, Some(&signature), &secret), Err(WebhookError::InvalidSignature));
    }

    #[test]
    fn any_flipped_digest_bit_fails(raw_body in body(), secret in secret(),
                                    index in 0..32_usize, bit in 0..8_u8) {
        let mut digest = hex::decode(sign(&raw_body, &secret).unwrap()).unwrap();
        digest[index] ^= 1 << bit;
        let signature = hex::encode(digest);
        prop_assert_eq!(verify(&raw_body, Some(&signature), &secret), Err(WebhookError::InvalidSignature));
    }

    /// In the text, a flipped bit may only change the case of a hex letter, which is the same
    /// digit; anything else is another digit (a mismatch) or no digit (malformed).
    #[test]
    fn any_flipped_signature_text_bit_fails_unless_only_case_changed(
        raw_body in body(), secret in secret(), index in 0..64_usize, bit in 0..7_u8,
    ) {
        let signature = sign(&raw_body, &secret).unwrap();
        let mut flipped = signature.clone().into_bytes();
        flipped[index] ^= 1 << bit;
        let flipped_digit = flipped[index];
        let flipped = String::from_utf8(flipped).unwrap();
        let expected = if flipped.eq_ignore_ascii_case(&signature) {
            Ok(())
        } else if flipped_digit.is_ascii_hexdigit() {
            Err(WebhookError::InvalidSignature)
        } else {
            Err(WebhookError::MalformedSignature)
        };
        prop_assert_eq!(verify(&raw_body, Some(&flipped), &secret), expected);
    }

    #[test]
    fn rotation_accepts_exactly_its_secrets(secrets in prop::collection::vec(secret(), 1..5),
                                            signer in any::<prop::sample::Index>(),
                                            stranger in secret(), raw_body in body()) {
        let verifier = Verifier::new(&secrets).unwrap();
        let signature = sign(&raw_body, &secrets[signer.index(secrets.len())]).unwrap();
        prop_assert!(verifier.is_valid(&raw_body, Some(&signature)));
        prop_assume!(!secrets.contains(&stranger));
        let forged = sign(&raw_body, &stranger).unwrap();
        prop_assert_eq!(verifier.verify(&raw_body, Some(&forged)), Err(WebhookError::InvalidSignature));
    }

    #[test]
    fn arbitrary_input_never_panics(raw_body in body(), signature in any::<Option<String>>(),
                                    secrets in prop::collection::vec(any::<String>(), 0..4)) {
        let outcome = Verifier::new(&secrets).and_then(|v| v.construct_event(&raw_body, signature.as_deref()));
        if secrets.is_empty() || secrets.iter().any(String::is_empty) {
            prop_assert_eq!(outcome, Err(WebhookError::InvalidSecret));
        }
        let _ = parse_event_unverified(&raw_body);
    }

    #[test]
    fn arbitrary_json_like_input_never_panics(text in r#"[{}\[\]":,a-z0-9\\ .eE+-]{0,200}"#) {
        let _ = parse_event_unverified(text.as_bytes());
    }

    #[test]
    fn arbitrary_headers_never_panic(headers in prop::collection::vec((any::<String>(), any::<String>()), 0..6)) {
        let found = signature_from_headers(headers.iter().map(|(name, value)| (name.as_str(), value.as_str())));
        let named: Vec<&str> = headers.iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("x-signature"))
            .map(|(_, value)| value.trim_ascii())
            .collect();
        match named.first() {
            None => prop_assert_eq!(found, Err(WebhookError::MissingSignature)),
            Some(first) if named.iter().all(|value| value == first) => prop_assert!(found.is_ok()),
            Some(_) => prop_assert_eq!(found, Err(WebhookError::MalformedSignature)),
        }
    }

    /// Any id, status and type, written as JSON strings, come back exactly; only the 4 + 26
    /// known values become named variants.
    #[test]
    fn any_members_round_trip(id in ".{1,40}", status in ".{0,20}", job_type in ".{0,40}",
                              result in prop::option::of(r#"\{"[a-z]{1,8}": ?-?(0|[1-9][0-9]{0,29})(\.[0-9]{1,30})?\}"#)) {
        let mut body = format!(
            r#"{{"id":{},"status":{},"type":{}"#,
            serde_json::to_string(&id).unwrap(),
            serde_json::to_string(&status).unwrap(),
            serde_json::to_string(&job_type).unwrap(),
        );
        if let Some(result) = &result {
            body.push_str(&format!(r#","result":{result}"#));
        }
        body.push('}');
        let event = parse_event_unverified(body.as_bytes()).unwrap();
        prop_assert_eq!(&event.id, &id);
        prop_assert_eq!(event.status.as_str(), status.as_str());
        prop_assert_eq!(event.job_type.as_str(), job_type.as_str());
        prop_assert_eq!(event.status.is_known(), JobStatus::KNOWN.iter().any(|s| s.as_str() == status));
        prop_assert_eq!(event.job_type.is_known(), JobType::KNOWN.iter().any(|t| t.as_str() == job_type));
        prop_assert_eq!(event.result, result);
    }
}

#[test]
fn very_large_inputs_do_not_panic() {
    let huge_signature = "f".repeat(10 << 20);
    let raw_body = vec![b'{'; 8 << 20];
    assert_eq!(
        verify(&raw_body, Some(&huge_signature), "s"),
        Err(WebhookError::MalformedSignature)
    );
    let signature = sign(&raw_body, "s").unwrap();
    assert_eq!(verify(&raw_body, Some(&signature), "s"), Ok(()));
    assert!(matches!(
        parse_event_unverified(&raw_body),
        Err(WebhookError::InvalidPayload { .. })
    ));
}
