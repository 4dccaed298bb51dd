//! Bad input for every C function: NULLs, zero lengths, strings that are not UTF-8, no secrets,
//! small buffers. Each gets its status, and no out-parameter is written on failure.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ffi::{CStr, c_char};
use std::ptr;

use sharpapi_webhooks_ffi::sharpapi_status_t::*;
use sharpapi_webhooks_ffi::*;

const SECRET: &CStr = c"whsec_c_abi";
const NOT_UTF8: &CStr = c"\xff\xfe";
const BODY: &[u8] =
    br#"{"id":"42","status":"success","type":"content_translate","result":{"n":1}}"#;

/// A sentinel that a failed call must leave in place.
fn untouched<T>() -> *mut T {
    ptr::dangling_mut()
}

fn signature_of(body: &[u8]) -> [c_char; SHARPAPI_SIGNATURE_BUFFER_LEN] {
    let mut out = [0; SHARPAPI_SIGNATURE_BUFFER_LEN];
    // SAFETY: valid arguments.
    let status = unsafe {
        sharpapi_sign(
            body.as_ptr(),
            body.len(),
            SECRET.as_ptr(),
            out.as_mut_ptr(),
            out.len(),
        )
    };
    assert_eq!(status, SHARPAPI_OK);
    out
}

fn new_verifier() -> *mut sharpapi_verifier_t {
    let secrets = [SECRET.as_ptr()];
    let mut verifier = ptr::null_mut();
    // SAFETY: valid arguments.
    let status = unsafe { sharpapi_verifier_new(secrets.as_ptr(), 1, &mut verifier) };
    assert_eq!(status, SHARPAPI_OK);
    verifier
}

fn new_event() -> *mut sharpapi_event_t {
    let mut event = ptr::null_mut();
    // SAFETY: valid arguments.
    let status = unsafe { sharpapi_parse_event_unverified(BODY.as_ptr(), BODY.len(), &mut event) };
    assert_eq!(status, SHARPAPI_OK);
    event
}

#[test]
fn sharpapi_verify_checks_every_argument() {
    let signature = signature_of(BODY);
    // SAFETY: every call passes what the contract allows: NULLs, valid strings, a valid body.
    unsafe {
        assert_eq!(
            sharpapi_verify(
                BODY.as_ptr(),
                BODY.len(),
                signature.as_ptr(),
                SECRET.as_ptr()
            ),
            SHARPAPI_OK
        );
        assert_eq!(
            sharpapi_verify(ptr::null(), 5, signature.as_ptr(), SECRET.as_ptr()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verify(BODY.as_ptr(), BODY.len(), signature.as_ptr(), ptr::null()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verify(
                BODY.as_ptr(),
                BODY.len(),
                signature.as_ptr(),
                NOT_UTF8.as_ptr()
            ),
            SHARPAPI_INVALID_UTF8
        );
        assert_eq!(
            sharpapi_verify(BODY.as_ptr(), BODY.len(), signature.as_ptr(), c"".as_ptr()),
            SHARPAPI_INVALID_SECRET
        );
        // NULL signature: the header is absent. Bytes that are not UTF-8 came from the network.
        assert_eq!(
            sharpapi_verify(BODY.as_ptr(), BODY.len(), ptr::null(), SECRET.as_ptr()),
            SHARPAPI_MISSING_SIGNATURE
        );
        assert_eq!(
            sharpapi_verify(
                BODY.as_ptr(),
                BODY.len(),
                NOT_UTF8.as_ptr(),
                SECRET.as_ptr()
            ),
            SHARPAPI_MALFORMED_SIGNATURE
        );
        // A zero length never reads the pointer, NULL or not.
        let empty_signature = signature_of(b"");
        assert_eq!(
            sharpapi_verify(ptr::null(), 0, empty_signature.as_ptr(), SECRET.as_ptr()),
            SHARPAPI_OK
        );
        assert_eq!(
            sharpapi_verify(BODY.as_ptr(), 0, empty_signature.as_ptr(), SECRET.as_ptr()),
            SHARPAPI_OK
        );
        assert_eq!(
            sharpapi_verify(
                BODY.as_ptr(),
                usize::MAX,
                empty_signature.as_ptr(),
                SECRET.as_ptr()
            ),
            SHARPAPI_INVALID_LENGTH
        );
    }
}

#[test]
fn sharpapi_sign_writes_only_into_a_large_enough_buffer() {
    let mut out = [b'#' as c_char; SHARPAPI_SIGNATURE_BUFFER_LEN];
    // SAFETY: every call passes a buffer at least as long as the length it gives.
    unsafe {
        assert_eq!(
            sharpapi_sign(
                BODY.as_ptr(),
                BODY.len(),
                SECRET.as_ptr(),
                out.as_mut_ptr(),
                64
            ),
            SHARPAPI_BUFFER_TOO_SMALL
        );
        assert_eq!(
            sharpapi_sign(
                BODY.as_ptr(),
                BODY.len(),
                SECRET.as_ptr(),
                out.as_mut_ptr(),
                0
            ),
            SHARPAPI_BUFFER_TOO_SMALL
        );
        assert_eq!(
            sharpapi_sign(
                BODY.as_ptr(),
                BODY.len(),
                SECRET.as_ptr(),
                ptr::null_mut(),
                65
            ),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_sign(BODY.as_ptr(), BODY.len(), ptr::null(), out.as_mut_ptr(), 65),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_sign(
                BODY.as_ptr(),
                BODY.len(),
                NOT_UTF8.as_ptr(),
                out.as_mut_ptr(),
                65
            ),
            SHARPAPI_INVALID_UTF8
        );
        assert_eq!(
            sharpapi_sign(
                BODY.as_ptr(),
                BODY.len(),
                c"".as_ptr(),
                out.as_mut_ptr(),
                65
            ),
            SHARPAPI_INVALID_SECRET
        );
        assert_eq!(
            sharpapi_sign(ptr::null(), 1, SECRET.as_ptr(), out.as_mut_ptr(), 65),
            SHARPAPI_NULL_ARGUMENT
        );
        assert!(
            out.iter().all(|&byte| byte == b'#' as c_char),
            "nothing written on failure"
        );
        assert_eq!(
            sharpapi_sign(ptr::null(), 0, SECRET.as_ptr(), out.as_mut_ptr(), 65),
            SHARPAPI_OK
        );
        let signature = CStr::from_ptr(out.as_ptr()).to_str().unwrap();
        assert_eq!(
            signature,
            sharpapi_webhooks::sign(b"", "whsec_c_abi").unwrap()
        );
    }
}

#[test]
fn sharpapi_verifier_new_checks_every_secret() {
    let valid = [SECRET.as_ptr(), c"second".as_ptr()];
    let with_null = [SECRET.as_ptr(), ptr::null()];
    let with_empty = [SECRET.as_ptr(), c"".as_ptr()];
    let with_bad_utf8 = [NOT_UTF8.as_ptr()];
    // SAFETY: arrays as long as the lengths given; out-parameters writable or NULL.
    unsafe {
        let mut verifier = untouched();
        assert_eq!(
            sharpapi_verifier_new(valid.as_ptr(), 0, &mut verifier),
            SHARPAPI_INVALID_SECRET
        );
        assert_eq!(
            sharpapi_verifier_new(ptr::null(), 0, &mut verifier),
            SHARPAPI_INVALID_SECRET
        );
        assert_eq!(
            sharpapi_verifier_new(ptr::null(), 2, &mut verifier),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_new(with_null.as_ptr(), 2, &mut verifier),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_new(with_empty.as_ptr(), 2, &mut verifier),
            SHARPAPI_INVALID_SECRET
        );
        assert_eq!(
            sharpapi_verifier_new(with_bad_utf8.as_ptr(), 1, &mut verifier),
            SHARPAPI_INVALID_UTF8
        );
        assert_eq!(
            sharpapi_verifier_new(valid.as_ptr(), usize::MAX, &mut verifier),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(verifier, untouched(), "nothing written on failure");
        assert_eq!(
            sharpapi_verifier_new(valid.as_ptr(), 2, ptr::null_mut()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_new(valid.as_ptr(), 2, &mut verifier),
            SHARPAPI_OK
        );
        sharpapi_verifier_free(verifier);
        sharpapi_verifier_free(ptr::null_mut());
    }
}

#[test]
fn verifier_calls_check_every_argument() {
    let verifier = new_verifier();
    let signature = signature_of(BODY);
    // SAFETY: `verifier` is live until freed at the end; other pointers are valid or NULL.
    unsafe {
        assert_eq!(
            sharpapi_verifier_verify(verifier, BODY.as_ptr(), BODY.len(), signature.as_ptr()),
            SHARPAPI_OK
        );
        assert_eq!(
            sharpapi_verifier_verify(ptr::null(), BODY.as_ptr(), BODY.len(), signature.as_ptr()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_verify(verifier, ptr::null(), 3, signature.as_ptr()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_verify(verifier, BODY.as_ptr(), BODY.len(), ptr::null()),
            SHARPAPI_MISSING_SIGNATURE
        );
        assert_eq!(
            sharpapi_verifier_verify(verifier, ptr::null(), 0, signature.as_ptr()),
            SHARPAPI_INVALID_SIGNATURE
        );

        let mut event = untouched();
        assert_eq!(
            sharpapi_verifier_construct_event(
                ptr::null(),
                BODY.as_ptr(),
                BODY.len(),
                signature.as_ptr(),
                &mut event
            ),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_construct_event(
                verifier,
                ptr::null(),
                9,
                signature.as_ptr(),
                &mut event
            ),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_construct_event(
                verifier,
                BODY.as_ptr(),
                BODY.len(),
                ptr::null(),
                &mut event
            ),
            SHARPAPI_MISSING_SIGNATURE
        );
        assert_eq!(
            sharpapi_verifier_construct_event(
                verifier,
                BODY.as_ptr(),
                10,
                signature.as_ptr(),
                &mut event
            ),
            SHARPAPI_INVALID_SIGNATURE
        );
        assert_eq!(event, untouched(), "nothing written on failure");
        assert_eq!(
            sharpapi_verifier_construct_event(
                verifier,
                BODY.as_ptr(),
                BODY.len(),
                signature.as_ptr(),
                ptr::null_mut()
            ),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_construct_event(
                verifier,
                BODY.as_ptr(),
                BODY.len(),
                signature.as_ptr(),
                &mut event
            ),
            SHARPAPI_OK
        );
        sharpapi_event_free(event);
        sharpapi_verifier_free(verifier);
    }
}

#[test]
fn parsing_checks_every_argument() {
    // SAFETY: valid or NULL pointers, lengths that match.
    unsafe {
        let mut event = untouched();
        assert_eq!(
            sharpapi_parse_event_unverified(ptr::null(), 4, &mut event),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_parse_event_unverified(ptr::null(), 0, &mut event),
            SHARPAPI_INVALID_PAYLOAD
        );
        assert_eq!(
            sharpapi_parse_event_unverified(b"\xff".as_ptr(), 1, &mut event),
            SHARPAPI_INVALID_PAYLOAD
        );
        assert_eq!(event, untouched());
        assert_eq!(
            sharpapi_parse_event_unverified(BODY.as_ptr(), BODY.len(), ptr::null_mut()),
            SHARPAPI_NULL_ARGUMENT
        );
        sharpapi_event_free(ptr::null_mut());
    }
}

#[test]
fn event_accessors_check_every_argument() {
    let event = new_event();
    let mut text: *const c_char = untouched::<c_char>();
    let mut len = usize::MAX;
    let mut code = u32::MAX;
    type TextAccessor = unsafe extern "C" fn(
        *const sharpapi_event_t,
        *mut *const c_char,
        *mut usize,
    ) -> sharpapi_status_t;
    let accessors: [(&str, TextAccessor); 4] = [
        ("id", sharpapi_event_id),
        ("status", sharpapi_event_status),
        ("type", sharpapi_event_type),
        ("result", sharpapi_event_result),
    ];
    // SAFETY: `event` is live until freed at the end; out-parameters writable or NULL.
    unsafe {
        for (name, accessor) in accessors {
            assert_eq!(
                accessor(ptr::null(), &mut text, &mut len),
                SHARPAPI_NULL_ARGUMENT,
                "{name}"
            );
            assert_eq!(
                accessor(event, ptr::null_mut(), &mut len),
                SHARPAPI_NULL_ARGUMENT,
                "{name}"
            );
            assert_eq!(
                accessor(event, &mut text, ptr::null_mut()),
                SHARPAPI_NULL_ARGUMENT,
                "{name}"
            );
            assert_eq!(
                (text, len),
                (untouched::<c_char>().cast_const(), usize::MAX),
                "{name}: nothing written"
            );
        }
        for accessor in [sharpapi_event_status_code, sharpapi_event_type_code] {
            assert_eq!(accessor(ptr::null(), &mut code), SHARPAPI_NULL_ARGUMENT);
            assert_eq!(accessor(event, ptr::null_mut()), SHARPAPI_NULL_ARGUMENT);
            assert_eq!(code, u32::MAX);
        }
        assert_eq!(
            sharpapi_event_result(event, &mut text, &mut len),
            SHARPAPI_OK
        );
        assert_eq!(CStr::from_ptr(text).to_bytes(), br#"{"n":1}"#);
        assert_eq!(len, 7);
        assert_eq!(sharpapi_event_status_code(event, &mut code), SHARPAPI_OK);
        assert_eq!(code, SHARPAPI_JOB_STATUS_SUCCESS);
        assert_eq!(sharpapi_event_type_code(event, &mut code), SHARPAPI_OK);
        assert_eq!(code, SHARPAPI_JOB_TYPE_CONTENT_TRANSLATE);
        sharpapi_event_free(event);
    }
}

#[test]
fn event_fields_checks_its_arguments_and_agrees_with_the_accessors() {
    let event = new_event();
    // SAFETY: `event` is live until freed at the end; out-parameters writable or NULL.
    unsafe {
        let mut fields = std::mem::MaybeUninit::<sharpapi_event_fields_t>::zeroed();
        assert_eq!(
            sharpapi_event_fields(ptr::null(), fields.as_mut_ptr()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_event_fields(event, ptr::null_mut()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert!(
            fields.assume_init_ref().id.is_null(),
            "nothing written on failure"
        );
        assert_eq!(
            sharpapi_event_fields(event, fields.as_mut_ptr()),
            SHARPAPI_OK
        );
        let fields = fields.assume_init();
        let text =
            |ptr: *const c_char, len: usize| std::slice::from_raw_parts(ptr.cast::<u8>(), len);
        assert_eq!(text(fields.id, fields.id_len), b"42");
        assert_eq!(text(fields.status, fields.status_len), b"success");
        assert_eq!(
            text(fields.job_type, fields.job_type_len),
            b"content_translate"
        );
        assert_eq!(text(fields.result, fields.result_len), br#"{"n":1}"#);
        assert_eq!(
            (fields.status_code, fields.type_code),
            (
                SHARPAPI_JOB_STATUS_SUCCESS,
                SHARPAPI_JOB_TYPE_CONTENT_TRANSLATE
            )
        );
        let (mut result, mut len) = (ptr::null(), 0);
        assert_eq!(
            sharpapi_event_result(event, &mut result, &mut len),
            SHARPAPI_OK
        );
        assert_eq!(
            (result, len),
            (fields.result, fields.result_len),
            "the same borrowed text"
        );
        sharpapi_event_free(event);

        let body = br#"{"id":"1","status":"new","type":"x"}"#;
        let mut event = ptr::null_mut();
        assert_eq!(
            sharpapi_parse_event_unverified(body.as_ptr(), body.len(), &mut event),
            SHARPAPI_OK
        );
        let mut fields = std::mem::MaybeUninit::<sharpapi_event_fields_t>::zeroed();
        assert_eq!(
            sharpapi_event_fields(event, fields.as_mut_ptr()),
            SHARPAPI_OK
        );
        let fields = fields.assume_init();
        assert!(
            fields.result.is_null() && fields.result_len == 0,
            "no result: NULL and 0"
        );
        assert_eq!(fields.type_code, SHARPAPI_JOB_TYPE_OTHER);
        sharpapi_event_free(event);
    }
}

#[test]
fn an_id_with_a_nul_keeps_its_exact_length() {
    let body = br#"{"id":"a\u0000b","status":"new","type":"x"}"#;
    let mut event = ptr::null_mut();
    let (mut text, mut len) = (ptr::null(), 0);
    // SAFETY: valid arguments; `event` is released last.
    unsafe {
        assert_eq!(
            sharpapi_parse_event_unverified(body.as_ptr(), body.len(), &mut event),
            SHARPAPI_OK
        );
        assert_eq!(sharpapi_event_id(event, &mut text, &mut len), SHARPAPI_OK);
        assert_eq!(std::slice::from_raw_parts(text.cast::<u8>(), len), b"a\0b");
        sharpapi_event_free(event);
    }
}

#[test]
fn every_status_has_a_message() {
    let statuses = [
        SHARPAPI_OK,
        SHARPAPI_INVALID_SECRET,
        SHARPAPI_MISSING_SIGNATURE,
        SHARPAPI_MALFORMED_SIGNATURE,
        SHARPAPI_INVALID_SIGNATURE,
        SHARPAPI_INVALID_PAYLOAD,
        SHARPAPI_NULL_ARGUMENT,
        SHARPAPI_INVALID_UTF8,
        SHARPAPI_BUFFER_TOO_SMALL,
        SHARPAPI_INTERNAL_ERROR,
        SHARPAPI_INVALID_LENGTH,
    ];
    let mut messages = std::collections::HashSet::new();
    for status in statuses {
        // SAFETY: the library returns a static NUL-terminated string.
        let message = unsafe { CStr::from_ptr(sharpapi_error_message(status as u32)) }
            .to_str()
            .unwrap();
        assert!(
            !message.is_empty() && message != "unknown status code",
            "{status:?}"
        );
        assert!(
            messages.insert(message),
            "{status:?}: message shared with another status"
        );
    }
    for code in sharpapi_webhooks::ErrorCode::ALL {
        // SAFETY: as above.
        let message = unsafe { CStr::from_ptr(sharpapi_error_message(code.as_u32())) };
        assert_eq!(message.to_str().unwrap(), code.description());
    }
    // SAFETY: as above.
    let unknown = unsafe { CStr::from_ptr(sharpapi_error_message(99)) };
    assert_eq!(unknown, c"unknown status code");
}

#[test]
fn the_version_is_the_packages() {
    // SAFETY: the library returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(sharpapi_version()) }
        .to_str()
        .unwrap();
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml")).unwrap();
    assert!(
        manifest.contains(&format!("\nversion = \"{version}\"\n")),
        "{version} is not the workspace's version"
    );
}
