//! sign, verify and construct_event against an HMAC-SHA256 written from RFC 2104 over SHA-256,
//! and explain's verdict against verify's: "the signature matches" exactly when verify accepts.
//!
//! Input: `flags SEP body SEP secret [SEP secret2] [SEP signature-or-knobs]`. The signature is
//! either the fuzz bytes as they are, or the correct signature (from the reference HMAC) turned
//! into a variant (case, ASCII whitespace, VT, a corrupted digit) by the knob bytes, or absent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sharpapi_webhooks::{
    Cause, Verifier, WebhookError, construct_event, explain, parse_event_unverified, sign, verify,
};
use sharpapi_webhooks_fuzz::{
    INVALID_SECRET, OK, fields, hmac_sha256, reference_verify, secret_ok, signature_variant, to_hex,
};

fuzz_target!(|data: &[u8]| {
    let parts = fields(data);
    let flags = parts[0].first().copied().unwrap_or(0);
    let body = parts.get(1).copied().unwrap_or_default();
    let secret = parts.get(2).copied().unwrap_or_default();
    let second = parts.get(3).copied().filter(|_| flags & 4 != 0);
    let tail = parts
        .get(if second.is_some() { 4 } else { 3 })
        .copied()
        .unwrap_or_default();

    // sign: the reference's lowercase hex, or InvalidSecret.
    match sign(body, secret) {
        Ok(signature) => {
            assert!(secret_ok(secret));
            assert_eq!(signature, to_hex(&hmac_sha256(secret, body)));
        }
        Err(error) => {
            assert_eq!(error, WebhookError::InvalidSecret);
            assert!(!secret_ok(secret));
        }
    }

    // Sign with the first or the second secret, so rotation is exercised both ways.
    let signer = if flags & 8 != 0 {
        second.unwrap_or(secret)
    } else {
        secret
    };
    let signature: Option<Vec<u8>> = match flags & 3 {
        0 => None,
        1 => Some(tail.to_vec()),
        _ => Some(signature_variant(&to_hex(&hmac_sha256(signer, body)), tail)),
    };
    let signature = signature.as_deref();
    let mut secrets = vec![secret];
    secrets.extend(second);
    let expected = reference_verify(&secrets, body, signature);

    // explain never fails, names at least one cause, and says "matches" exactly when a valid
    // secret accepts the signature (it skips secrets that Verifier::new would refuse).
    let explanation = explain(body, signature, &secrets);
    assert!(!explanation.causes().is_empty());
    let valid_secrets: Vec<&[u8]> = secrets.iter().copied().filter(|s| secret_ok(s)).collect();
    let matches = !valid_secrets.is_empty() && reference_verify(&valid_secrets, body, signature) == OK;
    assert_eq!(explanation.is_valid(), matches, "{explanation:?}");
    if matches {
        assert_eq!(explanation.causes(), [Cause::SignatureMatches]);
    }

    let code = |result: Result<(), WebhookError>| result.err().map_or(OK, |e| e.code().as_u32());
    match Verifier::new(&secrets) {
        Ok(verifier) => {
            assert_ne!(expected, INVALID_SECRET);
            assert_eq!(code(verifier.verify_raw(body, signature)), expected);
            let event = verifier.construct_event_raw(body, signature);
            check_event(event, expected, body);
            if let Some(text) = signature.and_then(|s| std::str::from_utf8(s).ok()) {
                assert_eq!(code(verifier.verify(body, Some(text))), expected);
                assert_eq!(verifier.is_valid(body, Some(text)), expected == OK);
            }
            if signature.is_none() {
                assert_eq!(code(verifier.verify(body, None)), expected);
            }
        }
        Err(error) => {
            assert_eq!(error, WebhookError::InvalidSecret);
            assert_eq!(expected, INVALID_SECRET);
        }
    }

    // The one-secret functions take the signature as text.
    let text = match signature.map(std::str::from_utf8) {
        Some(Err(_)) => return,
        Some(Ok(text)) => Some(text),
        None => None,
    };
    let expected_one = reference_verify(&[secret], body, signature);
    assert_eq!(code(verify(body, text, secret)), expected_one);
    check_event(construct_event(body, text, secret), expected_one, body);
});

/// construct_event gives verify's error, or else exactly what parsing the body gives.
fn check_event(
    event: Result<sharpapi_webhooks::WebhookEvent, WebhookError>,
    expected: u32,
    body: &[u8],
) {
    if expected == OK {
        assert_eq!(event, parse_event_unverified(body));
    } else {
        assert_eq!(event.err().map(|e| e.code().as_u32()), Some(expected));
    }
}
