//! Bad input for every C function: NULLs with and without a length, lengths no object can have,
//! bytes that are not UTF-8 or hold a NUL, no secrets, repeated headers, small buffers. Each gets
//! its status, no out-parameter is written on failure, and `sharpapi_last_error_message` tells the
//! calling thread, and only it, why.

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

const SECRET: &[u8] = b"whsec_c_abi";
/// Bytes that no UTF-8 decoder accepts.
const NOT_UTF8: &[u8] = b"\xff\xfe";
/// The WTF-8 of a lone surrogate (U+D800), as a byte-string language passes one: not UTF-8.
const LONE_SURROGATE: &[u8] = b"a\xed\xa0\x80b";
const BODY: &[u8] =
    br#"{"id":"42","status":"success","type":"content_translate","result":{"n":1}}"#;
/// A length no object can have; the library must refuse it before reading anything.
const HUGE: usize = usize::MAX;
const MAX_DEPTH: usize = sharpapi_webhooks::MAX_NESTING_DEPTH;

/// A sentinel that a failed call must leave in place.
fn untouched<T>() -> *mut T {
    ptr::dangling_mut()
}

fn text(bytes: &[u8]) -> sharpapi_str_t {
    sharpapi_str_t {
        ptr: bytes.as_ptr(),
        len: bytes.len(),
    }
}

fn header(name: &[u8], value: &[u8]) -> sharpapi_header_t {
    sharpapi_header_t {
        name: text(name),
        value: text(value),
    }
}

const NULL_TEXT: sharpapi_str_t = sharpapi_str_t {
    ptr: ptr::null(),
    len: 0,
};

/// `sharpapi_sign` of `body` under `secret`, as the 64 hex digits.
fn signature_under(body: &[u8], secret: &[u8]) -> Vec<u8> {
    let mut out = [0 as c_char; SHARPAPI_SIGNATURE_BUFFER_LEN];
    // SAFETY: valid arguments and a buffer of the documented size.
    let status = unsafe {
        sharpapi_sign(
            body.as_ptr(),
            body.len(),
            secret.as_ptr(),
            secret.len(),
            out.as_mut_ptr(),
            out.len(),
        )
    };
    assert_eq!(status, SHARPAPI_OK);
    // SAFETY: on success the buffer holds 64 hex digits and a NUL.
    let signature = unsafe { CStr::from_ptr(out.as_ptr()) }.to_bytes().to_vec();
    assert_eq!(signature.len(), 64);
    signature
}

fn signature_of(body: &[u8]) -> Vec<u8> {
    signature_under(body, SECRET)
}

fn new_verifier(secrets: &[&[u8]]) -> *mut sharpapi_verifier_t {
    let secrets: Vec<sharpapi_str_t> = secrets.iter().map(|secret| text(secret)).collect();
    let mut verifier = ptr::null_mut();
    // SAFETY: valid arguments.
    let status = unsafe { sharpapi_verifier_new(secrets.as_ptr(), secrets.len(), &mut verifier) };
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

/// `sharpapi_verify` with every argument a byte slice.
fn verify(body: &[u8], signature: &[u8], secret: &[u8]) -> sharpapi_status_t {
    // SAFETY: slices as long as their lengths.
    unsafe {
        sharpapi_verify(
            body.as_ptr(),
            body.len(),
            signature.as_ptr(),
            signature.len(),
            secret.as_ptr(),
            secret.len(),
        )
    }
}

/// `sharpapi_verifier_verify` with a live verifier and byte slices.
fn verifier_verify(
    verifier: *const sharpapi_verifier_t,
    body: &[u8],
    signature: &[u8],
) -> sharpapi_status_t {
    // SAFETY: a live verifier and slices as long as their lengths.
    unsafe {
        sharpapi_verifier_verify(
            verifier,
            body.as_ptr(),
            body.len(),
            signature.as_ptr(),
            signature.len(),
        )
    }
}

/// `sharpapi_verifier_construct_event`, releasing the event on success.
fn construct(
    verifier: *const sharpapi_verifier_t,
    body: &[u8],
    signature: &[u8],
) -> sharpapi_status_t {
    let mut event = untouched();
    // SAFETY: a live verifier, slices as long as their lengths and a writable out-parameter.
    let status = unsafe {
        sharpapi_verifier_construct_event(
            verifier,
            body.as_ptr(),
            body.len(),
            signature.as_ptr(),
            signature.len(),
            &mut event,
        )
    };
    if status == SHARPAPI_OK {
        // SAFETY: the event just made, released once.
        unsafe { sharpapi_event_free(event) };
    } else {
        assert_eq!(event, untouched(), "nothing written on failure");
    }
    status
}

/// `sharpapi_verifier_construct_event_from_headers`, releasing the event on success.
fn construct_from_headers(
    verifier: *const sharpapi_verifier_t,
    body: &[u8],
    headers: &[sharpapi_header_t],
) -> sharpapi_status_t {
    let mut event = untouched();
    // SAFETY: a live verifier, valid pairs and a writable out-parameter.
    let status = unsafe {
        sharpapi_verifier_construct_event_from_headers(
            verifier,
            body.as_ptr(),
            body.len(),
            headers.as_ptr(),
            headers.len(),
            &mut event,
        )
    };
    if status == SHARPAPI_OK {
        // SAFETY: the event just made, released once.
        unsafe { sharpapi_event_free(event) };
    } else {
        assert_eq!(event, untouched(), "nothing written on failure");
    }
    status
}

/// `sharpapi_signature_from_headers`: the value found, or the status.
fn lookup(headers: &[sharpapi_header_t]) -> Result<(*const u8, usize), sharpapi_status_t> {
    let (mut signature, mut len) = (untouched::<u8>().cast_const(), HUGE);
    // SAFETY: valid pairs and writable out-parameters.
    let status = unsafe {
        sharpapi_signature_from_headers(headers.as_ptr(), headers.len(), &mut signature, &mut len)
    };
    if status == SHARPAPI_OK {
        Ok((signature, len))
    } else {
        assert_eq!(
            (signature, len),
            (untouched::<u8>().cast_const(), HUGE),
            "nothing written on failure"
        );
        Err(status)
    }
}

/// The message `sharpapi_last_error_message` gives on this thread, checked to be NUL-terminated.
fn last_error_message() -> String {
    let mut len = HUGE;
    // SAFETY: a writable length.
    let message = unsafe { sharpapi_last_error_message(&mut len) };
    assert!(!message.is_null());
    // SAFETY: the library promises `len` bytes followed by a NUL.
    let bytes = unsafe { std::slice::from_raw_parts(message.cast::<u8>(), len + 1) };
    assert_eq!(bytes[len], 0, "the message is NUL-terminated");
    // SAFETY: the same NUL-terminated message; `out_len` may be NULL.
    let without_len = unsafe { CStr::from_ptr(sharpapi_last_error_message(ptr::null_mut())) };
    assert_eq!(
        without_len.to_bytes(),
        &bytes[..len],
        "NULL out_len is allowed"
    );
    String::from_utf8(bytes[..len].to_vec()).unwrap()
}

fn static_message(status: sharpapi_status_t) -> &'static str {
    // SAFETY: the library returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(sharpapi_error_message(status as u32)) }
        .to_str()
        .unwrap()
}

#[test]
fn sharpapi_verify_checks_every_argument() {
    let signature = signature_of(BODY);
    let empty_signature = signature_of(b"");
    assert_eq!(verify(BODY, &signature, SECRET), SHARPAPI_OK);
    // SAFETY: every call passes what the contract allows: NULLs, and slices with their lengths.
    // A length of HUGE is refused before anything is read.
    unsafe {
        let null_body = |len| {
            sharpapi_verify(
                ptr::null(),
                len,
                signature.as_ptr(),
                signature.len(),
                SECRET.as_ptr(),
                SECRET.len(),
            )
        };
        assert_eq!(null_body(5), SHARPAPI_NULL_ARGUMENT);
        assert_eq!(null_body(HUGE), SHARPAPI_NULL_ARGUMENT);
        let null_secret = |len| {
            sharpapi_verify(
                BODY.as_ptr(),
                BODY.len(),
                signature.as_ptr(),
                signature.len(),
                ptr::null(),
                len,
            )
        };
        assert_eq!(null_secret(3), SHARPAPI_NULL_ARGUMENT);
        assert_eq!(null_secret(0), SHARPAPI_INVALID_SECRET, "NULL, 0 is empty");
        let null_signature = |len| {
            sharpapi_verify(
                BODY.as_ptr(),
                BODY.len(),
                ptr::null(),
                len,
                SECRET.as_ptr(),
                SECRET.len(),
            )
        };
        assert_eq!(null_signature(0), SHARPAPI_MISSING_SIGNATURE, "absent");
        assert_eq!(null_signature(64), SHARPAPI_NULL_ARGUMENT);
        // A zero length never reads the pointer, NULL or not.
        assert_eq!(
            sharpapi_verify(
                ptr::null(),
                0,
                empty_signature.as_ptr(),
                64,
                SECRET.as_ptr(),
                SECRET.len()
            ),
            SHARPAPI_OK
        );
        assert_eq!(
            verify(&BODY[..0], &empty_signature, SECRET),
            SHARPAPI_OK,
            "a body pointer with length 0 is the empty body"
        );
        assert_eq!(
            verify(BODY, &signature[..0], SECRET),
            SHARPAPI_MISSING_SIGNATURE,
            "a present but empty signature"
        );
        assert_eq!(
            sharpapi_verify(
                BODY.as_ptr(),
                HUGE,
                signature.as_ptr(),
                64,
                SECRET.as_ptr(),
                SECRET.len()
            ),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(
            sharpapi_verify(
                BODY.as_ptr(),
                BODY.len(),
                signature.as_ptr(),
                HUGE,
                SECRET.as_ptr(),
                SECRET.len()
            ),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(
            sharpapi_verify(
                BODY.as_ptr(),
                BODY.len(),
                signature.as_ptr(),
                64,
                SECRET.as_ptr(),
                HUGE
            ),
            SHARPAPI_INVALID_LENGTH
        );
    }
    assert_eq!(verify(BODY, &signature, b""), SHARPAPI_INVALID_SECRET);
    assert_eq!(verify(BODY, &signature, NOT_UTF8), SHARPAPI_INVALID_SECRET);
    assert_eq!(
        verify(BODY, &signature, LONE_SURROGATE),
        SHARPAPI_INVALID_SECRET
    );
    assert_eq!(verify(BODY, NOT_UTF8, SECRET), SHARPAPI_MALFORMED_SIGNATURE);
    assert_eq!(verify(BODY, b"abc", SECRET), SHARPAPI_MALFORMED_SIGNATURE);
    assert_eq!(
        verify(&BODY[1..], &signature, SECRET),
        SHARPAPI_INVALID_SIGNATURE
    );
}

#[test]
fn sharpapi_sign_writes_only_into_a_large_enough_buffer() {
    let mut out = [b'#' as c_char; SHARPAPI_SIGNATURE_BUFFER_LEN];
    // SAFETY: every call passes a buffer at least as long as the length it gives, slices with
    // their lengths, or NULL; a length of HUGE is refused before anything is read.
    unsafe {
        let sign = |payload: *const u8,
                    payload_len: usize,
                    secret: *const u8,
                    secret_len: usize,
                    out: *mut c_char,
                    out_len: usize| {
            sharpapi_sign(payload, payload_len, secret, secret_len, out, out_len)
        };
        let (body, secret) = (BODY.as_ptr(), SECRET.as_ptr());
        let buffer = out.as_mut_ptr();
        assert_eq!(
            sign(body, BODY.len(), secret, SECRET.len(), buffer, 64),
            SHARPAPI_BUFFER_TOO_SMALL
        );
        assert_eq!(
            sign(body, BODY.len(), secret, SECRET.len(), buffer, 0),
            SHARPAPI_BUFFER_TOO_SMALL
        );
        assert_eq!(
            sign(body, BODY.len(), secret, SECRET.len(), ptr::null_mut(), 65),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sign(body, BODY.len(), ptr::null(), 4, buffer, 65),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sign(body, BODY.len(), ptr::null(), 0, buffer, 65),
            SHARPAPI_INVALID_SECRET
        );
        assert_eq!(
            sign(body, BODY.len(), secret, 0, buffer, 65),
            SHARPAPI_INVALID_SECRET
        );
        for not_utf8 in [NOT_UTF8, LONE_SURROGATE] {
            assert_eq!(
                sign(
                    body,
                    BODY.len(),
                    not_utf8.as_ptr(),
                    not_utf8.len(),
                    buffer,
                    65
                ),
                SHARPAPI_INVALID_SECRET
            );
        }
        assert_eq!(
            sign(ptr::null(), 1, secret, SECRET.len(), buffer, 65),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sign(body, HUGE, secret, SECRET.len(), buffer, 65),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(
            sign(body, BODY.len(), secret, HUGE, buffer, 65),
            SHARPAPI_INVALID_LENGTH
        );
        assert!(
            out.iter().all(|&byte| byte == b'#' as c_char),
            "nothing written on failure"
        );
        assert_eq!(
            sign(ptr::null(), 0, secret, SECRET.len(), out.as_mut_ptr(), 65),
            SHARPAPI_OK
        );
        let signature = CStr::from_ptr(out.as_ptr()).to_str().unwrap();
        assert_eq!(signature, sharpapi_webhooks::sign(b"", SECRET).unwrap());
        // A larger buffer is fine; only 65 bytes of it are written.
        let mut large = [b'#' as c_char; 100];
        assert_eq!(
            sign(
                body,
                BODY.len(),
                secret,
                SECRET.len(),
                large.as_mut_ptr(),
                100
            ),
            SHARPAPI_OK
        );
        assert_eq!(large[64], 0);
        assert!(large[65..].iter().all(|&byte| byte == b'#' as c_char));
    }
}

#[test]
fn sharpapi_verifier_new_checks_every_secret() {
    let valid = [text(SECRET), text(b"second")];
    let with_null = [
        text(SECRET),
        sharpapi_str_t {
            ptr: ptr::null(),
            len: 6,
        },
    ];
    let with_null_empty = [text(SECRET), NULL_TEXT];
    let with_empty = [text(SECRET), text(b"")];
    let with_bad_utf8 = [text(SECRET), text(NOT_UTF8)];
    let with_lone_surrogate = [text(LONE_SURROGATE)];
    let with_huge = [
        text(SECRET),
        sharpapi_str_t {
            ptr: SECRET.as_ptr(),
            len: HUGE,
        },
    ];
    // SAFETY: arrays as long as the lengths given (HUGE is refused before anything is read);
    // out-parameters writable or NULL.
    unsafe {
        let mut verifier = untouched();
        let mut new = |secrets: *const sharpapi_str_t, len| {
            sharpapi_verifier_new(secrets, len, &mut verifier)
        };
        assert_eq!(new(valid.as_ptr(), 0), SHARPAPI_INVALID_SECRET, "no secret");
        assert_eq!(
            new(ptr::null(), 0),
            SHARPAPI_INVALID_SECRET,
            "NULL, 0: no secret"
        );
        assert_eq!(new(ptr::null(), 2), SHARPAPI_NULL_ARGUMENT);
        assert_eq!(new(with_null.as_ptr(), 2), SHARPAPI_NULL_ARGUMENT);
        assert_eq!(new(with_null_empty.as_ptr(), 2), SHARPAPI_INVALID_SECRET);
        assert_eq!(new(with_empty.as_ptr(), 2), SHARPAPI_INVALID_SECRET);
        assert_eq!(new(with_bad_utf8.as_ptr(), 2), SHARPAPI_INVALID_SECRET);
        assert_eq!(
            new(with_lone_surrogate.as_ptr(), 1),
            SHARPAPI_INVALID_SECRET
        );
        assert_eq!(new(with_huge.as_ptr(), 2), SHARPAPI_INVALID_LENGTH);
        assert_eq!(new(valid.as_ptr(), HUGE), SHARPAPI_INVALID_LENGTH);
        assert_eq!(
            new(valid.as_ptr(), HUGE / size_of::<sharpapi_str_t>()),
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
        let signature = signature_under(BODY, b"second");
        assert_eq!(verifier_verify(verifier, BODY, &signature), SHARPAPI_OK);
        sharpapi_verifier_free(verifier);
        sharpapi_verifier_free(ptr::null_mut());
    }
}

#[test]
fn a_nul_inside_a_secret_is_part_of_it() {
    let full: &[u8] = b"ab\0cd";
    let signature = signature_under(BODY, full);
    assert_eq!(
        signature,
        sharpapi_webhooks::sign(BODY, full).unwrap().into_bytes(),
        "the core's signature under all five bytes"
    );
    assert_ne!(signature, signature_under(BODY, b"ab"));
    assert_eq!(verify(BODY, &signature, full), SHARPAPI_OK);
    assert_eq!(verify(BODY, &signature, b"ab"), SHARPAPI_INVALID_SIGNATURE);
    assert_eq!(
        verify(BODY, &signature, b"ab\0"),
        SHARPAPI_INVALID_SIGNATURE
    );

    let whole = new_verifier(&[full]);
    let cut = new_verifier(&[b"ab"]);
    assert_eq!(verifier_verify(whole, BODY, &signature), SHARPAPI_OK);
    assert_eq!(construct(whole, BODY, &signature), SHARPAPI_OK);
    assert_eq!(
        verifier_verify(cut, BODY, &signature),
        SHARPAPI_INVALID_SIGNATURE
    );
    // SAFETY: the verifiers made above, each released once.
    unsafe {
        sharpapi_verifier_free(whole);
        sharpapi_verifier_free(cut);
    }
    // A secret of one NUL is not empty.
    let nul_only = signature_under(BODY, b"\0");
    assert_eq!(verify(BODY, &nul_only, b"\0"), SHARPAPI_OK);
}

#[test]
fn a_nul_or_a_byte_that_is_not_utf8_anywhere_in_a_signature_is_malformed() {
    let signature = signature_of(BODY);
    let verifier = new_verifier(&[SECRET]);
    let with = |before: &[u8], after: &[u8]| [before, &signature, after].concat();
    let mut nul_inside = signature.clone();
    nul_inside[31] = 0;
    let mut not_utf8_inside = signature.clone();
    not_utf8_inside[10] = 0xff;
    let malformed = [
        with(b"", b"\0junk"),
        with(b"", b"\0"),
        with(b"\0", b""),
        with(b" \0", b""),
        nul_inside,
        not_utf8_inside,
        with(b"", b"\xff"),
        with(b"\xc3", b""),
        with(b"\xc2\xa0", b""),
        with(b"", b"\n\0"),
    ];
    for bad in &malformed {
        assert_eq!(
            verify(BODY, bad, SECRET),
            SHARPAPI_MALFORMED_SIGNATURE,
            "{bad:?}"
        );
        assert_eq!(
            verifier_verify(verifier, BODY, bad),
            SHARPAPI_MALFORMED_SIGNATURE,
            "{bad:?}"
        );
        assert_eq!(
            construct(verifier, BODY, bad),
            SHARPAPI_MALFORMED_SIGNATURE,
            "{bad:?}"
        );
        assert_eq!(
            construct_from_headers(verifier, BODY, &[header(b"X-Signature", bad)]),
            SHARPAPI_MALFORMED_SIGNATURE,
            "{bad:?}"
        );
    }
    // Only ASCII whitespace around the value is trimmed.
    let padded = with(b" \t", b"\r\n");
    assert_eq!(verify(BODY, &padded, SECRET), SHARPAPI_OK);
    assert_eq!(
        verifier_verify(verifier, BODY, b" \t "),
        SHARPAPI_MISSING_SIGNATURE
    );
    // SAFETY: the verifier made above, released once.
    unsafe { sharpapi_verifier_free(verifier) };
}

#[test]
fn verifier_calls_check_every_argument() {
    let verifier = new_verifier(&[SECRET]);
    let signature = signature_of(BODY);
    let sig = signature.as_ptr();
    // SAFETY: `verifier` is live until freed at the end; other pointers are valid for their
    // lengths or NULL; a length of HUGE is refused before anything is read.
    unsafe {
        let verify = |verifier, body, body_len, signature, signature_len| {
            sharpapi_verifier_verify(verifier, body, body_len, signature, signature_len)
        };
        let body = BODY.as_ptr();
        assert_eq!(verify(verifier, body, BODY.len(), sig, 64), SHARPAPI_OK);
        assert_eq!(
            verify(ptr::null(), body, BODY.len(), sig, 64),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            verify(verifier, ptr::null(), 3, sig, 64),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            verify(verifier, body, BODY.len(), ptr::null(), 0),
            SHARPAPI_MISSING_SIGNATURE
        );
        assert_eq!(
            verify(verifier, body, BODY.len(), ptr::null(), 64),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            verify(verifier, ptr::null(), 0, sig, 64),
            SHARPAPI_INVALID_SIGNATURE,
            "NULL, 0 is the empty body"
        );
        assert_eq!(
            verify(verifier, body, HUGE, sig, 64),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(
            verify(verifier, body, BODY.len(), sig, HUGE),
            SHARPAPI_INVALID_LENGTH
        );

        let mut event = untouched();
        let mut construct = |verifier, body, body_len, signature, signature_len| {
            sharpapi_verifier_construct_event(
                verifier,
                body,
                body_len,
                signature,
                signature_len,
                &mut event,
            )
        };
        assert_eq!(
            construct(ptr::null(), body, BODY.len(), sig, 64),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            construct(verifier, ptr::null(), 9, sig, 64),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            construct(verifier, body, BODY.len(), ptr::null(), 0),
            SHARPAPI_MISSING_SIGNATURE
        );
        assert_eq!(
            construct(verifier, body, BODY.len(), ptr::null(), 1),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            construct(verifier, body, 10, sig, 64),
            SHARPAPI_INVALID_SIGNATURE
        );
        assert_eq!(
            construct(verifier, body, HUGE, sig, 64),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(
            construct(verifier, body, BODY.len(), sig, HUGE),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(event, untouched(), "nothing written on failure");
        assert_eq!(
            sharpapi_verifier_construct_event(verifier, body, BODY.len(), sig, 64, ptr::null_mut()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_verifier_construct_event(verifier, body, BODY.len(), sig, 64, &mut event),
            SHARPAPI_OK
        );
        sharpapi_event_free(event);
        sharpapi_verifier_free(verifier);
    }
}

#[test]
fn sharpapi_signature_from_headers_points_into_the_callers_headers() {
    let signature = signature_of(BODY);
    let padded = [b" ".as_slice(), &signature, b"\t"].concat();
    let other = signature_of(b"other");

    let headers = [
        header(b"Content-Type", b"application/json"),
        header(b"x-SiGnAtUrE", &signature),
    ];
    let (found, len) = lookup(&headers).unwrap();
    assert_eq!(
        (found, len),
        (signature.as_ptr(), 64),
        "the caller's own bytes"
    );

    let repeated = [
        header(b"X-Signature", &padded),
        header(b"x-signature", &signature),
    ];
    let (found, len) = lookup(&repeated).unwrap();
    assert_eq!(
        (found, len),
        (padded.as_ptr(), padded.len()),
        "the first, as received"
    );

    let differing = [
        header(b"X-Signature", &signature),
        header(b"X-Signature", &other),
    ];
    assert_eq!(lookup(&differing), Err(SHARPAPI_MALFORMED_SIGNATURE));
    let comma_joined = [signature.as_slice(), b", ", &signature].concat();
    assert_eq!(
        lookup(&[header(b"X-Signature", &comma_joined)]).map(|(_, len)| len),
        Ok(comma_joined.len()),
        "found as it is; verifying it says it is malformed"
    );
    assert_eq!(
        lookup(&[header(b"Content-Type", b"application/json")]),
        Err(SHARPAPI_MISSING_SIGNATURE)
    );
    assert_eq!(lookup(&[]), Err(SHARPAPI_MISSING_SIGNATURE));
    for not_the_name in [
        b"X-Signature ".as_slice(),
        b"X_Signature",
        b"X-Signature\0",
        b"X-Signatur\xc3\xa9",
        b"X-Signature-256",
        b"\xff",
        b"",
    ] {
        assert_eq!(
            lookup(&[header(not_the_name, &signature)]),
            Err(SHARPAPI_MISSING_SIGNATURE),
            "{not_the_name:?}"
        );
    }
    let nul_value = [signature.as_slice(), b"\0junk"].concat();
    assert_eq!(
        lookup(&[header(b"X-Signature", &nul_value)]),
        Ok((nul_value.as_ptr(), nul_value.len())),
        "a NUL in a value does not end it"
    );

    let null_name = sharpapi_header_t {
        name: sharpapi_str_t {
            ptr: ptr::null(),
            len: 11,
        },
        value: text(&signature),
    };
    let null_value = sharpapi_header_t {
        name: text(b"Accept"),
        value: sharpapi_str_t {
            ptr: ptr::null(),
            len: 3,
        },
    };
    let huge_value = sharpapi_header_t {
        name: text(b"X-Signature"),
        value: sharpapi_str_t {
            ptr: signature.as_ptr(),
            len: HUGE,
        },
    };
    let empty_null = sharpapi_header_t {
        name: text(b"X-Signature"),
        value: NULL_TEXT,
    };
    assert_eq!(
        lookup(&[headers[1], null_name]),
        Err(SHARPAPI_NULL_ARGUMENT)
    );
    assert_eq!(
        lookup(&[headers[1], null_value]),
        Err(SHARPAPI_NULL_ARGUMENT)
    );
    assert_eq!(lookup(&[huge_value]), Err(SHARPAPI_INVALID_LENGTH));
    assert_eq!(
        lookup(&[empty_null]).map(|(_, len)| len),
        Ok(0),
        "NULL, 0 is an empty value"
    );

    let (mut out, mut out_len) = (untouched::<u8>().cast_const(), HUGE);
    // SAFETY: NULL or valid pairs; writable or NULL out-parameters; HUGE is refused before
    // anything is read.
    unsafe {
        assert_eq!(
            sharpapi_signature_from_headers(ptr::null(), 2, &mut out, &mut out_len),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_signature_from_headers(ptr::null(), 0, &mut out, &mut out_len),
            SHARPAPI_MISSING_SIGNATURE
        );
        assert_eq!(
            sharpapi_signature_from_headers(headers.as_ptr(), HUGE, &mut out, &mut out_len),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(
            sharpapi_signature_from_headers(headers.as_ptr(), 2, ptr::null_mut(), &mut out_len),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            sharpapi_signature_from_headers(headers.as_ptr(), 2, &mut out, ptr::null_mut()),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            (out, out_len),
            (untouched::<u8>().cast_const(), HUGE),
            "nothing written on failure"
        );
    }
}

#[test]
fn construct_event_from_headers_checks_every_argument() {
    let verifier = new_verifier(&[SECRET]);
    let signature = signature_of(BODY);
    let upper = signature.to_ascii_uppercase();
    let padded = [b"  ".as_slice(), &signature].concat();
    let other = signature_of(b"other");
    let canonical = [
        header(b"User-Agent", b"SharpAPIWebhook/1.0"),
        header(b"X-Signature", &signature),
    ];
    let cases = [
        ("canonical", canonical.to_vec(), SHARPAPI_OK),
        (
            "odd case",
            vec![header(b"x-SiGnAtUrE", &signature)],
            SHARPAPI_OK,
        ),
        (
            "repeated, the same after trimming",
            vec![
                header(b"X-Signature", &signature),
                header(b"x-signature", &padded),
            ],
            SHARPAPI_OK,
        ),
        (
            "repeated, different",
            vec![
                header(b"X-Signature", &signature),
                header(b"X-Signature", &upper),
            ],
            SHARPAPI_MALFORMED_SIGNATURE,
        ),
        (
            "repeated, empty then the value",
            vec![
                header(b"X-Signature", b""),
                header(b"X-Signature", &signature),
            ],
            SHARPAPI_MALFORMED_SIGNATURE,
        ),
        (
            "none",
            vec![header(b"Accept", b"*/*")],
            SHARPAPI_MISSING_SIGNATURE,
        ),
        ("no headers", vec![], SHARPAPI_MISSING_SIGNATURE),
        (
            "empty value",
            vec![header(b"X-Signature", b"")],
            SHARPAPI_MISSING_SIGNATURE,
        ),
        (
            "wrong value",
            vec![header(b"X-Signature", &other)],
            SHARPAPI_INVALID_SIGNATURE,
        ),
    ];
    for (what, headers, status) in &cases {
        assert_eq!(
            construct_from_headers(verifier, BODY, headers),
            *status,
            "{what}"
        );
    }
    // SAFETY: a live verifier (or NULL), slices with their lengths (or NULL), writable or NULL
    // out-parameters; HUGE is refused before anything is read.
    unsafe {
        let mut event = untouched();
        let mut construct = |verifier, body, body_len, headers, headers_len| {
            sharpapi_verifier_construct_event_from_headers(
                verifier,
                body,
                body_len,
                headers,
                headers_len,
                &mut event,
            )
        };
        let (body, pairs) = (BODY.as_ptr(), canonical.as_ptr());
        assert_eq!(
            construct(ptr::null(), body, BODY.len(), pairs, 2),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            construct(verifier, ptr::null(), 7, pairs, 2),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            construct(verifier, body, BODY.len(), ptr::null(), 2),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            construct(verifier, body, BODY.len(), ptr::null(), 0),
            SHARPAPI_MISSING_SIGNATURE
        );
        assert_eq!(
            construct(verifier, body, HUGE, pairs, 2),
            SHARPAPI_INVALID_LENGTH
        );
        assert_eq!(
            construct(verifier, body, BODY.len(), pairs, HUGE),
            SHARPAPI_INVALID_LENGTH
        );
        let null_value = [
            canonical[1],
            sharpapi_header_t {
                name: text(b"Accept"),
                value: sharpapi_str_t {
                    ptr: ptr::null(),
                    len: 1,
                },
            },
        ];
        assert_eq!(
            construct(verifier, body, BODY.len(), null_value.as_ptr(), 2),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(
            construct(verifier, ptr::null(), 0, pairs, 2),
            SHARPAPI_INVALID_SIGNATURE,
            "NULL, 0 is the empty body"
        );
        assert_eq!(event, untouched(), "nothing written on failure");
        assert_eq!(
            sharpapi_verifier_construct_event_from_headers(
                verifier,
                body,
                BODY.len(),
                pairs,
                2,
                ptr::null_mut()
            ),
            SHARPAPI_NULL_ARGUMENT
        );
        sharpapi_verifier_free(verifier);
    }
}

#[test]
fn parsing_checks_every_argument() {
    // SAFETY: valid or NULL pointers, lengths that match; HUGE is refused before anything is
    // read.
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
        assert_eq!(
            sharpapi_parse_event_unverified(BODY.as_ptr(), HUGE, &mut event),
            SHARPAPI_INVALID_LENGTH
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
    let mut len = HUGE;
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
                (untouched::<c_char>().cast_const(), HUGE),
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
fn the_last_error_message_says_why_with_line_and_column() {
    // Before any failure on a fresh thread: empty, never NULL.
    std::thread::spawn(|| assert_eq!(last_error_message(), ""))
        .join()
        .unwrap();

    let body = b"{\n  \"id\": \"1\",\n  \"status\": 7\n}";
    let mut event = untouched();
    // SAFETY: a valid body and a writable out-parameter.
    let status = unsafe { sharpapi_parse_event_unverified(body.as_ptr(), body.len(), &mut event) };
    assert_eq!(status, SHARPAPI_INVALID_PAYLOAD);
    let message = last_error_message();
    assert!(
        message.starts_with("invalid payload: ") && message.ends_with(" at line 3 column 13"),
        "{message}"
    );
    // A success does not clear it: it is the last failure's.
    assert_eq!(verify(BODY, &signature_of(BODY), SECRET), SHARPAPI_OK);
    assert_eq!(last_error_message(), message);

    // After construct_event on a correctly signed body nested one level too deep.
    let verifier = new_verifier(&[SECRET]);
    let nested = |levels: usize| {
        let mut body = br#"{"id":"1","status":"new","type":"x","result":"#.to_vec();
        body.extend(b"[".repeat(levels));
        body.extend(b"]".repeat(levels));
        body.push(b'}');
        body
    };
    // The event object is level 1.
    let deepest = nested(MAX_DEPTH - 1);
    assert_eq!(
        construct(verifier, &deepest, &signature_of(&deepest)),
        SHARPAPI_OK
    );
    let too_deep = nested(MAX_DEPTH);
    assert_eq!(
        construct(verifier, &too_deep, &signature_of(&too_deep)),
        SHARPAPI_INVALID_PAYLOAD
    );
    let message = last_error_message();
    assert!(
        message.starts_with("invalid payload: ")
            && message.contains(" at line 1 column ")
            && message != static_message(SHARPAPI_INVALID_PAYLOAD),
        "{message}"
    );
    // SAFETY: the verifier made above, released once.
    unsafe { sharpapi_verifier_free(verifier) };
}

#[test]
fn after_other_failures_the_last_error_message_is_the_static_one() {
    let signature = signature_of(BODY);
    let verifier = new_verifier(&[SECRET]);
    let mut small = [0 as c_char; 10];
    // SAFETY: valid arguments, NULLs the contract allows, HUGE refused before anything is read.
    let failures = unsafe {
        [
            (verify(BODY, &signature, b""), last_error_message()),
            (verify(BODY, b"", SECRET), last_error_message()),
            (verify(BODY, b"xyz", SECRET), last_error_message()),
            (verify(&BODY[2..], &signature, SECRET), last_error_message()),
            (
                sharpapi_verifier_verify(ptr::null(), BODY.as_ptr(), BODY.len(), ptr::null(), 0),
                last_error_message(),
            ),
            (
                sharpapi_sign(
                    BODY.as_ptr(),
                    BODY.len(),
                    SECRET.as_ptr(),
                    SECRET.len(),
                    small.as_mut_ptr(),
                    small.len(),
                ),
                last_error_message(),
            ),
            (
                sharpapi_verifier_verify(verifier, BODY.as_ptr(), HUGE, ptr::null(), 0),
                last_error_message(),
            ),
        ]
    };
    let statuses: Vec<_> = failures.iter().map(|(status, _)| *status).collect();
    assert_eq!(
        statuses,
        [
            SHARPAPI_INVALID_SECRET,
            SHARPAPI_MISSING_SIGNATURE,
            SHARPAPI_MALFORMED_SIGNATURE,
            SHARPAPI_INVALID_SIGNATURE,
            SHARPAPI_NULL_ARGUMENT,
            SHARPAPI_BUFFER_TOO_SMALL,
            SHARPAPI_INVALID_LENGTH,
        ]
    );
    for (status, message) in failures {
        assert_eq!(message, static_message(status), "{status:?}");
    }
    // SAFETY: the verifier made above, released once.
    unsafe { sharpapi_verifier_free(verifier) };
}

#[test]
fn the_last_error_message_belongs_to_its_thread() {
    assert_eq!(verify(BODY, b"", SECRET), SHARPAPI_MISSING_SIGNATURE);
    let mine = static_message(SHARPAPI_MISSING_SIGNATURE);
    assert_eq!(last_error_message(), mine);

    let (ready, go) = std::sync::mpsc::channel();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let other = std::thread::spawn(move || {
        let body = b"not json";
        let mut event = untouched();
        // SAFETY: a valid body and a writable out-parameter.
        let status =
            unsafe { sharpapi_parse_event_unverified(body.as_ptr(), body.len(), &mut event) };
        assert_eq!(status, SHARPAPI_INVALID_PAYLOAD);
        let theirs = last_error_message();
        ready.send(theirs.clone()).unwrap();
        // Stay alive while the main thread reads its own message.
        finished.recv().unwrap();
        assert_eq!(
            last_error_message(),
            theirs,
            "unchanged by the other thread"
        );
    });
    let theirs = go.recv().unwrap();
    assert!(theirs.contains(" at line 1 column "), "{theirs}");
    assert_eq!(
        last_error_message(),
        mine,
        "a failure elsewhere changes nothing here"
    );
    assert_eq!(verify(BODY, b"xyz", SECRET), SHARPAPI_MALFORMED_SIGNATURE);
    done.send(()).unwrap();
    other.join().unwrap();
    assert_eq!(
        last_error_message(),
        static_message(SHARPAPI_MALFORMED_SIGNATURE)
    );
}

#[test]
fn the_secret_never_appears_in_a_message() {
    const KEPT: &str = "whsec_never_shown";
    let secret = KEPT.as_bytes();
    let not_utf8 = [secret, b"\xff"].concat();
    let with_surrogate = [secret, b"\xed\xb0\x80"].concat();
    let nul_inside = [secret, b"\0tail"].concat();
    let not_an_event = br#"{"id": "1", "status": "new", "type": 5}"#;
    let wrong = signature_under(not_an_event, b"another");
    let right = signature_under(not_an_event, &nul_inside);
    let verifier = new_verifier(&[secret, &nul_inside]);
    let mut out = [0 as c_char; 3];
    let mut sign_small = || {
        // SAFETY: a too-small buffer of its stated length.
        unsafe {
            sharpapi_sign(
                BODY.as_ptr(),
                BODY.len(),
                secret.as_ptr(),
                secret.len(),
                out.as_mut_ptr(),
                out.len(),
            )
        }
    };
    let failures = [
        (
            "not UTF-8",
            verify(BODY, &wrong, &not_utf8),
            last_error_message(),
        ),
        (
            "a lone surrogate",
            verify(BODY, &wrong, &with_surrogate),
            last_error_message(),
        ),
        (
            "wrong signature",
            verify(BODY, &wrong, secret),
            last_error_message(),
        ),
        (
            "the secret as the signature",
            verifier_verify(verifier, not_an_event, secret),
            last_error_message(),
        ),
        (
            "the secret as a header",
            construct_from_headers(verifier, BODY, &[header(b"X-Signature", secret)]),
            last_error_message(),
        ),
        ("small buffer", sign_small(), last_error_message()),
        (
            "not an event",
            construct(verifier, not_an_event, &right),
            last_error_message(),
        ),
    ];
    let statuses: Vec<_> = failures.iter().map(|(_, status, _)| *status).collect();
    assert_eq!(
        statuses,
        [
            SHARPAPI_INVALID_SECRET,
            SHARPAPI_INVALID_SECRET,
            SHARPAPI_INVALID_SIGNATURE,
            SHARPAPI_MALFORMED_SIGNATURE,
            SHARPAPI_MALFORMED_SIGNATURE,
            SHARPAPI_BUFFER_TOO_SMALL,
            SHARPAPI_INVALID_PAYLOAD,
        ]
    );
    for (what, _, message) in failures {
        assert!(!message.is_empty(), "{what}");
        assert!(!message.contains("never_shown"), "{what}: {message}");
    }
    // SAFETY: the verifier made above, released once.
    unsafe { sharpapi_verifier_free(verifier) };
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
        SHARPAPI_BUFFER_TOO_SMALL,
        SHARPAPI_INTERNAL_ERROR,
        SHARPAPI_INVALID_LENGTH,
    ];
    let mut messages = std::collections::HashSet::new();
    for status in statuses {
        let message = static_message(status);
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
        // SAFETY: the library returns a static NUL-terminated string.
        let message = unsafe { CStr::from_ptr(sharpapi_error_message(code.as_u32())) };
        assert_eq!(message.to_str().unwrap(), code.description());
    }
    // SAFETY: as above.
    let unknown = unsafe { CStr::from_ptr(sharpapi_error_message(99)) };
    assert_eq!(unknown, c"unknown status code");
    assert_eq!(
        static_message(SHARPAPI_INVALID_UTF8),
        "unknown status code",
        "101 is retired: no call returns it, so nothing describes it"
    );
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
