//! `sharpapi_explain` and `sharpapi_explain_from_headers` name the change in every explain vector,
//! and `sharpapi_test_delivery_new` makes every test delivery vector byte for byte (each
//! verifying) or refuses it with its status, called from Rust exactly as C calls it.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ffi::{CStr, c_char};
use std::path::Path;
use std::ptr;

use sharpapi_webhooks_ffi::*;

fn text(value: &str) -> sharpapi_str_t {
    sharpapi_str_t {
        ptr: value.as_ptr(),
        len: value.len(),
    }
}

/// The wire names of the causes in a cause set, from the vocabulary's numbers.
fn cause_names(bits: u32) -> Vec<String> {
    sharpapi_webhooks::Cause::ALL
        .iter()
        .filter(|cause| bits & (1 << (cause.code() - 1)) != 0)
        .map(|cause| cause.as_str().to_owned())
        .collect()
}

/// The vectors of one file of tests/vectors/.
fn vectors(file: &str) -> Vec<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors")
        .join(file);
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    document["vectors"].as_array().unwrap().clone()
}

/// A test delivery's body and signature, read through the C ABI (both NUL-terminated too), and
/// the delivery released.
///
/// # Safety
/// `delivery` is a live test delivery of the library.
unsafe fn read_and_free(delivery: *mut sharpapi_test_delivery_t) -> (Vec<u8>, Vec<u8>) {
    let (mut body, mut body_len, mut signature, mut signature_len): (
        *const c_char,
        usize,
        *const c_char,
        usize,
    ) = (ptr::null(), 0, ptr::null(), 0);
    // SAFETY: a live delivery and writable outs; the texts are copied before it is released.
    unsafe {
        assert_eq!(
            sharpapi_test_delivery_body(delivery, &mut body, &mut body_len),
            sharpapi_status_t::SHARPAPI_OK
        );
        assert_eq!(
            sharpapi_test_delivery_signature(delivery, &mut signature, &mut signature_len),
            sharpapi_status_t::SHARPAPI_OK
        );
        assert_eq!(*body.add(body_len), 0, "the body is NUL-terminated");
        assert_eq!(
            *signature.add(signature_len),
            0,
            "the signature is NUL-terminated"
        );
        let texts = (
            std::slice::from_raw_parts(body.cast::<u8>(), body_len).to_vec(),
            std::slice::from_raw_parts(signature.cast::<u8>(), signature_len).to_vec(),
        );
        sharpapi_test_delivery_free(delivery);
        texts
    }
}

/// `sharpapi_verify` accepts `signature` for `body` with `secret`.
fn assert_verifies(body: &[u8], signature: &[u8], secret: &str) {
    // SAFETY: every pointer and length describes live data of this function.
    let status = unsafe {
        sharpapi_verify(
            body.as_ptr(),
            body.len(),
            signature.as_ptr(),
            signature.len(),
            secret.as_ptr(),
            secret.len(),
        )
    };
    assert_eq!(status, sharpapi_status_t::SHARPAPI_OK);
}

#[test]
fn explain_names_every_transformation_vector_through_the_c_abi() {
    for vector in vectors("explain/transformations.json") {
        let body = vector["body"].as_str().unwrap();
        let signature = vector["signature"].as_str();
        let secrets: Vec<sharpapi_str_t> = vector["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|secret| text(secret.as_str().unwrap()))
            .collect();
        let (signature_ptr, signature_len) =
            signature.map_or((ptr::null(), 0), |s| (s.as_ptr(), s.len()));
        let mut causes = 0_u32;
        // SAFETY: every pointer and length describes live data of this test.
        let status = unsafe {
            sharpapi_explain(
                body.as_ptr(),
                body.len(),
                signature_ptr,
                signature_len,
                secrets.as_ptr(),
                secrets.len(),
                &mut causes,
            )
        };
        assert_eq!(status, sharpapi_status_t::SHARPAPI_OK);
        let expected: Vec<String> = vector["expected"]["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|cause| cause.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(cause_names(causes), expected, "{}", vector["name"]);
    }
}

/// The cause set `sharpapi_explain_from_headers` gives for these headers.
fn explain_from_headers(body: &str, headers: &[(&str, &str)], secrets: &[&str]) -> u32 {
    let headers: Vec<sharpapi_header_t> = headers
        .iter()
        .map(|(name, value)| sharpapi_header_t {
            name: text(name),
            value: text(value),
        })
        .collect();
    let secrets: Vec<sharpapi_str_t> = secrets.iter().map(|secret| text(secret)).collect();
    let mut causes = 0_u32;
    // SAFETY: every pointer and length describes live data of this function.
    let status = unsafe {
        sharpapi_explain_from_headers(
            body.as_ptr(),
            body.len(),
            headers.as_ptr(),
            headers.len(),
            secrets.as_ptr(),
            secrets.len(),
            &mut causes,
        )
    };
    assert_eq!(status, sharpapi_status_t::SHARPAPI_OK);
    causes
}

#[test]
fn explain_from_headers_finds_the_signature_as_verification_does() {
    for vector in vectors("explain/transformations.json") {
        let body = vector["body"].as_str().unwrap();
        let secrets: Vec<&str> = vector["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|secret| secret.as_str().unwrap())
            .collect();
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(signature) = vector["signature"].as_str() {
            headers.push(("x-signature", signature));
        }
        let expected: Vec<String> = vector["expected"]["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|cause| cause.as_str().unwrap().to_owned())
            .collect();
        let found = cause_names(explain_from_headers(body, &headers, &secrets));
        assert_eq!(found, expected, "{}", vector["name"]);
    }
    let secret = "whsec_headers";
    let body = r#"{"id":"job-1","status":"success","type":"content_translate"}"#;
    let signature = sharpapi_webhooks::sign(body.as_bytes(), secret).unwrap();
    let twice = [
        ("X-Signature", signature.as_str()),
        ("X-SIGNATURE", &signature),
    ];
    assert_eq!(
        cause_names(explain_from_headers(body, &twice, &[secret])),
        ["signature_matches"]
    );
    let differing = [("X-Signature", signature.as_str()), ("X-Signature", "ab")];
    assert_eq!(
        cause_names(explain_from_headers(body, &differing, &[secret])),
        ["malformed_signature"]
    );
    assert_eq!(
        cause_names(explain_from_headers(body, &[], &[secret])),
        ["missing_signature"]
    );
    let mut causes = 0_u32;
    // SAFETY: a NULL header array with a non-zero length is refused before it is read.
    let status = unsafe {
        sharpapi_explain_from_headers(
            body.as_ptr(),
            body.len(),
            ptr::null(),
            1,
            ptr::null(),
            0,
            &mut causes,
        )
    };
    assert_eq!(status, sharpapi_status_t::SHARPAPI_NULL_ARGUMENT);
}

#[test]
fn every_cause_has_a_description_and_no_other_number_has() {
    for code in 1..=12 {
        let description = sharpapi_cause_description(code);
        assert!(!description.is_null(), "cause {code}");
        // SAFETY: a static NUL-terminated string of the library.
        assert!(!unsafe { CStr::from_ptr(description) }.is_empty());
    }
    assert!(sharpapi_cause_description(0).is_null());
    for cause in sharpapi_webhooks::Cause::ALL {
        // SAFETY: a static NUL-terminated string of the library.
        let name = unsafe { CStr::from_ptr(sharpapi_cause_name(cause.code())) };
        assert_eq!(name.to_str().unwrap(), cause.as_str());
    }
    assert!(sharpapi_cause_name(13).is_null());
    assert!(sharpapi_cause_description(13).is_null());
    assert_eq!(SHARPAPI_CAUSE_JSON_WHITESPACE, 6);
}

#[test]
fn a_test_delivery_verifies_and_carries_its_fields() {
    let secret = "whsec_test_delivery";
    let mut delivery: *mut sharpapi_test_delivery_t = ptr::null_mut();
    // SAFETY: live strings; `delivery` is writable.
    let status = unsafe {
        sharpapi_test_delivery_new(
            text(secret),
            text("job-1"),
            text("success"),
            text("content_translate"),
            text(r#"{"content":"Hallo"}"#),
            &mut delivery,
        )
    };
    assert_eq!(status, sharpapi_status_t::SHARPAPI_OK);
    // SAFETY: a live delivery, released by the call.
    let (body, signature) = unsafe { read_and_free(delivery) };
    assert_eq!(
        body,
        br#"{"id":"job-1","status":"success","type":"content_translate","result":{"content":"Hallo"}}"#
    );
    assert_verifies(&body, &signature, secret);
    // SAFETY: NULL does nothing.
    unsafe { sharpapi_test_delivery_free(ptr::null_mut()) };
    // A result that is not JSON is refused, and nothing is written.
    let mut refused: *mut sharpapi_test_delivery_t = ptr::null_mut();
    // SAFETY: as above.
    let status = unsafe {
        sharpapi_test_delivery_new(
            text(secret),
            text("job-2"),
            text("success"),
            text("x"),
            text("{nope"),
            &mut refused,
        )
    };
    assert_eq!(status, sharpapi_status_t::SHARPAPI_INVALID_PAYLOAD);
    assert!(refused.is_null());
}

/// `text` for a present string, NULL with length 0 for an absent one (no result).
fn optional_text(value: Option<&str>) -> sharpapi_str_t {
    value.map_or(
        sharpapi_str_t {
            ptr: ptr::null(),
            len: 0,
        },
        text,
    )
}

#[test]
fn test_deliveries_match_every_vector_through_the_c_abi() {
    let vectors = vectors("test_delivery/deliveries.json");
    assert!(vectors.len() >= 17, "too few test delivery vectors");
    for vector in &vectors {
        let name = vector["name"].as_str().unwrap();
        let given = &vector["given"];
        let field = |member: &str| given[member].as_str().unwrap();
        let mut delivery: *mut sharpapi_test_delivery_t = ptr::null_mut();
        // SAFETY: live strings of this test; `delivery` is writable.
        let status = unsafe {
            sharpapi_test_delivery_new(
                text(field("secret")),
                text(field("id")),
                text(field("status")),
                text(field("type")),
                optional_text(given["result_json"].as_str()),
                &mut delivery,
            )
        };
        let expected = &vector["expected"];
        if let Some(error) = expected["error"].as_str() {
            let name_of_status = sharpapi_webhooks::ErrorCode::from_u32(status as u32)
                .map(sharpapi_webhooks::ErrorCode::name);
            assert_eq!(name_of_status, Some(error), "{name}");
            assert!(delivery.is_null(), "{name}: a refused delivery was written");
            continue;
        }
        assert_eq!(status, sharpapi_status_t::SHARPAPI_OK, "{name}");
        // SAFETY: a live delivery, released by the call.
        let (body, signature) = unsafe { read_and_free(delivery) };
        assert_eq!(
            body,
            expected["body"].as_str().unwrap().as_bytes(),
            "{name}"
        );
        assert_eq!(
            signature,
            expected["signature"].as_str().unwrap().as_bytes(),
            "{name}"
        );
        assert_verifies(&body, &signature, field("secret"));
    }
}
