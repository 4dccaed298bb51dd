//! The C ABI. Every function has one shape: its arguments checked (NULL, lengths, UTF-8), one
//! call into the core inside a panic guard, a status returned, and out-parameters written only on
//! success. Objects come in `_new`/`_free` pairs, and `_free(NULL)` does nothing. The doc comments
//! become the header's (`bindings/c/include/sharpapi_webhooks.h`, made by cbindgen).

#![allow(non_camel_case_types, reason = "C naming, as the header shows it")]

use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use sharpapi_webhooks::{ErrorCode, JobStatus, JobType, Verifier, WebhookEvent};

use crate::errors::sharpapi_status_t::{self, *};

/// The size of the buffer that `sharpapi_sign` fills: 64 hex digits and a NUL.
pub const SHARPAPI_SIGNATURE_BUFFER_LEN: usize = 65;

/// A job status as a number: one of the `SHARPAPI_JOB_STATUS_*` values. The numbers are
/// permanent; a status this version does not know is `SHARPAPI_JOB_STATUS_OTHER`.
pub type sharpapi_job_status_t = u32;
/// A status this version does not know; its text is in `sharpapi_event_status`.
pub const SHARPAPI_JOB_STATUS_OTHER: sharpapi_job_status_t = 0;
/// `"new"`.
pub const SHARPAPI_JOB_STATUS_NEW: sharpapi_job_status_t = 1;
/// `"pending"`.
pub const SHARPAPI_JOB_STATUS_PENDING: sharpapi_job_status_t = 2;
/// `"success"`.
pub const SHARPAPI_JOB_STATUS_SUCCESS: sharpapi_job_status_t = 3;
/// `"failed"`.
pub const SHARPAPI_JOB_STATUS_FAILED: sharpapi_job_status_t = 4;

/// A job type as a number: one of the `SHARPAPI_JOB_TYPE_*` values. The numbers are permanent;
/// a type this version does not know is `SHARPAPI_JOB_TYPE_OTHER`.
pub type sharpapi_job_type_t = u32;
/// A type this version does not know; its text is in `sharpapi_event_type`.
pub const SHARPAPI_JOB_TYPE_OTHER: sharpapi_job_type_t = 0;
/// `"ecommerce_review_sentiment"`.
pub const SHARPAPI_JOB_TYPE_ECOMMERCE_REVIEW_SENTIMENT: sharpapi_job_type_t = 1;
/// `"ecommerce_product_categories"`.
pub const SHARPAPI_JOB_TYPE_ECOMMERCE_PRODUCT_CATEGORIES: sharpapi_job_type_t = 2;
/// `"ecommerce_product_intro"`.
pub const SHARPAPI_JOB_TYPE_ECOMMERCE_PRODUCT_INTRO: sharpapi_job_type_t = 3;
/// `"ecommerce_thank_you_email"`.
pub const SHARPAPI_JOB_TYPE_ECOMMERCE_THANK_YOU_EMAIL: sharpapi_job_type_t = 4;
/// `"ecommerce_product_description"`.
pub const SHARPAPI_JOB_TYPE_ECOMMERCE_PRODUCT_DESCRIPTION: sharpapi_job_type_t = 5;
/// `"hr_parse_resume"`.
pub const SHARPAPI_JOB_TYPE_HR_PARSE_RESUME: sharpapi_job_type_t = 6;
/// `"hr_job_description"`.
pub const SHARPAPI_JOB_TYPE_HR_JOB_DESCRIPTION: sharpapi_job_type_t = 7;
/// `"hr_related_skills"`.
pub const SHARPAPI_JOB_TYPE_HR_RELATED_SKILLS: sharpapi_job_type_t = 8;
/// `"hr_related_job_positions"`.
pub const SHARPAPI_JOB_TYPE_HR_RELATED_JOB_POSITIONS: sharpapi_job_type_t = 9;
/// `"hr_resume_job_match_score"`.
pub const SHARPAPI_JOB_TYPE_HR_RESUME_JOB_MATCH_SCORE: sharpapi_job_type_t = 10;
/// `"tth_review_sentiment"`.
pub const SHARPAPI_JOB_TYPE_TTH_REVIEW_SENTIMENT: sharpapi_job_type_t = 11;
/// `"tth_ta_product_categories"`.
pub const SHARPAPI_JOB_TYPE_TTH_TA_PRODUCT_CATEGORIES: sharpapi_job_type_t = 12;
/// `"tth_hospitality_product_categories"`.
pub const SHARPAPI_JOB_TYPE_TTH_HOSPITALITY_PRODUCT_CATEGORIES: sharpapi_job_type_t = 13;
/// `"content_detect_phones"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_DETECT_PHONES: sharpapi_job_type_t = 14;
/// `"content_detect_emails"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_DETECT_EMAILS: sharpapi_job_type_t = 15;
/// `"content_detect_spam"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_DETECT_SPAM: sharpapi_job_type_t = 16;
/// `"content_detect_address"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_DETECT_ADDRESS: sharpapi_job_type_t = 17;
/// `"content_detect_profanities"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_DETECT_PROFANITIES: sharpapi_job_type_t = 18;
/// `"content_detect_urls"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_DETECT_URLS: sharpapi_job_type_t = 19;
/// `"content_detect_ai"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_DETECT_AI: sharpapi_job_type_t = 20;
/// `"content_summarize"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_SUMMARIZE: sharpapi_job_type_t = 21;
/// `"content_keywords"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_KEYWORDS: sharpapi_job_type_t = 22;
/// `"content_translate"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_TRANSLATE: sharpapi_job_type_t = 23;
/// `"content_paraphrase"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_PARAPHRASE: sharpapi_job_type_t = 24;
/// `"content_proofread"`.
pub const SHARPAPI_JOB_TYPE_CONTENT_PROOFREAD: sharpapi_job_type_t = 25;
/// `"seo_generate_tags"`.
pub const SHARPAPI_JOB_TYPE_SEO_GENERATE_TAGS: sharpapi_job_type_t = 26;

/// Checks deliveries against one or more secrets. Made by `sharpapi_verifier_new`, released by
/// `sharpapi_verifier_free`. It never changes once made, so threads may share one.
pub struct sharpapi_verifier_t(Verifier);

/// A parsed delivery. Made by `sharpapi_verifier_construct_event` or
/// `sharpapi_parse_event_unverified`, released by `sharpapi_event_free`. The texts its accessors
/// give are owned by the event and valid until it is released.
pub struct sharpapi_event_t {
    id: CText,
    status: CText,
    job_type: CText,
    result: Option<CText>,
    status_code: sharpapi_job_status_t,
    type_code: sharpapi_job_type_t,
}

/// Text followed by a NUL byte, so that C can read it as a string too when it holds no NUL of
/// its own (JSON can escape one as `\u0000`); its length, without that NUL, is always exact.
struct CText(Box<str>);

impl CText {
    fn new(text: String) -> Self {
        let mut text = text;
        text.push('\0');
        Self(text.into_boxed_str())
    }

    fn ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }

    fn len(&self) -> usize {
        self.0.len() - 1
    }
}

impl From<WebhookEvent> for sharpapi_event_t {
    fn from(event: WebhookEvent) -> Self {
        let WebhookEvent {
            id,
            status,
            job_type,
            result,
            ..
        } = event;
        Self {
            status_code: code_of(JobStatus::KNOWN, &status),
            type_code: code_of(JobType::KNOWN, &job_type),
            id: CText::new(id),
            status: CText::new(status.as_str().to_owned()),
            job_type: CText::new(job_type.as_str().to_owned()),
            result: result.map(CText::new),
        }
    }
}

/// The C number of a wire value: its place in the core's permanent `KNOWN` order, from 1; 0 when
/// it is not known.
fn code_of<T: PartialEq>(known: &[T], value: &T) -> u32 {
    known
        .iter()
        .position(|candidate| candidate == value)
        .and_then(|index| u32::try_from(index + 1).ok())
        .unwrap_or(0)
}

/// Runs one C call: a panic becomes `SHARPAPI_INTERNAL_ERROR` instead of unwinding into C.
fn guarded(call: impl FnOnce() -> Result<(), sharpapi_status_t>) -> sharpapi_status_t {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(())) => SHARPAPI_OK,
        Ok(Err(status)) => status,
        Err(_) => SHARPAPI_INTERNAL_ERROR,
    }
}

/// A byte-string argument. NULL is the empty string only when `len` is 0.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that stay unchanged during the call.
unsafe fn bytes_arg<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], sharpapi_status_t> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(SHARPAPI_NULL_ARGUMENT);
    }
    if isize::try_from(len).is_err() {
        return Err(SHARPAPI_INVALID_LENGTH);
    }
    // SAFETY: non-NULL, at most isize::MAX bytes, and readable for `len` bytes by the caller's
    // promise above.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A required string argument.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays unchanged during the call.
unsafe fn text_arg<'a>(ptr: *const c_char) -> Result<&'a str, sharpapi_status_t> {
    if ptr.is_null() {
        return Err(SHARPAPI_NULL_ARGUMENT);
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's promise above.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str().map_err(|_| SHARPAPI_INVALID_UTF8)
}

/// The `X-Signature` argument: NULL means the header is absent, and bytes that are not UTF-8 come
/// from the network, not the programmer, so they are a malformed signature.
///
/// # Safety
/// As for `text_arg`.
unsafe fn signature_arg<'a>(ptr: *const c_char) -> Result<Option<&'a str>, sharpapi_status_t> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: passed on from the caller's promise.
    match unsafe { text_arg(ptr) } {
        Ok(text) => Ok(Some(text)),
        Err(_) => Err(SHARPAPI_MALFORMED_SIGNATURE),
    }
}

/// An object argument.
///
/// # Safety
/// `ptr` is NULL or was returned by this library's matching `_new` and not yet released.
unsafe fn object_arg<'a, T>(ptr: *const T) -> Result<&'a T, sharpapi_status_t> {
    // SAFETY: the caller's promise: NULL, or a live object of ours.
    unsafe { ptr.as_ref() }.ok_or(SHARPAPI_NULL_ARGUMENT)
}

/// An out-parameter, checked before any work so that a NULL costs nothing and writes nothing.
fn out_arg<T>(ptr: *mut T) -> Result<*mut T, sharpapi_status_t> {
    if ptr.is_null() {
        Err(SHARPAPI_NULL_ARGUMENT)
    } else {
        Ok(ptr)
    }
}

/// Hands a new object to C.
///
/// # Safety
/// `out` is non-NULL and writable.
unsafe fn give<T>(out: *mut *mut T, object: T) {
    // SAFETY: the caller checked `out` with `out_arg`.
    unsafe { out.write(Box::into_raw(Box::new(object))) };
}

/// Writes a borrowed text and its length.
///
/// # Safety
/// `out_text` and `out_len` are non-NULL and writable.
unsafe fn give_text(text: Option<&CText>, out_text: *mut *const c_char, out_len: *mut usize) {
    let (ptr, len) = text.map_or((std::ptr::null(), 0), |text| (text.ptr(), text.len()));
    // SAFETY: the caller checked both with `out_arg`.
    unsafe {
        out_text.write(ptr);
        out_len.write(len);
    }
}

/// Checks `signature` (the X-Signature value; NULL when the header is absent) against the
/// `body_len` bytes of `body`, exactly as received, under one `secret`.
///
/// Returns SHARPAPI_OK when the signature matches; SHARPAPI_INVALID_SECRET,
/// SHARPAPI_MISSING_SIGNATURE, SHARPAPI_MALFORMED_SIGNATURE or SHARPAPI_INVALID_SIGNATURE when
/// not; SHARPAPI_NULL_ARGUMENT when `secret` is NULL, or `body` is NULL with a non-zero length;
/// SHARPAPI_INVALID_UTF8 when `secret` is not UTF-8.
///
/// # Safety
/// `body` points to `body_len` readable bytes (or is NULL when `body_len` is 0); `signature` and
/// `secret` are NULL or NUL-terminated strings. Nothing is kept after the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verify(
    body: *const u8,
    body_len: usize,
    signature: *const c_char,
    secret: *const c_char,
) -> sharpapi_status_t {
    guarded(|| {
        // SAFETY: the function's contract.
        let (raw_body, signature, secret) = unsafe {
            (
                bytes_arg(body, body_len)?,
                signature_arg(signature)?,
                text_arg(secret)?,
            )
        };
        Ok(sharpapi_webhooks::verify(raw_body, signature, secret)?)
    })
}

/// Writes the lowercase hex HMAC-SHA256 of the `payload_len` bytes of `payload` under `secret`,
/// as SharpAPI signs, into `out`: 64 hex digits and a NUL. `out_len` is the size of `out`, at
/// least SHARPAPI_SIGNATURE_BUFFER_LEN (65), else SHARPAPI_BUFFER_TOO_SMALL. For tests and for
/// simulating deliveries.
///
/// # Safety
/// `payload` points to `payload_len` readable bytes (or is NULL when `payload_len` is 0);
/// `secret` is a NUL-terminated string; `out` points to `out_len` writable bytes. The caller owns
/// `out`; `out` is written only when SHARPAPI_OK is returned.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_sign(
    payload: *const u8,
    payload_len: usize,
    secret: *const c_char,
    out: *mut c_char,
    out_len: usize,
) -> sharpapi_status_t {
    guarded(|| {
        let out = out_arg(out)?;
        if out_len < SHARPAPI_SIGNATURE_BUFFER_LEN {
            return Err(SHARPAPI_BUFFER_TOO_SMALL);
        }
        // SAFETY: the function's contract.
        let (payload, secret) = unsafe { (bytes_arg(payload, payload_len)?, text_arg(secret)?) };
        let signature = sharpapi_webhooks::sign(payload, secret)?;
        // SAFETY: `out` holds at least 65 bytes, and the signature is 64 bytes long.
        unsafe {
            std::ptr::copy_nonoverlapping(signature.as_ptr().cast(), out, signature.len());
            out.add(signature.len()).write(0);
        }
        Ok(())
    })
}

/// Makes a verifier that accepts signatures made with any of the `secrets_len` strings of
/// `secrets` (two while rotating secrets), and stores it in `*out_verifier`. The secrets are not
/// kept: the caller may release them once this returns. Release the verifier with
/// `sharpapi_verifier_free`.
///
/// Returns SHARPAPI_INVALID_SECRET when `secrets_len` is 0 or any secret is empty;
/// SHARPAPI_NULL_ARGUMENT when `out_verifier` or any secret is NULL; SHARPAPI_INVALID_UTF8 when a
/// secret is not UTF-8.
///
/// # Safety
/// `secrets` points to `secrets_len` readable pointers (or is NULL when `secrets_len` is 0), each
/// NULL or a NUL-terminated string; `out_verifier` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verifier_new(
    secrets: *const *const c_char,
    secrets_len: usize,
    out_verifier: *mut *mut sharpapi_verifier_t,
) -> sharpapi_status_t {
    guarded(|| {
        let out_verifier = out_arg(out_verifier)?;
        let secret_ptrs: &[*const c_char] = if secrets_len == 0 {
            &[]
        } else if secrets.is_null() {
            return Err(SHARPAPI_NULL_ARGUMENT);
        } else {
            if isize::try_from(secrets_len.saturating_mul(size_of::<*const c_char>())).is_err() {
                return Err(SHARPAPI_INVALID_LENGTH);
            }
            // SAFETY: non-NULL, within isize::MAX bytes, and `secrets_len` readable pointers by
            // the function's contract.
            unsafe { std::slice::from_raw_parts(secrets, secrets_len) }
        };
        let secrets = secret_ptrs
            .iter()
            // SAFETY: each pointer is NULL or a NUL-terminated string, by the contract.
            .map(|&secret| unsafe { text_arg(secret) })
            .collect::<Result<Vec<&str>, _>>()?;
        let verifier = Verifier::new(secrets)?;
        // SAFETY: checked by `out_arg`.
        unsafe { give(out_verifier, sharpapi_verifier_t(verifier)) };
        Ok(())
    })
}

/// Releases a verifier made by `sharpapi_verifier_new`. NULL does nothing.
///
/// # Safety
/// `verifier` is NULL or a verifier of this library not yet released, and no other thread is
/// using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verifier_free(verifier: *mut sharpapi_verifier_t) {
    if !verifier.is_null() {
        // SAFETY: made by Box::into_raw in `sharpapi_verifier_new`, released once, by contract.
        let verifier = unsafe { Box::from_raw(verifier) };
        guarded(|| {
            drop(verifier);
            Ok(())
        });
    }
}

/// Checks `signature` (the X-Signature value; NULL when the header is absent) against the
/// `body_len` bytes of `body`, exactly as received, under every secret of `verifier`.
///
/// Returns SHARPAPI_OK when it matches one; SHARPAPI_MISSING_SIGNATURE,
/// SHARPAPI_MALFORMED_SIGNATURE or SHARPAPI_INVALID_SIGNATURE when not; SHARPAPI_NULL_ARGUMENT
/// when `verifier` is NULL, or `body` is NULL with a non-zero length.
///
/// # Safety
/// `verifier` is NULL or a live verifier of this library; `body` points to `body_len` readable
/// bytes (or is NULL when `body_len` is 0); `signature` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verifier_verify(
    verifier: *const sharpapi_verifier_t,
    body: *const u8,
    body_len: usize,
    signature: *const c_char,
) -> sharpapi_status_t {
    guarded(|| {
        // SAFETY: the function's contract.
        let (verifier, raw_body, signature) = unsafe {
            (
                object_arg(verifier)?,
                bytes_arg(body, body_len)?,
                signature_arg(signature)?,
            )
        };
        Ok(verifier.0.verify(raw_body, signature)?)
    })
}

/// Verifies a delivery as `sharpapi_verifier_verify` does, then parses the verified body into a
/// new event stored in `*out_event`; release it with `sharpapi_event_free`. A body whose
/// signature does not match is never parsed.
///
/// Returns the errors of `sharpapi_verifier_verify`, then SHARPAPI_INVALID_PAYLOAD when the
/// verified body is not a SharpAPI event; SHARPAPI_NULL_ARGUMENT when `out_event` is NULL.
///
/// # Safety
/// As for `sharpapi_verifier_verify`; `out_event` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verifier_construct_event(
    verifier: *const sharpapi_verifier_t,
    body: *const u8,
    body_len: usize,
    signature: *const c_char,
    out_event: *mut *mut sharpapi_event_t,
) -> sharpapi_status_t {
    guarded(|| {
        let out_event = out_arg(out_event)?;
        // SAFETY: the function's contract.
        let (verifier, raw_body, signature) = unsafe {
            (
                object_arg(verifier)?,
                bytes_arg(body, body_len)?,
                signature_arg(signature)?,
            )
        };
        let event = verifier.0.construct_event(raw_body, signature)?;
        // SAFETY: checked by `out_arg`.
        unsafe { give(out_event, sharpapi_event_t::from(event)) };
        Ok(())
    })
}

/// Parses the `body_len` bytes of `body` into a new event stored in `*out_event`, WITHOUT
/// verifying any signature: for tests and for replaying deliveries already verified. Release the
/// event with `sharpapi_event_free`.
///
/// Returns SHARPAPI_INVALID_PAYLOAD when the body is not a SharpAPI event;
/// SHARPAPI_NULL_ARGUMENT when `out_event` is NULL, or `body` is NULL with a non-zero length.
///
/// # Safety
/// `body` points to `body_len` readable bytes (or is NULL when `body_len` is 0); `out_event` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_parse_event_unverified(
    body: *const u8,
    body_len: usize,
    out_event: *mut *mut sharpapi_event_t,
) -> sharpapi_status_t {
    guarded(|| {
        let out_event = out_arg(out_event)?;
        // SAFETY: the function's contract.
        let raw_body = unsafe { bytes_arg(body, body_len)? };
        let event = sharpapi_webhooks::parse_event_unverified(raw_body)?;
        // SAFETY: checked by `out_arg`.
        unsafe { give(out_event, sharpapi_event_t::from(event)) };
        Ok(())
    })
}

/// Releases an event. NULL does nothing. The texts its accessors gave are invalid afterwards.
///
/// # Safety
/// `event` is NULL or an event of this library not yet released, and no other thread is using
/// it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_event_free(event: *mut sharpapi_event_t) {
    if !event.is_null() {
        // SAFETY: made by Box::into_raw in `give`, released once, by contract.
        let event = unsafe { Box::from_raw(event) };
        guarded(|| {
            drop(event);
            Ok(())
        });
    }
}

/// One accessor of an event's text: checks the arguments, then writes the text and its length.
///
/// # Safety
/// `event` is NULL or a live event; `out_text` and `out_len` are NULL or writable.
unsafe fn event_text(
    event: *const sharpapi_event_t,
    out_text: *mut *const c_char,
    out_len: *mut usize,
    text_of: impl FnOnce(&sharpapi_event_t) -> Option<&CText>,
) -> sharpapi_status_t {
    guarded(|| {
        let (out_text, out_len) = (out_arg(out_text)?, out_arg(out_len)?);
        // SAFETY: passed on from the caller's promise.
        let event = unsafe { object_arg(event)? };
        // SAFETY: both checked by `out_arg`.
        unsafe { give_text(text_of(event), out_text, out_len) };
        Ok(())
    })
}

/// One accessor of an event's number.
///
/// # Safety
/// `event` is NULL or a live event; `out_code` is NULL or writable.
unsafe fn event_code(
    event: *const sharpapi_event_t,
    out_code: *mut u32,
    code_of: impl FnOnce(&sharpapi_event_t) -> u32,
) -> sharpapi_status_t {
    guarded(|| {
        let out_code = out_arg(out_code)?;
        // SAFETY: passed on from the caller's promise.
        let event = unsafe { object_arg(event)? };
        // SAFETY: checked by `out_arg`.
        unsafe { out_code.write(code_of(event)) };
        Ok(())
    })
}

/// Gives the job's id, as sent, never empty: `*out_id` points to `*out_len` bytes of UTF-8,
/// followed by a NUL. Owned by the event, valid until `sharpapi_event_free`.
///
/// # Safety
/// `event` is NULL or a live event; `out_id` and `out_len` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_event_id(
    event: *const sharpapi_event_t,
    out_id: *mut *const c_char,
    out_len: *mut usize,
) -> sharpapi_status_t {
    // SAFETY: the function's contract.
    unsafe { event_text(event, out_id, out_len, |event| Some(&event.id)) }
}

/// Gives the job's status exactly as sent (as `sharpapi_event_id` gives the id).
///
/// # Safety
/// As for `sharpapi_event_id`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_event_status(
    event: *const sharpapi_event_t,
    out_status: *mut *const c_char,
    out_len: *mut usize,
) -> sharpapi_status_t {
    // SAFETY: the function's contract.
    unsafe { event_text(event, out_status, out_len, |event| Some(&event.status)) }
}

/// Gives the job's status as a number: a SHARPAPI_JOB_STATUS_* value, or
/// SHARPAPI_JOB_STATUS_OTHER for a status this version does not know.
///
/// # Safety
/// `event` is NULL or a live event; `out_code` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_event_status_code(
    event: *const sharpapi_event_t,
    out_code: *mut sharpapi_job_status_t,
) -> sharpapi_status_t {
    // SAFETY: the function's contract.
    unsafe { event_code(event, out_code, |event| event.status_code) }
}

/// Gives the job's type (the JSON member "type") exactly as sent (as `sharpapi_event_id` gives
/// the id).
///
/// # Safety
/// As for `sharpapi_event_id`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_event_type(
    event: *const sharpapi_event_t,
    out_type: *mut *const c_char,
    out_len: *mut usize,
) -> sharpapi_status_t {
    // SAFETY: the function's contract.
    unsafe { event_text(event, out_type, out_len, |event| Some(&event.job_type)) }
}

/// Gives the job's type as a number: a SHARPAPI_JOB_TYPE_* value, or SHARPAPI_JOB_TYPE_OTHER
/// for a type this version does not know.
///
/// # Safety
/// `event` is NULL or a live event; `out_code` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_event_type_code(
    event: *const sharpapi_event_t,
    out_code: *mut sharpapi_job_type_t,
) -> sharpapi_status_t {
    // SAFETY: the function's contract.
    unsafe { event_code(event, out_code, |event| event.type_code) }
}

/// Gives the exact JSON text of the job's "result" member (as `sharpapi_event_id` gives the id),
/// or NULL and 0 when the delivery has no result (absent or null); both are SHARPAPI_OK.
///
/// # Safety
/// As for `sharpapi_event_id`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_event_result(
    event: *const sharpapi_event_t,
    out_result: *mut *const c_char,
    out_len: *mut usize,
) -> sharpapi_status_t {
    // SAFETY: the function's contract.
    unsafe { event_text(event, out_result, out_len, |event| event.result.as_ref()) }
}

/// Every field of an event at once, as `sharpapi_event_fields` gives them: each text is a pointer
/// to UTF-8 followed by a NUL, with its exact length, owned by the event and valid until
/// `sharpapi_event_free`. For callers whose every foreign call costs (Python's ctypes, say).
#[repr(C)]
pub struct sharpapi_event_fields_t {
    /// The job's id, never empty.
    pub id: *const c_char,
    /// The length of `id` in bytes, without the NUL.
    pub id_len: usize,
    /// The job's status, exactly as sent.
    pub status: *const c_char,
    /// The length of `status` in bytes.
    pub status_len: usize,
    /// The status as a number (SHARPAPI_JOB_STATUS_*).
    pub status_code: sharpapi_job_status_t,
    /// The job's type (the JSON member "type"), exactly as sent.
    pub job_type: *const c_char,
    /// The length of `job_type` in bytes.
    pub job_type_len: usize,
    /// The type as a number (SHARPAPI_JOB_TYPE_*).
    pub type_code: sharpapi_job_type_t,
    /// The exact JSON text of "result", or NULL when the delivery has none.
    pub result: *const c_char,
    /// The length of `result` in bytes; 0 when `result` is NULL.
    pub result_len: usize,
}

/// Fills `*out_fields` with every field of `event` in one call; see `sharpapi_event_fields_t`.
///
/// # Safety
/// `event` is NULL or a live event; `out_fields` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_event_fields(
    event: *const sharpapi_event_t,
    out_fields: *mut sharpapi_event_fields_t,
) -> sharpapi_status_t {
    guarded(|| {
        let out_fields = out_arg(out_fields)?;
        // SAFETY: the function's contract.
        let event = unsafe { object_arg(event)? };
        let (result, result_len) = event
            .result
            .as_ref()
            .map_or((std::ptr::null(), 0), |result| (result.ptr(), result.len()));
        let fields = sharpapi_event_fields_t {
            id: event.id.ptr(),
            id_len: event.id.len(),
            status: event.status.ptr(),
            status_len: event.status.len(),
            status_code: event.status_code,
            job_type: event.job_type.ptr(),
            job_type_len: event.job_type.len(),
            type_code: event.type_code,
            result,
            result_len,
        };
        // SAFETY: checked by `out_arg`.
        unsafe { out_fields.write(fields) };
        Ok(())
    })
}

/// A static, NUL-terminated description of `status` that says what to fix; never NULL (an
/// unknown number has a description too). Do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn sharpapi_error_message(status: u32) -> *const c_char {
    catch_unwind(|| error_message(status))
        .unwrap_or(c"internal error")
        .as_ptr()
}

fn error_message(status: u32) -> &'static CStr {
    static CORE_MESSAGES: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    let core_messages = CORE_MESSAGES.get_or_init(|| {
        ErrorCode::ALL
            .iter()
            .filter_map(|code| Some((code.as_u32(), CString::new(code.description()).ok()?)))
            .collect()
    });
    match status {
        0 => c"ok",
        100 => c"null argument: a required pointer argument is NULL",
        101 => c"invalid UTF-8: a string argument is not valid UTF-8",
        102 => c"buffer too small: the output buffer must hold at least SHARPAPI_SIGNATURE_BUFFER_LEN bytes",
        103 => c"internal error: the library failed unexpectedly; please report it",
        104 => c"invalid length: a length is larger than any object can be",
        _ => core_messages
            .iter()
            .find(|(code, _)| *code == status)
            .map_or(c"unknown status code", |(_, message)| message.as_c_str()),
    }
}

/// This library's version ("MAJOR.MINOR.PATCH"), static and NUL-terminated. Check it against the
/// header's SHARPAPI_VERSION when the library is loaded at run time.
#[unsafe(no_mangle)]
pub extern "C" fn sharpapi_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_instead_of_unwinding_into_c() {
        let status = guarded(|| panic!("a bug somewhere below the C ABI"));
        assert_eq!(status, SHARPAPI_INTERNAL_ERROR);
        assert_eq!(
            guarded(|| Err(SHARPAPI_NULL_ARGUMENT)),
            SHARPAPI_NULL_ARGUMENT
        );
        assert_eq!(guarded(|| Ok(())), SHARPAPI_OK);
    }

    #[test]
    fn known_values_are_numbered_from_one_in_the_cores_order() {
        assert_eq!(
            code_of(JobStatus::KNOWN, &JobStatus::New),
            SHARPAPI_JOB_STATUS_NEW
        );
        assert_eq!(
            code_of(JobType::KNOWN, &JobType::SeoGenerateTags),
            SHARPAPI_JOB_TYPE_SEO_GENERATE_TAGS
        );
        assert_eq!(
            code_of(JobType::KNOWN, &JobType::from("new_type")),
            SHARPAPI_JOB_TYPE_OTHER
        );
    }
}
