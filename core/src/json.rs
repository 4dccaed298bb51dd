//! The event parser: one pass over the body that reads `id`, `status` and `type`, and checks
//! every other byte — `result` and members it does not read — as strictly as serde_json would,
//! plus the rules serde_json does not apply to what it skips (nesting depth, lone surrogates).
//!
//! Why not serde_json for the whole body: its skipping of `result` is a full grammar walk, and the
//! nesting and surrogate rules needed a second walk after it; a large result cost more to parse
//! than to verify. Here strings, the bulk of a result, are crossed 8 bytes at a step, and each
//! byte is looked at once. serde_json still decodes the few strings that carry escapes, so
//! their meaning is exactly its; the fuzz target `parse` holds this parser to serde_json's verdict.

use std::borrow::Cow;

use crate::error::{Result, WebhookError};
use crate::event::MAX_NESTING_DEPTH;

/// The members of the body that this parser reads, borrowed from it where no escape forces a copy.
pub(crate) struct WireEvent<'a> {
    pub(crate) id: String,
    pub(crate) status: Cow<'a, str>,
    pub(crate) job_type: Cow<'a, str>,
    /// The exact text of `result`, unless it is absent or `null`.
    pub(crate) result: Option<&'a str>,
}

/// Parses a body already known to be UTF-8.
pub(crate) fn parse_event(json: &str) -> Result<WireEvent<'_>> {
    let mut scanner = Scanner {
        text: json.as_bytes(),
        json,
        at: 0,
    };
    let event = scanner.event()?;
    scanner.skip_whitespace();
    if scanner.at != scanner.text.len() {
        return Err(scanner.error("trailing characters"));
    }
    Ok(event)
}

/// `line L column C` of the byte at `offset`, both from 1, as serde_json's messages say it.
pub(crate) fn position(text: &[u8], offset: usize) -> String {
    let before = text.get(..offset).unwrap_or_default();
    let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
    let column = 1 + before
        .iter()
        .rev()
        .take_while(|&&byte| byte != b'\n')
        .count();
    format!("line {line} column {column}")
}

struct Scanner<'a> {
    text: &'a [u8],
    json: &'a str,
    at: usize,
}

/// A string token: where its text starts and ends (inside the quotes), and whether it has escapes.
struct StringToken {
    start: usize,
    end: usize,
    escaped: bool,
}

/// Eight copies of a byte, one per byte of a `u64`.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The high bit of each byte of `word` that is a quote, a backslash or a control character (the
/// bytes a string cannot cross unexamined), computed for all eight at once; the lowest flag is
/// exact, which is all the caller reads.
const fn special_bytes(word: u64) -> u64 {
    const LOW: u64 = splat(0x01);
    const HIGH: u64 = splat(0x80);
    let quote = word ^ splat(b'"');
    let quote = quote.wrapping_sub(LOW) & !quote & HIGH;
    let backslash = word ^ splat(b'\\');
    let backslash = backslash.wrapping_sub(LOW) & !backslash & HIGH;
    let control = word.wrapping_sub(splat(0x20)) & !word & HIGH;
    quote | backslash | control
}

impl<'a> Scanner<'a> {
    fn error(&self, what: &str) -> WebhookError {
        self.error_at(what, self.at)
    }

    fn error_at(&self, what: &str, offset: usize) -> WebhookError {
        WebhookError::InvalidPayload {
            detail: format!("{what} at {}", position(self.text, offset)),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` after any whitespace, or fails saying what was expected.
    fn expect(&mut self, byte: u8, what: &str) -> Result<()> {
        self.skip_whitespace();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    fn event(&mut self) -> Result<WireEvent<'a>> {
        self.skip_whitespace();
        if self.peek() != Some(b'{') {
            return Err(self.error(
                "expected a SharpAPI webhook event: a JSON object with \"id\", \"status\" and \"type\"",
            ));
        }
        self.at += 1;
        let mut id: Option<String> = None;
        let mut status: Option<Cow<'a, str>> = None;
        let mut job_type: Option<Cow<'a, str>> = None;
        let mut result: Option<Option<&'a str>> = None;
        self.skip_whitespace();
        // Where the object closes: a missing member is reported there, as serde_json does.
        let mut close_at = self.at;
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            loop {
                self.skip_whitespace();
                let key_at = self.at;
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a member name"));
                }
                let key = self.string()?;
                let key = self.text_of(&key, key_at)?;
                self.expect(b':', "expected `:`")?;
                self.skip_whitespace();
                let value_at = self.at;
                match key.as_ref() {
                    "id" => {
                        let value = self.string_value("id")?;
                        if value.is_empty() {
                            return Err(self
                                .error_at("`id` is empty: expected a non-empty job id", value_at));
                        }
                        set_once(&mut id, value.into_owned(), "id", self, key_at)?;
                    }
                    "status" => {
                        let value = self.string_value("status")?;
                        set_once(&mut status, value, "status", self, key_at)?;
                    }
                    "type" => {
                        let value = self.string_value("type")?;
                        set_once(&mut job_type, value, "type", self, key_at)?;
                    }
                    "result" => {
                        self.value(1)?;
                        let raw = self.json.get(value_at..self.at).unwrap_or_default();
                        set_once(
                            &mut result,
                            (raw != "null").then_some(raw),
                            "result",
                            self,
                            key_at,
                        )?;
                    }
                    _ => self.value(1)?,
                }
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => self.at += 1,
                    Some(b'}') => {
                        close_at = self.at;
                        self.at += 1;
                        break;
                    }
                    _ => return Err(self.error("expected `,` or `}`")),
                }
            }
        }
        let missing = |member: &str| self.error_at(&format!("missing field `{member}`"), close_at);
        Ok(WireEvent {
            id: id.ok_or_else(|| missing("id"))?,
            status: status.ok_or_else(|| missing("status"))?,
            job_type: job_type.ok_or_else(|| missing("type"))?,
            result: result.flatten(),
        })
    }

    /// A member that must be a string: its text.
    fn string_value(&mut self, member: &str) -> Result<Cow<'a, str>> {
        let at = self.at;
        if self.peek() != Some(b'"') {
            // What it is instead must still be valid JSON, or the error would name the wrong fault.
            self.value(1)?;
            return Err(self.error_at(&format!("`{member}` is not a string"), at));
        }
        let token = self.string()?;
        self.text_of(&token, at)
    }

    /// A string token's text: borrowed when it has no escape, else decoded by serde_json.
    fn text_of(&self, token: &StringToken, at: usize) -> Result<Cow<'a, str>> {
        let inside = self.json.get(token.start..token.end).unwrap_or_default();
        if !token.escaped {
            return Ok(Cow::Borrowed(inside));
        }
        let quoted = self
            .json
            .get(token.start - 1..token.end + 1)
            .unwrap_or_default();
        serde_json::from_str::<String>(quoted)
            .map(Cow::Owned)
            .map_err(|_| self.error_at("invalid string", at))
    }

    /// Crosses a string token whose opening quote is at `self.at`, checking each escape (lone
    /// surrogates included) and refusing control characters, as JSON requires.
    fn string(&mut self) -> Result<StringToken> {
        self.at += 1;
        let start = self.at;
        let mut escaped = false;
        // Where a high surrogate's escape stood, while its low half must come next.
        let mut pending_high: Option<usize> = None;
        loop {
            if pending_high.is_none() {
                // Eight bytes at a step up to the next byte that needs a look.
                while let Some(chunk) = self.text.get(self.at..self.at + 8) {
                    let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                    let special = special_bytes(word);
                    if special != 0 {
                        self.at += special.trailing_zeros() as usize / 8;
                        break;
                    }
                    self.at += 8;
                }
            }
            let Some(byte) = self.peek() else {
                return Err(self.error("EOF while parsing a string"));
            };
            if let Some(high) = pending_high
                && byte != b'\\'
            {
                return Err(self.error_at("lone surrogate escape", high));
            }
            match byte {
                b'"' => {
                    let end = self.at;
                    self.at += 1;
                    return Ok(StringToken {
                        start,
                        end,
                        escaped,
                    });
                }
                b'\\' => {
                    escaped = true;
                    let escape_at = self.at;
                    match self.text.get(self.at + 1) {
                        Some(b'u') => {
                            let unit = self
                                .text
                                .get(self.at + 2..self.at + 6)
                                .and_then(|digits| core::str::from_utf8(digits).ok())
                                .filter(|digits| {
                                    digits.bytes().all(|digit| digit.is_ascii_hexdigit())
                                })
                                .and_then(|digits| u16::from_str_radix(digits, 16).ok())
                                .ok_or_else(|| self.error_at("invalid \\u escape", escape_at))?;
                            match (unit, pending_high.take()) {
                                (0xDC00..=0xDFFF, Some(_)) => {}
                                (_, Some(high)) => {
                                    return Err(self.error_at("lone surrogate escape", high));
                                }
                                (0xD800..=0xDBFF, None) => pending_high = Some(escape_at),
                                (0xDC00..=0xDFFF, None) => {
                                    return Err(self.error_at("lone surrogate escape", escape_at));
                                }
                                _ => {}
                            }
                            self.at += 6;
                        }
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            if let Some(high) = pending_high {
                                return Err(self.error_at("lone surrogate escape", high));
                            }
                            self.at += 2;
                        }
                        _ => return Err(self.error("invalid escape")),
                    }
                }
                0x00..=0x1F => {
                    return Err(self.error(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                _ => self.at += 1,
            }
        }
    }

    /// Crosses one JSON value that starts after any whitespace, inside `depth` levels of arrays
    /// and objects. Iterative, so that no body can exhaust the stack: the open containers are bits
    /// of `open` (1 for an object), at most `MAX_NESTING_DEPTH` of them.
    fn value(&mut self, depth: usize) -> Result<()> {
        let mut open: u128 = 0;
        let mut open_len = 0_usize;
        loop {
            // A value.
            self.skip_whitespace();
            match self.peek() {
                Some(opening @ (b'{' | b'[')) => {
                    if depth + open_len + 1 > MAX_NESTING_DEPTH {
                        return Err(self.error(&format!(
                            "arrays and objects nested deeper than {MAX_NESTING_DEPTH} levels"
                        )));
                    }
                    self.at += 1;
                    let is_object = opening == b'{';
                    open = open << 1 | u128::from(is_object);
                    open_len += 1;
                    self.skip_whitespace();
                    let closing = if is_object { b'}' } else { b']' };
                    if self.peek() == Some(closing) {
                        self.at += 1;
                        open >>= 1;
                        open_len -= 1;
                    } else {
                        if is_object {
                            self.member_name()?;
                        }
                        continue;
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(_) => return Err(self.error("expected value")),
                None => return Err(self.error("EOF while parsing a value")),
            }
            // After a value: close containers, or go on to the next value.
            loop {
                if open_len == 0 {
                    return Ok(());
                }
                self.skip_whitespace();
                let in_object = open & 1 == 1;
                match self.peek() {
                    Some(b',') => {
                        self.at += 1;
                        if in_object {
                            self.skip_whitespace();
                            self.member_name()?;
                        }
                        break;
                    }
                    Some(b'}') if in_object => {}
                    Some(b']') if !in_object => {}
                    Some(_) if in_object => return Err(self.error("expected `,` or `}`")),
                    Some(_) => return Err(self.error("expected `,` or `]`")),
                    None => return Err(self.error("EOF while parsing a value")),
                }
                self.at += 1;
                open >>= 1;
                open_len -= 1;
            }
        }
    }

    /// A member name and its colon, inside an object being crossed.
    fn member_name(&mut self) -> Result<()> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.error("key must be a string"));
        }
        self.string()?;
        self.expect(b':', "expected `:`")
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.text.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.error("expected value"))
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text whatever its size.
    fn number(&mut self) -> Result<()> {
        let digits = |scanner: &mut Self| {
            let start = scanner.at;
            while scanner.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                scanner.at += 1;
            }
            scanner.at > start
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        Ok(())
    }
}

/// Refuses a repeated member: parsers disagree on which copy wins, so a body that repeats one is
/// ambiguous and not something SharpAPI sends.
fn set_once<T>(
    slot: &mut Option<T>,
    value: T,
    member: &str,
    scanner: &Scanner<'_>,
    at: usize,
) -> Result<()> {
    if slot.is_some() {
        return Err(scanner.error_at(&format!("duplicate field `{member}`"), at));
    }
    *slot = Some(value);
    Ok(())
}
