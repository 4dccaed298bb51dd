//! The C ABI with fuzz-chosen lengths (within the buffers given), embedded NULs, NULL pointers
//! with zero lengths (and with non-zero ones, which must be refused): no crash, every status in
//! the documented set, and the same answer as the core for the same bytes.
//!
//! Input: `control SEP body SEP secret... SEP signature SEP name SEP value ...`, where the control
//! bytes choose the NULL pointers, the lengths, how many secrets there are, and whether the
//! correct signature (and an X-Signature header carrying it) is added so parsing is reached.
#![no_main]

use std::ffi::c_char;
use std::ptr::{null, null_mut};

use libfuzzer_sys::fuzz_target;
use sharpapi_webhooks::{JobStatus, JobType, Verifier, WebhookError, WebhookEvent};
use sharpapi_webhooks_ffi::*;
use sharpapi_webhooks_fuzz::{fields, hmac_sha256, to_hex};

const OK: u32 = 0;
const NULL_ARGUMENT: u32 = 100;
const BUFFER_TOO_SMALL: u32 = 102;
/// What a function may return: success, a core code, or an argument error. Never
/// SHARPAPI_INVALID_UTF8 (retired), SHARPAPI_INTERNAL_ERROR (a bug) or SHARPAPI_INVALID_LENGTH
/// (no length here exceeds a real buffer).
const DOCUMENTED: [u32; 8] = [0, 1, 2, 3, 4, 5, 100, 102];

fuzz_target!(|data: &[u8]| {
    let parts = fields(data);
    let control = parts[0];
    let knob = |i: usize| control.get(i).copied().unwrap_or(0);
    let flags = knob(0);
    let secret_count = usize::from(knob(3) & 3);
    let body_full = parts.get(1).copied().unwrap_or_default();
    let body = cut(body_full, knob(1));
    let secrets_full: Vec<&[u8]> = (0..secret_count)
        .map(|i| parts.get(2 + i).copied().unwrap_or_default())
        .collect();
    // Each secret's length cut by its own knob.
    let secrets: Vec<&[u8]> = secrets_full
        .iter()
        .enumerate()
        .map(|(i, s)| cut(s, knob(4 + i)))
        .collect();
    let mut signature: Vec<u8> = parts
        .get(2 + secret_count)
        .copied()
        .unwrap_or_default()
        .to_vec();
    let mut headers: Vec<(&[u8], &[u8])> = parts
        .get(3 + secret_count..)
        .unwrap_or_default()
        .chunks(2)
        .map(|pair| (pair[0], pair.get(1).copied().unwrap_or_default()))
        .collect();
    let correct = secrets
        .first()
        .map(|s| to_hex(&hmac_sha256(s, body)).into_bytes());
    if flags & 0x80 != 0 {
        if let Some(correct) = &correct {
            signature = correct.clone();
            headers.push((b"x-SIGNATURE", correct.as_slice()));
        }
    }
    let signature = cut(&signature, knob(2));

    let null_body = flags & 1 != 0 && body.is_empty();
    let null_signature = flags & 2 != 0 && signature.is_empty();
    let null_secrets = flags & 4 != 0 && secrets.is_empty();
    let null_headers = flags & 0x20 != 0 && headers.is_empty();
    let body_ptr = if null_body { null() } else { body.as_ptr() };
    let sig_ptr = if null_signature {
        null()
    } else {
        signature.as_ptr()
    };
    let sig_core: Option<&[u8]> = if null_signature {
        None
    } else {
        Some(signature)
    };

    // Strings as the C side passes them; an empty one may be NULL.
    let c_str = |s: &[u8], null_it: bool| sharpapi_str_t {
        ptr: if null_it && s.is_empty() {
            null()
        } else {
            s.as_ptr()
        },
        len: s.len(),
    };
    let c_secrets: Vec<sharpapi_str_t> = secrets.iter().map(|s| c_str(s, flags & 8 != 0)).collect();
    let c_headers: Vec<sharpapi_header_t> = headers
        .iter()
        .map(|(n, v)| sharpapi_header_t {
            name: c_str(n, flags & 8 != 0),
            value: c_str(v, flags & 8 != 0),
        })
        .collect();

    unsafe {
        // A NULL pointer with a non-zero length is refused, never read.
        if flags & 0x40 != 0 {
            let status = sharpapi_parse_event_unverified(null(), 1 + body.len(), &mut null_mut());
            expect(status as u32, NULL_ARGUMENT, None);
            let status = sharpapi_verify(body.as_ptr(), body.len(), null(), 64, null(), 0);
            expect(status as u32, NULL_ARGUMENT, None);
        }

        // sharpapi_verify (one secret), against the core.
        let secret = secrets.first().copied().unwrap_or_default();
        let status = sharpapi_verify(
            body_ptr,
            body.len(),
            sig_ptr,
            signature.len(),
            secret.as_ptr(),
            secret.len(),
        );
        let core = Verifier::new([secret]).and_then(|v| v.verify_raw(body, sig_core));
        expect_core(
            status as u32,
            core.as_ref().map(|_| ()).map_err(Clone::clone),
        );

        // sharpapi_sign with a fuzz-chosen buffer length, within the buffer.
        let mut out = [0xAA_u8 as c_char; 80];
        let out_len = usize::from(knob(7)) % (out.len() + 1);
        let status = sharpapi_sign(
            body_ptr,
            body.len(),
            secret.as_ptr(),
            secret.len(),
            out.as_mut_ptr(),
            out_len,
        );
        if out_len < SHARPAPI_SIGNATURE_BUFFER_LEN {
            expect(status as u32, BUFFER_TOO_SMALL, None);
        } else {
            let core = sharpapi_webhooks::sign(body, secret);
            expect_core(
                status as u32,
                core.as_ref().map(|_| ()).map_err(Clone::clone),
            );
            if let Ok(hex) = core {
                let written: Vec<u8> = out[..65].iter().map(|&c| c as u8).collect();
                assert_eq!(&written[..64], hex.as_bytes());
                assert_eq!(written[64], 0);
            }
        }

        // The verifier.
        let mut verifier: *mut sharpapi_verifier_t = null_mut();
        let secrets_ptr = if null_secrets {
            null()
        } else {
            c_secrets.as_ptr()
        };
        let status = sharpapi_verifier_new(secrets_ptr, c_secrets.len(), &mut verifier);
        let core_verifier = Verifier::new(&secrets);
        expect_core(
            status as u32,
            core_verifier.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let status = sharpapi_verifier_new(secrets_ptr, c_secrets.len(), null_mut());
        expect(status as u32, NULL_ARGUMENT, None);
        assert_eq!(verifier.is_null(), core_verifier.is_err());

        if let Ok(core_verifier) = &core_verifier {
            let v = if flags & 0x10 != 0 {
                null()
            } else {
                verifier.cast_const()
            };
            let status =
                sharpapi_verifier_verify(v, body_ptr, body.len(), sig_ptr, signature.len());
            if v.is_null() {
                expect(status as u32, NULL_ARGUMENT, None);
            } else {
                expect_core(status as u32, core_verifier.verify_raw(body, sig_core));
            }

            let mut event: *mut sharpapi_event_t = null_mut();
            let status = sharpapi_verifier_construct_event(
                v,
                body_ptr,
                body.len(),
                sig_ptr,
                signature.len(),
                &mut event,
            );
            if v.is_null() {
                expect(status as u32, NULL_ARGUMENT, None);
            } else {
                let core = core_verifier.construct_event_raw(body, sig_core);
                expect_core(
                    status as u32,
                    core.as_ref().map(|_| ()).map_err(Clone::clone),
                );
                check_event(event, core.ok().as_ref());
            }
            sharpapi_event_free(event);

            let headers_ptr = if null_headers {
                null()
            } else {
                c_headers.as_ptr()
            };
            let mut event: *mut sharpapi_event_t = null_mut();
            let status = sharpapi_verifier_construct_event_from_headers(
                v,
                body_ptr,
                body.len(),
                headers_ptr,
                c_headers.len(),
                &mut event,
            );
            if v.is_null() {
                expect(status as u32, NULL_ARGUMENT, None);
            } else {
                let core =
                    core_verifier.construct_event_from_headers(body, headers.iter().copied());
                expect_core(
                    status as u32,
                    core.as_ref().map(|_| ()).map_err(Clone::clone),
                );
                check_event(event, core.ok().as_ref());
            }
            sharpapi_event_free(event);

            let mut found: *const u8 = null();
            let mut found_len = usize::MAX;
            let status = sharpapi_signature_from_headers(
                headers_ptr,
                c_headers.len(),
                &mut found,
                &mut found_len,
            );
            let core = sharpapi_webhooks::signature_from_headers(headers.iter().copied());
            expect_core(
                status as u32,
                core.as_ref().map(|_| ()).map_err(Clone::clone),
            );
            if let Ok(value) = core {
                assert_eq!(std::slice::from_raw_parts(found, found_len), value);
            }
        }
        sharpapi_verifier_free(verifier);

        // Parsing without verifying, and the accessors.
        let mut event: *mut sharpapi_event_t = null_mut();
        let status = sharpapi_parse_event_unverified(body_ptr, body.len(), &mut event);
        let core = sharpapi_webhooks::parse_event_unverified(body);
        expect_core(
            status as u32,
            core.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        check_event(event, core.ok().as_ref());
        sharpapi_event_free(event);
        let status = sharpapi_parse_event_unverified(body_ptr, body.len(), null_mut());
        expect(status as u32, NULL_ARGUMENT, None);
    }
});

/// `s` shortened by a fuzz-chosen amount (0 keeps it whole).
fn cut(s: &[u8], knob: u8) -> &[u8] {
    let drop = usize::from(knob) % (s.len() + 1);
    &s[..s.len() - drop]
}

/// `status` is `want`, and the thread's last error message is the core's message (or, for an
/// argument error, the static message of that status).
unsafe fn expect(status: u32, want: u32, core: Option<&WebhookError>) {
    assert!(DOCUMENTED.contains(&status), "undocumented status {status}");
    assert_eq!(status, want);
    if status == OK {
        return;
    }
    let mut len = usize::MAX;
    let message = unsafe { sharpapi_last_error_message(&mut len) };
    assert!(!message.is_null());
    let bytes = unsafe { std::slice::from_raw_parts(message.cast::<u8>(), len + 1) };
    assert_eq!(bytes[len], 0, "message not NUL-terminated");
    let text = std::str::from_utf8(&bytes[..len]).expect("message not UTF-8");
    match core {
        Some(error) => assert_eq!(text, error.to_string()),
        None => {
            let stat = unsafe { std::ffi::CStr::from_ptr(sharpapi_error_message(status)) };
            assert_eq!(text.as_bytes(), stat.to_bytes());
        }
    }
    let _ = unsafe { sharpapi_last_error_message(null_mut()) };
}

unsafe fn expect_core(status: u32, core: Result<(), WebhookError>) {
    match core {
        Ok(()) => unsafe { expect(status, OK, None) },
        Err(error) => unsafe { expect(status, error.code().as_u32(), Some(&error)) },
    }
}

fn code_of<T: PartialEq>(known: &[T], value: &T) -> u32 {
    known
        .iter()
        .position(|k| k == value)
        .map_or(0, |i| i as u32 + 1)
}

/// The event's accessors give exactly the core's event; NULL arguments are refused.
unsafe fn check_event(event: *mut sharpapi_event_t, core: Option<&WebhookEvent>) {
    let Some(core) = core else {
        assert!(event.is_null(), "an event was written on failure");
        return;
    };
    assert!(!event.is_null());
    let text = |f: unsafe extern "C" fn(
        *const sharpapi_event_t,
        *mut *const c_char,
        *mut usize,
    ) -> sharpapi_status_t| unsafe {
        let (mut ptr, mut len) = (null::<c_char>(), usize::MAX);
        expect(f(event, &mut ptr, &mut len) as u32, OK, None);
        expect(f(event, null_mut(), &mut len) as u32, NULL_ARGUMENT, None);
        expect(f(event, &mut ptr, null_mut()) as u32, NULL_ARGUMENT, None);
        expect(f(null(), &mut ptr, &mut len) as u32, NULL_ARGUMENT, None);
        let (mut ptr, mut len) = (null::<c_char>(), usize::MAX);
        expect(f(event, &mut ptr, &mut len) as u32, OK, None);
        if ptr.is_null() {
            assert_eq!(len, 0);
            None
        } else {
            let bytes = std::slice::from_raw_parts(ptr.cast::<u8>(), len + 1);
            assert_eq!(bytes[len], 0);
            Some(bytes[..len].to_vec())
        }
    };
    assert_eq!(text(sharpapi_event_id).as_deref(), Some(core.id.as_bytes()));
    assert_eq!(
        text(sharpapi_event_status).as_deref(),
        Some(core.status.as_str().as_bytes())
    );
    assert_eq!(
        text(sharpapi_event_type).as_deref(),
        Some(core.job_type.as_str().as_bytes())
    );
    assert_eq!(
        text(sharpapi_event_result).as_deref(),
        core.result.as_deref().map(str::as_bytes)
    );

    let status_code = code_of(JobStatus::KNOWN, &core.status);
    let type_code = code_of(JobType::KNOWN, &core.job_type);
    unsafe {
        let mut code = u32::MAX;
        expect(
            sharpapi_event_status_code(event, &mut code) as u32,
            OK,
            None,
        );
        assert_eq!(code, status_code);
        expect(sharpapi_event_type_code(event, &mut code) as u32, OK, None);
        assert_eq!(code, type_code);
        expect(
            sharpapi_event_type_code(null(), &mut code) as u32,
            NULL_ARGUMENT,
            None,
        );
        expect(
            sharpapi_event_status_code(event, null_mut()) as u32,
            NULL_ARGUMENT,
            None,
        );

        let mut fields = std::mem::MaybeUninit::<sharpapi_event_fields_t>::zeroed();
        expect(
            sharpapi_event_fields(event, fields.as_mut_ptr()) as u32,
            OK,
            None,
        );
        let f = fields.assume_init();
        let read = |p: *const c_char, n: usize| std::slice::from_raw_parts(p.cast::<u8>(), n);
        assert_eq!(read(f.id, f.id_len), core.id.as_bytes());
        assert_eq!(
            read(f.status, f.status_len),
            core.status.as_str().as_bytes()
        );
        assert_eq!(
            read(f.job_type, f.job_type_len),
            core.job_type.as_str().as_bytes()
        );
        assert_eq!((f.status_code, f.type_code), (status_code, type_code));
        match &core.result {
            Some(r) => assert_eq!(read(f.result, f.result_len), r.as_bytes()),
            None => assert!(f.result.is_null() && f.result_len == 0),
        }
        expect(
            sharpapi_event_fields(event, null_mut()) as u32,
            NULL_ARGUMENT,
            None,
        );
    }
}
