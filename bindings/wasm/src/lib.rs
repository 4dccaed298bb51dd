//! The core as WebAssembly, for the JavaScript runtimes where the native library cannot load:
//! Deno, Bun, Cloudflare's workerd, edge functions, browsers, and Node.js on a platform that the
//! npm package carries no library for. The WebAssembly analogue of `bindings/ffi`'s C ABI, and as
//! thin: each function reads its arguments, calls the core once and writes the answer; every rule
//! is the core's.
//!
//! The API is low level, made for one caller, the npm package's `lib/wasm_engine.js`, and shaped
//! like the C ABI that `lib/native.js` calls, for the same reason: what crosses the boundary costs
//! more than the work at 1 KiB. wasm-bindgen's own conversions would allocate and copy each
//! argument and build a JavaScript object per result; here nothing is allocated per call but
//! the event itself:
//!
//! - The caller writes a call's arguments into one reused input buffer (`input` gives its
//!   address), each a byte string prefixed with its length (32 bits, little-endian), in the order
//!   each function lists. Texts are UTF-8; what bytes that are not UTF-8 mean (a refused secret,
//!   a malformed signature, another header's name) is the core's rule, as in the C ABI.
//! - Every call returns a status: 0, a core error code (1 to 5, the numbers of every language), or
//!   [`INTERNAL_ERROR`] (103, the C ABI's `SHARPAPI_INTERNAL_ERROR`) when the arguments are not
//!   what this API takes: a bug of the caller, never of the delivery.
//! - The answer is written into the output table (`output` gives its address: [`OUTPUT_LEN`]
//!   words of 32 bits), as addresses and lengths of texts that this module keeps until the next
//!   call: a failure's message at [`MESSAGE`], an event's fields at [`ID`], [`STATUS`], [`TYPE`]
//!   and [`RESULT`] (statuses and types numbered as the C ABI numbers them: 1 and up in the core's
//!   permanent `KNOWN` order, 0 for a value this version does not know), a signature at
//!   [`TEXT`], a new verifier's handle at [`HANDLE`], a test delivery's body and signature at
//!   [`BODY`] and [`SIGNATURE`], an explanation's cause set at [`CAUSES`].
//!
//! No panic can escape: wasm32-unknown-unknown cannot unwind on stable Rust, so there is no
//! `catch_unwind` to stand at the boundary as the C ABI's does, and a panic would trap, leaving the
//! instance's stack pointer where the panic left it. So nothing here can panic: no indexing,
//! unwrapping or arithmetic that can overflow, the state borrowed with `try_borrow_mut` (a status,
//! not a panic, if it ever were borrowed twice), and the core's own functions are written and
//! fuzzed not to (`tests/fuzz`). The JavaScript side still treats a trap as a failure of the
//! instance, which it replaces (`lib/wasm_engine.js`).

use std::cell::RefCell;

use sharpapi_webhooks::{JobStatus, JobType, TestDelivery, Verifier, WebhookError, WebhookEvent};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// The status of a call that succeeded.
pub const OK: u32 = 0;
/// The status of a call whose arguments are not what this API takes (the C ABI's
/// `SHARPAPI_INTERNAL_ERROR`); its message says which.
pub const INTERNAL_ERROR: u32 = 103;

/// The words of the output table.
pub const OUTPUT_LEN: usize = 11;
/// After a failure: the message's address and length.
pub const MESSAGE: usize = 0;
/// After `sign`: the signature's address and length.
pub const TEXT: usize = 0;
/// After `verifier_new`: the verifier's handle.
pub const HANDLE: usize = 0;
/// After an event: the id's address and length.
pub const ID: usize = 0;
/// After an event: the status's number (0 when this version does not know it), address and
/// length.
pub const STATUS: usize = 2;
/// After an event: the type's number (0 when this version does not know it), address and length.
pub const TYPE: usize = 5;
/// After an event: 1 and the result's address and length, or 0 when it has none.
pub const RESULT: usize = 8;
/// After `test_delivery`: the body's address and length.
pub const BODY: usize = 0;
/// After `test_delivery`: the X-Signature value's address and length.
pub const SIGNATURE: usize = 2;
/// After `explain`: the cause set, bit `n - 1` for each cause `n` (the C ABI's `SHARPAPI_CAUSE_*`
/// numbers, which `bindings/vocabulary.json` records).
pub const CAUSES: usize = 0;

/// Why a call failed.
enum Failure {
    Core(WebhookError),
    /// The caller broke this API's contract: a handle it does not hold, arguments it did not write.
    Internal(&'static str),
}

impl From<WebhookError> for Failure {
    fn from(error: WebhookError) -> Self {
        Self::Core(error)
    }
}

/// What the last call handed out; the output table points into it until the next call.
enum Kept {
    Nothing,
    Text(String),
    Event(WebhookEvent),
    Delivery(TestDelivery),
}

/// Everything this module holds. One per instance: WebAssembly runs one call at a time in it.
struct State {
    /// The arguments of the next call, written by the caller.
    input: Vec<u8>,
    /// The verifiers, by handle - 1; `None` once freed, its place then listed in `vacant`.
    verifiers: Vec<Option<Verifier>>,
    vacant: Vec<usize>,
    kept: Kept,
    output: [usize; OUTPUT_LEN],
}

thread_local! {
    static STATE: RefCell<State> = const {
        RefCell::new(State {
            input: Vec::new(),
            verifiers: Vec::new(),
            vacant: Vec::new(),
            kept: Kept::Nothing,
            output: [0; OUTPUT_LEN],
        })
    };
}

/// Runs one call on the state: the previous answer is dropped first, a failure's message kept
/// for the caller.
fn call(operation: impl FnOnce(&mut State) -> Result<(), Failure>) -> u32 {
    STATE
        .try_with(|cell| {
            let Ok(mut state) = cell.try_borrow_mut() else {
                return INTERNAL_ERROR;
            };
            state.kept = Kept::Nothing;
            match operation(&mut state) {
                Ok(()) => OK,
                Err(Failure::Core(error)) => {
                    state.keep_text(error.to_string(), MESSAGE);
                    error.code().as_u32()
                }
                Err(Failure::Internal(what)) => {
                    state.keep_text(format!("internal error: {what}"), MESSAGE);
                    INTERNAL_ERROR
                }
            }
        })
        .unwrap_or(INTERNAL_ERROR)
}

/// The byte strings of the input buffer, in order.
struct Arguments<'a>(&'a [u8]);

impl<'a> Arguments<'a> {
    fn next(&mut self) -> Result<&'a [u8], Failure> {
        const TRUNCATED: Failure = Failure::Internal("the arguments end before their lengths say");
        let (length, rest) = self.0.split_first_chunk::<4>().ok_or(TRUNCATED)?;
        let length = usize::try_from(u32::from_le_bytes(*length)).map_err(|_| TRUNCATED)?;
        let (argument, rest) = rest.split_at_checked(length).ok_or(TRUNCATED)?;
        self.0 = rest;
        Ok(argument)
    }

    /// `count` arguments.
    fn take(&mut self, count: u32) -> Result<Vec<&'a [u8]>, Failure> {
        (0..count).map(|_| self.next()).collect()
    }

    /// The next argument when `present` (the X-Signature header, a test delivery's result).
    fn optional(&mut self, present: bool) -> Result<Option<&'a [u8]>, Failure> {
        if present {
            self.next().map(Some)
        } else {
            Ok(None)
        }
    }

    /// The next argument as text, for a test delivery: the C ABI's rule and message for bytes
    /// that are not UTF-8.
    fn text(&mut self) -> Result<&'a str, Failure> {
        utf8(self.next()?)
    }
}

/// A test delivery's text, or `InvalidPayload` as `sharpapi_test_delivery_new` refuses it.
fn utf8(bytes: &[u8]) -> Result<&str, Failure> {
    std::str::from_utf8(bytes).map_err(|_| {
        Failure::Core(WebhookError::InvalidPayload {
            detail: "a test delivery's id, status, type and result must be UTF-8 text".into(),
        })
    })
}

impl State {
    fn arguments(&self) -> Arguments<'_> {
        Arguments(&self.input)
    }

    /// Reads arguments that hold secrets, then zeroes the bytes they took, whatever the outcome:
    /// no secret stays in the input buffer once the core has it.
    fn take_secrets<T>(
        &mut self,
        read: impl FnOnce(&mut Arguments<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let mut arguments = self.arguments();
        let outcome = read(&mut arguments);
        // All of it when the arguments did not read as written: where they end is then unknown.
        let used = match outcome {
            Ok(_) => self.input.len().saturating_sub(arguments.0.len()),
            Err(_) => self.input.len(),
        };
        if let Some(taken) = self.input.get_mut(..used) {
            taken.fill(0);
        }
        outcome
    }

    fn verifier(&self, handle: u32) -> Result<&Verifier, Failure> {
        index_of(handle)
            .and_then(|index| self.verifiers.get(index))
            .and_then(Option::as_ref)
            .ok_or(NO_VERIFIER)
    }

    fn remove_verifier(&mut self, handle: u32) -> Result<(), Failure> {
        let index = index_of(handle).ok_or(NO_VERIFIER)?;
        let slot = self.verifiers.get_mut(index).ok_or(NO_VERIFIER)?;
        slot.take().ok_or(NO_VERIFIER)?;
        self.vacant.push(index);
        Ok(())
    }

    /// Stores a verifier; gives its handle, never 0.
    fn add_verifier(&mut self, verifier: Verifier) -> Result<usize, Failure> {
        let index = match self.vacant.pop() {
            Some(index) => {
                let slot = self.verifiers.get_mut(index);
                *slot.ok_or(Failure::Internal("a vacant handle out of range"))? = Some(verifier);
                index
            }
            None => {
                self.verifiers.push(Some(verifier));
                self.verifiers.len().saturating_sub(1)
            }
        };
        Ok(index.saturating_add(1))
    }

    fn keep_text(&mut self, text: String, at: usize) {
        self.kept = Kept::Text(text);
        if let Kept::Text(text) = &self.kept {
            self.put(at, &[text.as_ptr().addr(), text.len()]);
        }
    }

    fn keep_event(&mut self, event: WebhookEvent) {
        self.kept = Kept::Event(event);
        if let Kept::Event(event) = &self.kept {
            let (status, job_type) = (event.status.as_str(), event.job_type.as_str());
            let result = event.result.as_deref();
            self.output = [
                event.id.as_ptr().addr(),
                event.id.len(),
                code_of(JobStatus::KNOWN, &event.status),
                status.as_ptr().addr(),
                status.len(),
                code_of(JobType::KNOWN, &event.job_type),
                job_type.as_ptr().addr(),
                job_type.len(),
                usize::from(result.is_some()),
                result.map_or(0, |result| result.as_ptr().addr()),
                result.map_or(0, str::len),
            ];
        }
    }

    fn keep_delivery(&mut self, delivery: TestDelivery) {
        self.kept = Kept::Delivery(delivery);
        if let Kept::Delivery(delivery) = &self.kept {
            let (body, signature) = (delivery.body(), delivery.signature());
            const _: () = assert!(
                SIGNATURE == BODY + 2,
                "the body's two words, then the signature's"
            );
            let words = [
                body.as_ptr().addr(),
                body.len(),
                signature.as_ptr().addr(),
                signature.len(),
            ];
            self.put(BODY, &words);
        }
    }

    /// Writes `words` into the output table from `at`.
    fn put(&mut self, at: usize, words: &[usize]) {
        let slots = self.output.iter_mut().skip(at);
        for (slot, &word) in slots.zip(words) {
            *slot = word;
        }
    }
}

const NO_VERIFIER: Failure = Failure::Internal("no verifier has this handle");

/// The place in `State::verifiers` of a handle.
fn index_of(handle: u32) -> Option<usize> {
    usize::try_from(handle).ok()?.checked_sub(1)
}

/// The C ABI's number of a wire value: its place in the core's permanent `KNOWN` order, from 1;
/// 0 when this version does not know it (as `bindings/ffi` numbers them, and
/// `bindings/vocabulary.json` records).
fn code_of<T: PartialEq>(known: &[T], value: &T) -> usize {
    known
        .iter()
        .position(|candidate| candidate == value)
        .map_or(0, |index| index.saturating_add(1))
}

/// This module's version ("MAJOR.MINOR.PATCH"), the core's and the npm package's.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The instance's memory, where the addresses of `input` and `output` point: wasm-bindgen's
/// module for Node.js keeps the instance to itself.
#[wasm_bindgen]
#[must_use]
pub fn linear_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Makes the input buffer hold at least `len` bytes and gives its address, valid until the next
/// call of `input` (however the memory grows meanwhile), or 0 when the memory cannot grow that
/// far. It only grows, and the bytes of secrets are zeroed once read.
#[wasm_bindgen]
#[must_use]
pub fn input(len: usize) -> usize {
    STATE
        .try_with(|cell| {
            let Ok(mut state) = cell.try_borrow_mut() else {
                return 0;
            };
            if let Some(more) = len.checked_sub(state.input.len()) {
                // Not `resize` alone: memory that cannot grow is 0 here, for the caller to report,
                // where an allocation would abort (trap).
                if state.input.try_reserve(more).is_err() {
                    return 0;
                }
                state.input.resize(len, 0);
            }
            state.input.as_ptr().addr()
        })
        .unwrap_or(0)
}

/// The address of the output table ([`OUTPUT_LEN`] words), the same for the instance's life.
#[wasm_bindgen]
#[must_use]
pub fn output() -> usize {
    STATE
        .try_with(|cell| {
            cell.try_borrow()
                .map_or(0, |state| state.output.as_ptr().addr())
        })
        .unwrap_or(0)
}

/// Makes a verifier from `secrets` secrets (the input: each secret), and gives its handle at
/// [`HANDLE`]; release it with `verifier_free`. `InvalidSecret` for none, an empty one or one
/// that is not UTF-8.
#[wasm_bindgen]
#[must_use]
pub fn verifier_new(secrets: u32) -> u32 {
    call(|state| {
        let verifier =
            state.take_secrets(|arguments| Ok(Verifier::new(arguments.take(secrets)?)?))?;
        let handle = state.add_verifier(verifier)?;
        state.put(HANDLE, &[handle]);
        Ok(())
    })
}

/// Releases a verifier; its handle may then be given to another. A handle that holds no
/// verifier does nothing.
#[wasm_bindgen]
pub fn verifier_free(handle: u32) {
    call(|state| state.remove_verifier(handle));
}

/// Checks a delivery under every secret of the verifier. The input: the body, then the
/// X-Signature value when `signature` (the header is present).
#[wasm_bindgen]
#[must_use]
pub fn verifier_verify(handle: u32, signature: bool) -> u32 {
    call(|state| {
        let mut arguments = state.arguments();
        let (raw_body, signature) = (arguments.next()?, arguments.optional(signature)?);
        Ok(state.verifier(handle)?.verify_raw(raw_body, signature)?)
    })
}

/// Verifies a delivery as `verifier_verify` does, then parses it; the event at [`ID`] and on.
#[wasm_bindgen]
#[must_use]
pub fn verifier_construct_event(handle: u32, signature: bool) -> u32 {
    call(|state| {
        let mut arguments = state.arguments();
        let (raw_body, signature) = (arguments.next()?, arguments.optional(signature)?);
        let event = state
            .verifier(handle)?
            .construct_event_raw(raw_body, signature)?;
        state.keep_event(event);
        Ok(())
    })
}

/// `verifier_construct_event` with X-Signature looked up by the core among `headers` headers.
/// The input: the body, then each header's name and value.
#[wasm_bindgen]
#[must_use]
pub fn verifier_construct_event_from_headers(handle: u32, headers: u32) -> u32 {
    call(|state| {
        let mut arguments = state.arguments();
        let raw_body = arguments.next()?;
        let pairs = (0..headers)
            .map(|_| Ok((arguments.next()?, arguments.next()?)))
            .collect::<Result<Vec<_>, Failure>>()?;
        let event = state
            .verifier(handle)?
            .construct_event_from_headers(raw_body, pairs)?;
        state.keep_event(event);
        Ok(())
    })
}

/// Parses a body WITHOUT verifying it (the input: the body); the event at [`ID`] and on.
#[wasm_bindgen]
#[must_use]
pub fn parse_event_unverified() -> u32 {
    call(|state| {
        let event = sharpapi_webhooks::parse_event_unverified(state.arguments().next()?)?;
        state.keep_event(event);
        Ok(())
    })
}

/// The lowercase hex HMAC-SHA256 of a payload under a secret (the input: the payload, then the
/// secret), at [`TEXT`].
#[wasm_bindgen]
#[must_use]
pub fn sign() -> u32 {
    call(|state| {
        let signature = state.take_secrets(|arguments| {
            let (payload, secret) = (arguments.next()?, arguments.next()?);
            Ok(sharpapi_webhooks::sign(payload, secret)?)
        })?;
        state.keep_text(signature, TEXT);
        Ok(())
    })
}

/// Explains why a signature does or does not sign a body with any of `secrets` secrets (the
/// input: the body, then the X-Signature value when `signature` (the header is present), then
/// each secret), as the core's `explain` finds it: the cause set at [`CAUSES`], never 0. A secret
/// that is empty or not UTF-8 is skipped, not refused. A debugging aid, a few dozen HMACs.
#[wasm_bindgen]
#[must_use]
pub fn explain(signature: bool, secrets: u32) -> u32 {
    call(|state| {
        let causes = state.take_secrets(|arguments| {
            let (raw_body, signature) = (arguments.next()?, arguments.optional(signature)?);
            let secrets = arguments.take(secrets)?;
            Ok(sharpapi_webhooks::explain(raw_body, signature, &secrets).cause_bits())
        })?;
        state.put(CAUSES, &[usize::try_from(causes).unwrap_or(0)]);
        Ok(())
    })
}

/// `explain` with the signature looked up among `headers` headers as the core's
/// `signature_from_headers` finds it (the input: the body, each header's name and value, then
/// each secret): no X-Signature header is `missing_signature`, two that differ
/// `malformed_signature`. The cause set at [`CAUSES`], never 0.
#[wasm_bindgen]
#[must_use]
pub fn explain_from_headers(headers: u32, secrets: u32) -> u32 {
    call(|state| {
        let causes = state.take_secrets(|arguments| {
            let raw_body = arguments.next()?;
            let pairs = (0..headers)
                .map(|_| Ok((arguments.next()?, arguments.next()?)))
                .collect::<Result<Vec<_>, Failure>>()?;
            let secrets = arguments.take(secrets)?;
            Ok(sharpapi_webhooks::explain_from_headers(raw_body, pairs, &secrets).cause_bits())
        })?;
        state.put(CAUSES, &[usize::try_from(causes).unwrap_or(0)]);
        Ok(())
    })
}

/// A delivery of a job's outcome exactly as SharpAPI sends it, for tests (the input: the secret,
/// the id, the status, the type, then the result's JSON text when `result`): `{"id", "status",
/// "type", "result"}` in SharpAPI's order, made and signed by the core. The body at [`BODY`], the
/// X-Signature value at [`SIGNATURE`]. `InvalidSecret` for an empty secret or one that is not
/// UTF-8; `InvalidPayload` when the result is not one JSON value, or a text is not UTF-8.
#[wasm_bindgen]
#[must_use]
pub fn test_delivery(result: bool) -> u32 {
    call(|state| {
        let delivery = state.take_secrets(|arguments| {
            let secret = arguments.next()?;
            let (id, status, job_type) = (arguments.text()?, arguments.text()?, arguments.text()?);
            let result = arguments.optional(result)?.map(utf8).transpose()?;
            Ok(TestDelivery::new(secret, id, status, job_type, result)?)
        })?;
        state.keep_delivery(delivery);
        Ok(())
    })
}

#[cfg(test)]
mod tests;
