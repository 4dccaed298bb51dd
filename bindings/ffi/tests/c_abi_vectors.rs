//! Every shared vector through the C ABI, called from Rust exactly as C calls it.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ffi::{CStr, c_char};
use std::ptr;

use sharpapi_webhooks_ffi::*;
use sharpapi_webhooks_testkit::vectors::{ExpectedEvent, FILES, Mismatches, Outcome, Vector, run};

#[test]
fn every_vector_through_the_c_abi() {
    for file in FILES {
        run(file, check);
    }
}

/// The vectors' name for a status.
fn status_name(status: sharpapi_status_t) -> String {
    let name = match status {
        sharpapi_status_t::SHARPAPI_OK => "ok",
        sharpapi_status_t::SHARPAPI_INVALID_SECRET => "InvalidSecret",
        sharpapi_status_t::SHARPAPI_MISSING_SIGNATURE => "MissingSignature",
        sharpapi_status_t::SHARPAPI_MALFORMED_SIGNATURE => "MalformedSignature",
        sharpapi_status_t::SHARPAPI_INVALID_SIGNATURE => "InvalidSignature",
        sharpapi_status_t::SHARPAPI_INVALID_PAYLOAD => "InvalidPayload",
        other => return format!("{other:?}"),
    };
    name.to_owned()
}

unsafe fn text(
    read: impl FnOnce(*mut *const c_char, *mut usize) -> sharpapi_status_t,
) -> Option<String> {
    let (mut text, mut len) = (ptr::null(), 0);
    assert_eq!(read(&mut text, &mut len), sharpapi_status_t::SHARPAPI_OK);
    if text.is_null() {
        assert_eq!(len, 0);
        return None;
    }
    // SAFETY: the library promises `len` bytes of UTF-8 at `text`, followed by a NUL.
    let bytes = unsafe { std::slice::from_raw_parts(text.cast::<u8>(), len + 1) };
    assert_eq!(bytes[len], 0, "every text is NUL-terminated");
    Some(String::from_utf8(bytes[..len].to_vec()).unwrap())
}

/// Reads an event through its accessors, then releases it.
fn take_event(event: *mut sharpapi_event_t) -> ExpectedEvent {
    // SAFETY: `event` is a live event that this function owns and releases last.
    unsafe {
        let (mut status_code, mut type_code) = (u32::MAX, u32::MAX);
        assert_eq!(
            sharpapi_event_status_code(event, &mut status_code),
            sharpapi_status_t::SHARPAPI_OK
        );
        assert_eq!(
            sharpapi_event_type_code(event, &mut type_code),
            sharpapi_status_t::SHARPAPI_OK
        );
        let read = ExpectedEvent {
            id: text(|t, l| sharpapi_event_id(event, t, l)).unwrap(),
            status: text(|t, l| sharpapi_event_status(event, t, l)).unwrap(),
            job_type: text(|t, l| sharpapi_event_type(event, t, l)).unwrap(),
            result: text(|t, l| sharpapi_event_result(event, t, l)),
            status_known: status_code != SHARPAPI_JOB_STATUS_OTHER,
            type_known: type_code != SHARPAPI_JOB_TYPE_OTHER,
        };
        sharpapi_event_free(event);
        read
    }
}

fn outcome(status: sharpapi_status_t, event: *mut sharpapi_event_t) -> Outcome {
    if status == sharpapi_status_t::SHARPAPI_OK {
        Outcome::Event(take_event(event))
    } else {
        assert!(event.is_null(), "no event is written on failure");
        Outcome::Error(status_name(status))
    }
}

/// The message `sharpapi_last_error_message` gives for the failure just reported on this thread.
fn last_error_message() -> String {
    let mut len = usize::MAX;
    // SAFETY: a writable length.
    let message = unsafe { sharpapi_last_error_message(&mut len) };
    // SAFETY: the library promises `len` bytes of UTF-8 followed by a NUL.
    let bytes = unsafe { std::slice::from_raw_parts(message.cast::<u8>(), len + 1) };
    assert_eq!(bytes[len], 0);
    String::from_utf8(bytes[..len].to_vec()).unwrap()
}

/// The outcome of a construction, with the message the library keeps for a failure checked.
fn constructed(status: sharpapi_status_t, event: *mut sharpapi_event_t) -> Outcome {
    if status == sharpapi_status_t::SHARPAPI_INVALID_PAYLOAD {
        let message = last_error_message();
        assert!(
            message.starts_with("invalid payload: ")
                && message.contains(" at line ")
                && message.contains(" column "),
            "InvalidPayload's detail reaches C: {message}"
        );
    } else if status != sharpapi_status_t::SHARPAPI_OK {
        // SAFETY: a static NUL-terminated message.
        let fixed = unsafe { CStr::from_ptr(sharpapi_error_message(status as u32)) };
        assert_eq!(last_error_message(), fixed.to_str().unwrap());
    }
    outcome(status, event)
}

fn str_of(bytes: &[u8]) -> sharpapi_str_t {
    sharpapi_str_t {
        ptr: bytes.as_ptr(),
        len: bytes.len(),
    }
}

fn check(vector: &Vector, mismatches: &mut Mismatches) {
    let raw_body = vector.raw_body();
    let secrets = vector.secret_bytes();
    let signature = vector.signature.as_deref().map(str::as_bytes);
    let (signature_ptr, signature_len) =
        signature.map_or((ptr::null(), 0), |s| (s.as_ptr(), s.len()));
    let expected = &vector.expected;

    for (secret, wanted) in secrets.iter().zip(&expected.sign) {
        let mut out = [0 as c_char; SHARPAPI_SIGNATURE_BUFFER_LEN];
        // SAFETY: valid body, secret and a buffer of the documented size.
        let status = unsafe {
            sharpapi_sign(
                raw_body.as_ptr(),
                raw_body.len(),
                secret.as_ptr(),
                secret.len(),
                out.as_mut_ptr(),
                out.len(),
            )
        };
        let actual = if status == sharpapi_status_t::SHARPAPI_OK {
            // SAFETY: on success the buffer holds a NUL-terminated signature.
            Ok(unsafe { CStr::from_ptr(out.as_ptr()) }
                .to_str()
                .unwrap()
                .to_owned())
        } else {
            Err(status_name(status))
        };
        mismatches.expect(
            "sharpapi_sign",
            &wanted.clone().ok_or_else(|| "InvalidSecret".to_owned()),
            &actual,
        );
    }

    let secret_strs: Vec<sharpapi_str_t> = secrets.iter().map(|s| str_of(s)).collect();
    let mut verifier = ptr::null_mut();
    // SAFETY: a valid array of valid strings, and a writable out-parameter.
    let made =
        unsafe { sharpapi_verifier_new(secret_strs.as_ptr(), secret_strs.len(), &mut verifier) };

    let mut event = ptr::null_mut();
    if let Some(headers) = &vector.headers {
        let pairs: Vec<sharpapi_header_t> = headers
            .iter()
            .map(|(name, value)| sharpapi_header_t {
                name: str_of(name.as_bytes()),
                value: str_of(value.as_bytes()),
            })
            .collect();
        let status = if made == sharpapi_status_t::SHARPAPI_OK {
            // SAFETY: a live verifier, valid pairs and a writable out-parameter.
            unsafe {
                sharpapi_verifier_construct_event_from_headers(
                    verifier,
                    raw_body.as_ptr(),
                    raw_body.len(),
                    pairs.as_ptr(),
                    pairs.len(),
                    &mut event,
                )
            }
        } else {
            made
        };
        mismatches.expect(
            "sharpapi_verifier_construct_event_from_headers",
            &expected.construct_event,
            &constructed(status, event),
        );
    } else {
        let verified = if made == sharpapi_status_t::SHARPAPI_OK {
            // SAFETY: a live verifier and valid arguments.
            unsafe {
                sharpapi_verifier_verify(
                    verifier,
                    raw_body.as_ptr(),
                    raw_body.len(),
                    signature_ptr,
                    signature_len,
                )
            }
        } else {
            made
        };
        mismatches.expect(
            "sharpapi_verifier_verify",
            expected.verify.as_deref().unwrap(),
            &status_name(verified),
        );
        if let [secret] = secrets.as_slice() {
            // SAFETY: valid arguments.
            let verified = unsafe {
                sharpapi_verify(
                    raw_body.as_ptr(),
                    raw_body.len(),
                    signature_ptr,
                    signature_len,
                    secret.as_ptr(),
                    secret.len(),
                )
            };
            mismatches.expect(
                "sharpapi_verify",
                expected.verify.as_deref().unwrap(),
                &status_name(verified),
            );
        }
        let status = if made == sharpapi_status_t::SHARPAPI_OK {
            // SAFETY: a live verifier, valid arguments and a writable out-parameter.
            unsafe {
                sharpapi_verifier_construct_event(
                    verifier,
                    raw_body.as_ptr(),
                    raw_body.len(),
                    signature_ptr,
                    signature_len,
                    &mut event,
                )
            }
        } else {
            made
        };
        mismatches.expect(
            "sharpapi_verifier_construct_event",
            &expected.construct_event,
            &constructed(status, event),
        );
    }
    // SAFETY: NULL or the live verifier made above, released once.
    unsafe { sharpapi_verifier_free(verifier) };

    let mut event = ptr::null_mut();
    // SAFETY: a valid body and a writable out-parameter.
    let parsed =
        unsafe { sharpapi_parse_event_unverified(raw_body.as_ptr(), raw_body.len(), &mut event) };
    mismatches.expect(
        "sharpapi_parse_event_unverified",
        &expected.parse_event_unverified,
        &constructed(parsed, event),
    );
}
