//! The C ABI. Every function has one shape: its arguments checked (NULL, lengths), one call into
//! the core inside a panic guard, a status returned, and out-parameters written only on success.
//! Every text crosses as a pointer and a length, never up to a terminator, and as bytes: what
//! bytes that are not UTF-8 mean (a refused secret, a malformed signature, another header) is the
//! core's rule, not this layer's. A failure's full message, the core's detail included, stays
//! readable through `sharpapi_last_error_message` on the calling thread. Objects come in
//! `_new`/`_free` pairs, and `_free(NULL)` does nothing. The doc comments become the header's
//! (`bindings/c/include/sharpapi_webhooks.h`, made by cbindgen).

#![allow(non_camel_case_types, reason = "C naming, as the header shows it")]

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use sharpapi_webhooks::{
    Cause, ErrorCode, JobStatus, JobType, TestDelivery, Verifier, WebhookError, WebhookEvent,
};

use crate::errors::sharpapi_status_t::{self, *};

/// The size of the buffer that `sharpapi_sign` fills: 64 hex digits and a NUL.
pub const SHARPAPI_SIGNATURE_BUFFER_LEN: usize = 65;

pub use crate::vocabulary::*;

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

/// A string as its UTF-8 bytes and their length; no terminator is read, so a NUL is a character
/// like any other. `ptr` may be NULL only when `len` is 0.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sharpapi_str_t {
    /// The first byte, or NULL for the empty string.
    pub ptr: *const u8,
    /// The number of bytes at `ptr`.
    pub len: usize,
}

/// One header of the request, as the web server received it: name and value as bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sharpapi_header_t {
    /// The header's name, in any case.
    pub name: sharpapi_str_t,
    /// The header's value, exactly as received.
    pub value: sharpapi_str_t,
}

/// Why a call failed: the core's error, with its message, or an argument error of this layer.
enum Failure {
    Core(WebhookError),
    Abi(sharpapi_status_t),
}

impl From<WebhookError> for Failure {
    fn from(error: WebhookError) -> Self {
        Self::Core(error)
    }
}

impl From<sharpapi_status_t> for Failure {
    fn from(status: sharpapi_status_t) -> Self {
        Self::Abi(status)
    }
}

thread_local! {
    /// The message of the last call on this thread that failed, NUL-terminated, for
    /// `sharpapi_last_error_message`.
    static LAST_ERROR: RefCell<CText> = RefCell::new(CText::new(String::new()));
}

/// Remembers a failure's message for `sharpapi_last_error_message` and gives its status.
fn fail(failure: Failure) -> sharpapi_status_t {
    let (status, message) = match failure {
        Failure::Core(error) => (sharpapi_status_t::from(error.code()), error.to_string()),
        Failure::Abi(status) => (status, abi_message(status).to_string_lossy().into_owned()),
    };
    // A thread being torn down has no slot left; its caller cannot ask for the message anyway.
    let _ = LAST_ERROR.try_with(|last| *last.borrow_mut() = CText::new(message));
    status
}

/// Runs one C call: a panic becomes `SHARPAPI_INTERNAL_ERROR` instead of unwinding into C, and a
/// failure's message is kept for `sharpapi_last_error_message`.
fn guarded(call: impl FnOnce() -> Result<(), Failure>) -> sharpapi_status_t {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(())) => SHARPAPI_OK,
        Ok(Err(failure)) => fail(failure),
        Err(_) => fail(Failure::Abi(SHARPAPI_INTERNAL_ERROR)),
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

/// The `X-Signature` argument: NULL (with length 0) means the header is absent.
///
/// # Safety
/// As for `bytes_arg`.
unsafe fn signature_arg<'a>(
    ptr: *const u8,
    len: usize,
) -> Result<Option<&'a [u8]>, sharpapi_status_t> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: passed on from the caller's promise.
    unsafe { bytes_arg(ptr, len) }.map(Some)
}

/// An array argument of `len` elements. NULL is the empty array only when `len` is 0.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable elements that stay unchanged during the call.
unsafe fn array_arg<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], sharpapi_status_t> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(SHARPAPI_NULL_ARGUMENT);
    }
    if isize::try_from(len.saturating_mul(size_of::<T>())).is_err() {
        return Err(SHARPAPI_INVALID_LENGTH);
    }
    // SAFETY: non-NULL, within isize::MAX bytes, and `len` readable elements by the caller's
    // promise above.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The bytes of a `sharpapi_str_t`.
///
/// # Safety
/// As for `bytes_arg`, with the string's pointer and length.
unsafe fn str_arg<'a>(text: sharpapi_str_t) -> Result<&'a [u8], sharpapi_status_t> {
    // SAFETY: passed on from the caller's promise.
    unsafe { bytes_arg(text.ptr, text.len) }
}

/// Secrets as the core takes them: each one's bytes.
///
/// # Safety
/// `secrets` is NULL or `secrets_len` readable strings, each as for `str_arg`.
unsafe fn secrets_arg<'a>(
    secrets: *const sharpapi_str_t,
    secrets_len: usize,
) -> Result<Vec<&'a [u8]>, sharpapi_status_t> {
    // SAFETY: passed on from the caller's promise.
    let secrets = unsafe { array_arg(secrets, secrets_len)? };
    secrets
        .iter()
        // SAFETY: each secret, by the caller's promise.
        .map(|&secret| unsafe { str_arg(secret) })
        .collect()
}

/// A request's header pairs as the core takes them: name and value, as bytes.
type HeaderPairs<'a> = Vec<(&'a [u8], &'a [u8])>;

/// Header pairs as the core takes them.
///
/// # Safety
/// `headers` is NULL or `headers_len` readable pairs, each string as for `str_arg`.
unsafe fn headers_arg<'a>(
    headers: *const sharpapi_header_t,
    headers_len: usize,
) -> Result<HeaderPairs<'a>, sharpapi_status_t> {
    // SAFETY: passed on from the caller's promise.
    let headers = unsafe { array_arg(headers, headers_len)? };
    headers
        .iter()
        // SAFETY: each pair's strings, by the caller's promise.
        .map(|header| unsafe { Ok((str_arg(header.name)?, str_arg(header.value)?)) })
        .collect()
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

/// Checks `signature` (the X-Signature value, `signature_len` bytes; NULL and 0 when the header is
/// absent) against the `body_len` bytes of `body`, exactly as received, under one secret: the
/// `secret_len` bytes of `secret`, UTF-8.
///
/// Returns SHARPAPI_OK when the signature matches; SHARPAPI_INVALID_SECRET (empty, or not UTF-8),
/// SHARPAPI_MISSING_SIGNATURE, SHARPAPI_MALFORMED_SIGNATURE or SHARPAPI_INVALID_SIGNATURE when
/// not; SHARPAPI_NULL_ARGUMENT when a pointer is NULL with a non-zero length.
///
/// # Safety
/// Each pointer is NULL (with a length of 0) or points to as many readable bytes as its length
/// says. Nothing is kept after the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verify(
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    secret: *const u8,
    secret_len: usize,
) -> sharpapi_status_t {
    guarded(|| {
        // SAFETY: the function's contract.
        let (raw_body, signature, secret) = unsafe {
            (
                bytes_arg(body, body_len)?,
                signature_arg(signature, signature_len)?,
                bytes_arg(secret, secret_len)?,
            )
        };
        Ok(Verifier::new([secret])?.verify_raw(raw_body, signature)?)
    })
}

/// Writes the lowercase hex HMAC-SHA256 of the `payload_len` bytes of `payload` under the secret
/// (`secret_len` bytes of UTF-8 at `secret`), as SharpAPI signs, into `out`: 64 hex digits and a
/// NUL. `out_len` is the size of `out`, at least SHARPAPI_SIGNATURE_BUFFER_LEN (65), else
/// SHARPAPI_BUFFER_TOO_SMALL. SHARPAPI_INVALID_SECRET when the secret is empty or not UTF-8. For
/// tests and for simulating deliveries.
///
/// # Safety
/// `payload` and `secret` are NULL (with a length of 0) or point to as many readable bytes as
/// their lengths say; `out` points to `out_len` writable bytes. The caller owns `out`; `out` is
/// written only when SHARPAPI_OK is returned.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_sign(
    payload: *const u8,
    payload_len: usize,
    secret: *const u8,
    secret_len: usize,
    out: *mut c_char,
    out_len: usize,
) -> sharpapi_status_t {
    guarded(|| {
        let out = out_arg(out)?;
        if out_len < SHARPAPI_SIGNATURE_BUFFER_LEN {
            return Err(SHARPAPI_BUFFER_TOO_SMALL.into());
        }
        // SAFETY: the function's contract.
        let (payload, secret) = unsafe {
            (
                bytes_arg(payload, payload_len)?,
                bytes_arg(secret, secret_len)?,
            )
        };
        let signature = sharpapi_webhooks::sign(payload, secret)?;
        // SAFETY: `out` holds at least 65 bytes, and the signature is 64 bytes long.
        unsafe {
            std::ptr::copy_nonoverlapping(signature.as_ptr().cast(), out, signature.len());
            out.add(signature.len()).write(0);
        }
        Ok(())
    })
}

/// Makes a verifier that accepts signatures made with any of the `secrets_len` secrets of
/// `secrets` (two while rotating secrets), and stores it in `*out_verifier`. A secret is any
/// non-empty UTF-8 text, NUL included; it is used exactly as given. The secrets are not kept: the
/// caller may release them once this returns. Release the verifier with `sharpapi_verifier_free`.
///
/// Returns SHARPAPI_INVALID_SECRET when `secrets_len` is 0 or any secret is empty or not UTF-8;
/// SHARPAPI_NULL_ARGUMENT when `out_verifier` is NULL, or a pointer is NULL with a non-zero
/// length.
///
/// # Safety
/// `secrets` points to `secrets_len` readable `sharpapi_str_t` (or is NULL when `secrets_len` is
/// 0), each NULL with a length of 0 or pointing to as many readable bytes as its length says;
/// `out_verifier` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verifier_new(
    secrets: *const sharpapi_str_t,
    secrets_len: usize,
    out_verifier: *mut *mut sharpapi_verifier_t,
) -> sharpapi_status_t {
    guarded(|| {
        let out_verifier = out_arg(out_verifier)?;
        // SAFETY: the function's contract.
        let secrets = unsafe { secrets_arg(secrets, secrets_len)? };
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

/// Checks `signature` (the X-Signature value, `signature_len` bytes; NULL and 0 when the header is
/// absent) against the `body_len` bytes of `body`, exactly as received, under every secret of
/// `verifier`. Only ASCII whitespace around the value is trimmed; any other byte outside the 64 hex
/// digits (a NUL too, wherever it stands) makes it malformed.
///
/// Returns SHARPAPI_OK when it matches one; SHARPAPI_MISSING_SIGNATURE,
/// SHARPAPI_MALFORMED_SIGNATURE or SHARPAPI_INVALID_SIGNATURE when not; SHARPAPI_NULL_ARGUMENT
/// when `verifier` is NULL, or a pointer is NULL with a non-zero length.
///
/// # Safety
/// `verifier` is NULL or a live verifier of this library; `body` and `signature` are NULL (with a
/// length of 0) or point to as many readable bytes as their lengths say.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verifier_verify(
    verifier: *const sharpapi_verifier_t,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
) -> sharpapi_status_t {
    guarded(|| {
        // SAFETY: the function's contract.
        let (verifier, raw_body, signature) = unsafe {
            (
                object_arg(verifier)?,
                bytes_arg(body, body_len)?,
                signature_arg(signature, signature_len)?,
            )
        };
        Ok(verifier.0.verify_raw(raw_body, signature)?)
    })
}

/// Verifies a delivery as `sharpapi_verifier_verify` does, then parses the verified body into a
/// new event stored in `*out_event`; release it with `sharpapi_event_free`. A body whose
/// signature does not match is never parsed.
///
/// Returns the errors of `sharpapi_verifier_verify`, then SHARPAPI_INVALID_PAYLOAD when the
/// verified body is not a SharpAPI event (`sharpapi_last_error_message` says why, at which line
/// and column); SHARPAPI_NULL_ARGUMENT when `out_event` is NULL.
///
/// # Safety
/// As for `sharpapi_verifier_verify`; `out_event` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verifier_construct_event(
    verifier: *const sharpapi_verifier_t,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    out_event: *mut *mut sharpapi_event_t,
) -> sharpapi_status_t {
    guarded(|| {
        let out_event = out_arg(out_event)?;
        // SAFETY: the function's contract.
        let (verifier, raw_body, signature) = unsafe {
            (
                object_arg(verifier)?,
                bytes_arg(body, body_len)?,
                signature_arg(signature, signature_len)?,
            )
        };
        let event = verifier.0.construct_event_raw(raw_body, signature)?;
        // SAFETY: checked by `out_arg`.
        unsafe { give(out_event, sharpapi_event_t::from(event)) };
        Ok(())
    })
}

/// `sharpapi_verifier_construct_event` with the signature looked up among the request's
/// `headers_len` headers by `sharpapi_signature_from_headers`' rule.
///
/// Returns the errors of `sharpapi_signature_from_headers`, then those of
/// `sharpapi_verifier_construct_event`.
///
/// # Safety
/// As for `sharpapi_verifier_construct_event`, with `headers` as for
/// `sharpapi_signature_from_headers`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_verifier_construct_event_from_headers(
    verifier: *const sharpapi_verifier_t,
    body: *const u8,
    body_len: usize,
    headers: *const sharpapi_header_t,
    headers_len: usize,
    out_event: *mut *mut sharpapi_event_t,
) -> sharpapi_status_t {
    guarded(|| {
        let out_event = out_arg(out_event)?;
        // SAFETY: the function's contract.
        let (verifier, raw_body, headers) = unsafe {
            (
                object_arg(verifier)?,
                bytes_arg(body, body_len)?,
                headers_arg(headers, headers_len)?,
            )
        };
        let event = verifier.0.construct_event_from_headers(raw_body, headers)?;
        // SAFETY: checked by `out_arg`.
        unsafe { give(out_event, sharpapi_event_t::from(event)) };
        Ok(())
    })
}

/// Finds the X-Signature value among the request's `headers_len` headers: a name equal to
/// "X-Signature" in any ASCII case, nothing around it. Pass every header as received, a repeated
/// one as several pairs (not joined with commas). The same value twice (after trimming ASCII
/// whitespace) counts once. `*out_signature` then points into the caller's `headers` memory, at
/// `*out_len` bytes, valid as long as that memory is (an empty value may give any pointer, with a
/// length of 0).
///
/// Returns SHARPAPI_MISSING_SIGNATURE when no header has that name;
/// SHARPAPI_MALFORMED_SIGNATURE when two of them differ; SHARPAPI_NULL_ARGUMENT when an out
/// parameter is NULL, or a pointer is NULL with a non-zero length.
///
/// # Safety
/// `headers` points to `headers_len` readable `sharpapi_header_t` (or is NULL when `headers_len`
/// is 0), each string NULL with a length of 0 or pointing to as many readable bytes as its length
/// says; `out_signature` and `out_len` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_signature_from_headers(
    headers: *const sharpapi_header_t,
    headers_len: usize,
    out_signature: *mut *const u8,
    out_len: *mut usize,
) -> sharpapi_status_t {
    guarded(|| {
        let (out_signature, out_len) = (out_arg(out_signature)?, out_arg(out_len)?);
        // SAFETY: the function's contract.
        let headers = unsafe { headers_arg(headers, headers_len)? };
        let signature = sharpapi_webhooks::signature_from_headers(headers)?;
        // SAFETY: both checked by `out_arg`.
        unsafe {
            out_signature.write(signature.as_ptr());
            out_len.write(signature.len());
        }
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

/// The message of the last call on this thread that failed: for SHARPAPI_INVALID_PAYLOAD it says
/// why and at which line and column, for every other status it is `sharpapi_error_message`'s.
/// Never NULL; empty before any call failed. `*out_len`, when `out_len` is not NULL, receives its
/// length in bytes without the NUL that follows. Owned by the library and valid until the next
/// call into it on this thread; copy it to keep it. It never holds a secret.
///
/// # Safety
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_last_error_message(out_len: *mut usize) -> *const c_char {
    let message = catch_unwind(|| {
        LAST_ERROR.try_with(|last| {
            let last = last.borrow();
            (last.ptr(), last.len())
        })
    });
    let (ptr, len) = match message {
        Ok(Ok(message)) => message,
        _ => (c"".as_ptr(), 0),
    };
    if !out_len.is_null() {
        // SAFETY: non-NULL, and writable by the contract.
        unsafe { out_len.write(len) };
    }
    ptr
}

/// Explains why `signature` (`signature_len` bytes; NULL and 0 when the header is absent) does
/// or does not sign the `body_len` bytes of `body` with any of `secrets` (as for
/// `sharpapi_verifier_new`, but a secret that is empty or not UTF-8 is skipped rather than
/// refused): it tries the usual changes between what SharpAPI signed and what was received
/// (re-serialized JSON, reordered keys, other escapes, CRLF/LF, a trailing newline, a byte order
/// mark, whitespace around a secret, a `sha256=` prefix) and stores in `*out_causes` the set of
/// causes found: bit `n - 1` for each SHARPAPI_CAUSE_* `n`; never 0. SHARPAPI_CAUSE_SIGNATURE_MATCHES
/// alone means the signature is valid as received. It costs a few dozen HMACs: call it to debug a
/// failure, never for every request, and show its finding to the endpoint's owner, never to the
/// sender.
///
/// Returns SHARPAPI_OK; SHARPAPI_NULL_ARGUMENT when `out_causes` is NULL, or a pointer is NULL
/// with a non-zero length.
///
/// # Safety
/// `body` and `signature` as for `sharpapi_verifier_verify`; `secrets` as for
/// `sharpapi_verifier_new`; `out_causes` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_explain(
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    secrets: *const sharpapi_str_t,
    secrets_len: usize,
    out_causes: *mut u32,
) -> sharpapi_status_t {
    guarded(|| {
        let out_causes = out_arg(out_causes)?;
        // SAFETY: the function's contract.
        let (raw_body, signature, secrets) = unsafe {
            (
                bytes_arg(body, body_len)?,
                signature_arg(signature, signature_len)?,
                secrets_arg(secrets, secrets_len)?,
            )
        };
        let causes = sharpapi_webhooks::explain(raw_body, signature, &secrets).cause_bits();
        // SAFETY: checked by `out_arg`.
        unsafe { out_causes.write(causes) };
        Ok(())
    })
}

/// `sharpapi_explain` with the signature looked up among the request's `headers_len` headers as
/// `sharpapi_signature_from_headers` finds it: no X-Signature header gives
/// SHARPAPI_CAUSE_MISSING_SIGNATURE, two that differ SHARPAPI_CAUSE_MALFORMED_SIGNATURE.
///
/// Returns SHARPAPI_OK; SHARPAPI_NULL_ARGUMENT when `out_causes` is NULL, or a pointer is NULL
/// with a non-zero length.
///
/// # Safety
/// `body` as for `sharpapi_verifier_verify`; `headers` as for `sharpapi_signature_from_headers`;
/// `secrets` as for `sharpapi_verifier_new`; `out_causes` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_explain_from_headers(
    body: *const u8,
    body_len: usize,
    headers: *const sharpapi_header_t,
    headers_len: usize,
    secrets: *const sharpapi_str_t,
    secrets_len: usize,
    out_causes: *mut u32,
) -> sharpapi_status_t {
    guarded(|| {
        let out_causes = out_arg(out_causes)?;
        // SAFETY: the function's contract.
        let (raw_body, headers, secrets) = unsafe {
            (
                bytes_arg(body, body_len)?,
                headers_arg(headers, headers_len)?,
                secrets_arg(secrets, secrets_len)?,
            )
        };
        let causes =
            sharpapi_webhooks::explain_from_headers(raw_body, headers, &secrets).cause_bits();
        // SAFETY: checked by `out_arg`.
        unsafe { out_causes.write(causes) };
        Ok(())
    })
}

/// A static, NUL-terminated sentence for the endpoint's owner about cause `cause`
/// (a SHARPAPI_CAUSE_* number): what happened and what to do; NULL for a number that is no cause.
#[unsafe(no_mangle)]
pub extern "C" fn sharpapi_cause_description(cause: u32) -> *const c_char {
    static DESCRIPTIONS: OnceLock<Vec<CString>> = OnceLock::new();
    cause_text(cause, &DESCRIPTIONS, Cause::description)
}

/// One static text per cause, made once, in the order of the causes' codes: `text` of the cause
/// numbered `cause`, or NULL for a number that is no cause.
fn cause_text(
    cause: u32,
    table: &'static OnceLock<Vec<CString>>,
    text: fn(Cause) -> &'static str,
) -> *const c_char {
    catch_unwind(|| {
        let texts = table.get_or_init(|| {
            Cause::ALL
                .iter()
                // No cause's text holds a NUL; an empty one would keep the table in code order.
                .map(|&cause| CString::new(text(cause)).unwrap_or_default())
                .collect()
        });
        Cause::from_code(cause)
            .and_then(|cause| texts.get(usize::try_from(cause.code()).ok()? - 1))
            .map_or(std::ptr::null(), |text| text.as_ptr())
    })
    .unwrap_or(std::ptr::null())
}

/// A static, NUL-terminated name of cause `cause` (a SHARPAPI_CAUSE_* number) as data spells it,
/// e.g. "json_whitespace"; NULL for a number that is no cause.
#[unsafe(no_mangle)]
pub extern "C" fn sharpapi_cause_name(cause: u32) -> *const c_char {
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    cause_text(cause, &NAMES, Cause::as_str)
}

/// A delivery exactly as SharpAPI would send it, for tests. Made by `sharpapi_test_delivery_new`,
/// released by `sharpapi_test_delivery_free`.
pub struct sharpapi_test_delivery_t {
    body: CText,
    signature: CText,
}

/// Builds a signed delivery of a job's outcome for tests, stored in `*out_delivery`: the body
/// `{"id", "status", "type"}` and, unless `result` is NULL with length 0, `"result"` (JSON text,
/// written as it is without surrounding whitespace), in SharpAPI's member order and escaping
/// (`\/`, `\u00e9`), signed with `secret`. `id`, `status` and `job_type` are UTF-8 text, any
/// value. Read it with `sharpapi_test_delivery_body` and
/// `_signature`; send it with `Content-Type: application/json`, `User-Agent: SharpAPIWebhook/1.0`
/// and the signature as `X-Signature`. Release it with `sharpapi_test_delivery_free`.
///
/// Returns SHARPAPI_INVALID_SECRET for an empty or non-UTF-8 secret; SHARPAPI_INVALID_PAYLOAD when
/// `result` is not one JSON value a verifier accepts or a text is not UTF-8; SHARPAPI_NULL_ARGUMENT when
/// `out_delivery` is NULL, or a pointer is NULL with a non-zero length.
///
/// # Safety
/// Each string is NULL with a length of 0 or points to as many readable bytes as its length says;
/// `out_delivery` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_test_delivery_new(
    secret: sharpapi_str_t,
    id: sharpapi_str_t,
    status: sharpapi_str_t,
    job_type: sharpapi_str_t,
    result: sharpapi_str_t,
    out_delivery: *mut *mut sharpapi_test_delivery_t,
) -> sharpapi_status_t {
    guarded(|| {
        let out_delivery = out_arg(out_delivery)?;
        fn text(bytes: &[u8]) -> Result<&str, WebhookError> {
            std::str::from_utf8(bytes).map_err(|_| WebhookError::InvalidPayload {
                detail: "a test delivery's id, status, type and result must be UTF-8 text".into(),
            })
        }
        // SAFETY: the function's contract.
        let (secret, id, status, job_type) = unsafe {
            (
                str_arg(secret)?,
                text(str_arg(id)?)?,
                text(str_arg(status)?)?,
                text(str_arg(job_type)?)?,
            )
        };
        let result = if result.ptr.is_null() && result.len == 0 {
            None
        } else {
            // SAFETY: the function's contract.
            Some(text(unsafe { str_arg(result)? })?)
        };
        let delivery = TestDelivery::new(secret, id, status, job_type, result)?;
        let delivery = sharpapi_test_delivery_t {
            body: CText::new(String::from_utf8_lossy(delivery.body()).into_owned()),
            signature: CText::new(delivery.signature().to_owned()),
        };
        // SAFETY: checked by `out_arg`.
        unsafe { give(out_delivery, delivery) };
        Ok(())
    })
}

/// Gives the delivery's body: `*out_body` points to its `*out_len` bytes (UTF-8, followed by a
/// NUL), owned by the delivery and valid until `sharpapi_test_delivery_free`.
///
/// # Safety
/// `delivery` is NULL or a live test delivery; `out_body` and `out_len` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_test_delivery_body(
    delivery: *const sharpapi_test_delivery_t,
    out_body: *mut *const c_char,
    out_len: *mut usize,
) -> sharpapi_status_t {
    guarded(|| {
        let (out_body, out_len) = (out_arg(out_body)?, out_arg(out_len)?);
        // SAFETY: the function's contract; the outs checked by `out_arg`.
        unsafe { give_text(Some(&object_arg(delivery)?.body), out_body, out_len) };
        Ok(())
    })
}

/// Gives the delivery's `X-Signature` value (64 lowercase hex digits, followed by a NUL), as
/// `sharpapi_test_delivery_body` gives the body.
///
/// # Safety
/// As for `sharpapi_test_delivery_body`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_test_delivery_signature(
    delivery: *const sharpapi_test_delivery_t,
    out_signature: *mut *const c_char,
    out_len: *mut usize,
) -> sharpapi_status_t {
    guarded(|| {
        let (out_signature, out_len) = (out_arg(out_signature)?, out_arg(out_len)?);
        // SAFETY: the function's contract; the outs checked by `out_arg`.
        unsafe {
            give_text(
                Some(&object_arg(delivery)?.signature),
                out_signature,
                out_len,
            )
        };
        Ok(())
    })
}

/// Releases a test delivery made by `sharpapi_test_delivery_new`. NULL does nothing.
///
/// # Safety
/// `delivery` is NULL or a test delivery of this library not yet released.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sharpapi_test_delivery_free(delivery: *mut sharpapi_test_delivery_t) {
    if !delivery.is_null() {
        // SAFETY: made by Box::into_raw in `sharpapi_test_delivery_new`, released once, by
        // contract.
        let delivery = unsafe { Box::from_raw(delivery) };
        guarded(|| {
            drop(delivery);
            Ok(())
        });
    }
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
    if status == SHARPAPI_OK as u32 {
        return c"ok";
    }
    sharpapi_status_t::ABI_ERRORS
        .iter()
        .find(|(abi, _, _)| *abi as u32 == status)
        .map(|(_, _, message)| *message)
        .or_else(|| {
            core_messages
                .iter()
                .find(|(code, _)| *code == status)
                .map(|(_, message)| message.as_c_str())
        })
        .unwrap_or(c"unknown status code")
}

/// The static message of one of this layer's own statuses.
fn abi_message(status: sharpapi_status_t) -> &'static CStr {
    error_message(status as u32)
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
            guarded(|| Err(SHARPAPI_NULL_ARGUMENT.into())),
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
