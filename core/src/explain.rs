//! Why a signature failed: a diagnosis that tries the changes frameworks, proxies and people
//! usually make to a delivery, and names the one that makes the signature match.
//!
//! It runs only when asked (a CLI flag, a debug setting), never on the verification path, and its
//! findings are for the endpoint's owner, never for the sender: they say how the bytes differ
//! from what was signed.

use core::fmt;

use subtle::ConstantTimeEq;

use crate::event::MAX_NESTING_DEPTH;
use crate::signature::{SigningKey, decode_signature};

/// One finding of [`explain`]: what differs between the delivery as received and as signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cause {
    /// The signature matches the body as received: nothing to explain.
    SignatureMatches,
    /// There is no signature.
    MissingSignature,
    /// The signature is not 64 hex digits, even without a `sha256=` prefix.
    MalformedSignature,
    /// The signature carries a prefix such as `sha256=`, which SharpAPI never sends.
    SignaturePrefix,
    /// A configured secret has whitespace around it (a pasted secret), which SharpAPI's has not.
    SecretWhitespace,
    /// The JSON was re-serialized with other whitespace: pretty-printed or compacted.
    JsonWhitespace,
    /// The JSON's members were reordered, e.g. with sorted keys.
    JsonKeyOrder,
    /// The JSON's strings were escaped differently: `\/` and `\u00e9` (as PHP writes them) turned
    /// into `/` and `é` by a parse and re-serialization, or the other way round.
    JsonEscaping,
    /// Line endings were converted between CRLF and LF.
    LineEndings,
    /// A trailing newline was added or removed.
    TrailingNewline,
    /// A UTF-8 byte order mark was added or removed.
    ByteOrderMark,
    /// No usual change explains the mismatch.
    Unexplained,
}

impl Cause {
    /// Every cause, in the order of their permanent codes (1 = `SignatureMatches`).
    pub const ALL: [Self; 12] = [
        Self::SignatureMatches,
        Self::MissingSignature,
        Self::MalformedSignature,
        Self::SignaturePrefix,
        Self::SecretWhitespace,
        Self::JsonWhitespace,
        Self::JsonKeyOrder,
        Self::JsonEscaping,
        Self::LineEndings,
        Self::TrailingNewline,
        Self::ByteOrderMark,
        Self::Unexplained,
    ];

    /// The cause's permanent code, from 1; each is one bit in the C ABI's cause set.
    pub const fn code(self) -> u32 {
        self as u32 + 1
    }

    /// The cause whose [`code`](Self::code) this is.
    pub fn from_code(code: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|cause| cause.code() == code)
    }

    /// Its name as every language spells it in data: `json_whitespace`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SignatureMatches => "signature_matches",
            Self::MissingSignature => "missing_signature",
            Self::MalformedSignature => "malformed_signature",
            Self::SignaturePrefix => "signature_prefix",
            Self::SecretWhitespace => "secret_whitespace",
            Self::JsonWhitespace => "json_whitespace",
            Self::JsonKeyOrder => "json_key_order",
            Self::JsonEscaping => "json_escaping",
            Self::LineEndings => "line_endings",
            Self::TrailingNewline => "trailing_newline",
            Self::ByteOrderMark => "byte_order_mark",
            Self::Unexplained => "unexplained",
        }
    }

    /// One sentence for the endpoint's owner: what happened and what to do.
    pub const fn description(self) -> &'static str {
        match self {
            Self::SignatureMatches => "the signature matches the body as received",
            Self::MissingSignature => {
                "the request has no X-Signature header: pass the request's headers as received"
            }
            Self::MalformedSignature => {
                "the X-Signature value is not 64 hex digits: pass the header's value as received"
            }
            Self::SignaturePrefix => {
                "the signature has a prefix such as \"sha256=\": SharpAPI sends the bare hex digest; pass the header's value as received"
            }
            Self::SecretWhitespace => {
                "a configured secret has whitespace around it: copy the secret again without spaces or newlines"
            }
            Self::JsonWhitespace => {
                "the body was re-serialized with other whitespace (pretty-printed or compacted): verify the raw request bytes, before any JSON parsing"
            }
            Self::JsonKeyOrder => {
                "the body's JSON members were reordered (e.g. sorted keys): verify the raw request bytes, before any JSON parsing"
            }
            Self::JsonEscaping => {
                "the body's strings were escaped differently (SharpAPI writes \\/ and \\u00e9 as PHP does; a JSON parse and re-serialization changes them): verify the raw request bytes"
            }
            Self::LineEndings => {
                "the body's line endings were converted between CRLF and LF: read the body as bytes, not as text"
            }
            Self::TrailingNewline => {
                "a trailing newline was added to or removed from the body: read the body as bytes, exactly as received"
            }
            Self::ByteOrderMark => {
                "a byte order mark was added to or removed from the body: read the body as bytes, exactly as received"
            }
            Self::Unexplained => {
                "no usual change to the body or the secret explains it: most likely the secret is not the one SharpAPI signs with (copy \"Secret for Signature\" again from the dashboard), or the body was altered in another way"
            }
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// What [`explain`] found: the causes that, undone together, make the signature match, or
/// one of `SignatureMatches`, `MissingSignature`, `MalformedSignature`, `Unexplained`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    causes: Vec<Cause>,
}

impl Explanation {
    /// The findings, in the order of [`Cause::ALL`]; never empty.
    pub fn causes(&self) -> &[Cause] {
        &self.causes
    }

    /// Whether the signature matches the body as received.
    pub fn is_valid(&self) -> bool {
        self.causes == [Cause::SignatureMatches]
    }

    /// The findings as one bit set: bit `code - 1` for each cause (the C ABI's form).
    pub fn cause_bits(&self) -> u32 {
        self.causes
            .iter()
            .fold(0, |bits, cause| bits | 1 << (cause.code() - 1))
    }

    fn of(mut causes: Vec<Cause>) -> Self {
        causes.sort_by_key(|cause| cause.code());
        causes.dedup();
        Self { causes }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, cause) in self.causes.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            f.write_str(cause.description())?;
        }
        Ok(())
    }
}

/// Explains why `signature` does or does not sign `raw_body` with any of `secrets`.
///
/// It tries, alone and together, the usual changes between what SharpAPI signed and what an
/// endpoint verifies: the JSON re-serialized (compact, spaced as Python writes it, pretty with 2 or
/// 4 spaces), its keys reordered back into SharpAPI's order, its strings escaped as PHP, Python or
/// JavaScript escape them; CRLF and LF swapped; a trailing newline or a byte order mark added or
/// removed; a `sha256=` prefix on the signature; whitespace around a secret. It costs one
/// HMAC per candidate, a few dozen in all, so it is for debugging, not for every request. A secret
/// that is empty or not UTF-8 is skipped; with none left, the finding is `Unexplained`.
pub fn explain<S: AsRef<[u8]>>(
    raw_body: &[u8],
    signature: Option<&[u8]>,
    secrets: &[S],
) -> Explanation {
    let mut causes = Vec::new();
    let signature = signature.map(<[u8]>::trim_ascii).unwrap_or_default();
    if signature.is_empty() {
        return Explanation::of(vec![Cause::MissingSignature]);
    }
    let tag = match decode_signature(Some(signature)) {
        Ok(tag) => tag,
        Err(_) => {
            match without_prefix(signature).and_then(|rest| decode_signature(Some(rest)).ok()) {
                Some(tag) => {
                    causes.push(Cause::SignaturePrefix);
                    tag
                }
                None => return Explanation::of(vec![Cause::MalformedSignature]),
            }
        }
    };

    // Every secret as given before any trimmed one: a signature that one of them matches as it
    // is needs no explanation, even when trimming another secret would match it too.
    let as_given = secrets
        .iter()
        .filter_map(|secret| SigningKey::new(secret.as_ref()).ok())
        .map(|key| (key, None));
    let trimmed = secrets
        .iter()
        .map(|secret| (secret.as_ref(), trim_unicode(secret.as_ref())))
        .filter(|(secret, trimmed)| trimmed.len() != secret.len())
        .filter_map(|(_, trimmed)| SigningKey::new(trimmed).ok())
        .map(|key| (key, Some(Cause::SecretWhitespace)));
    let keys: Vec<(SigningKey, Option<Cause>)> = as_given.chain(trimmed).collect();

    let mut candidates = vec![(raw_body.to_vec(), Vec::new())];
    candidates.extend(byte_candidates(raw_body));
    candidates.extend(json_candidates(raw_body));
    // The simplest explanation first: a candidate needing fewer changes, then an untrimmed secret.
    candidates.sort_by_key(|(_, changes)| changes.len());
    for (body, changes) in &candidates {
        for (key, secret_cause) in &keys {
            if bool::from(key.tag(body).ct_eq(&tag)) {
                causes.extend(changes.iter().copied());
                causes.extend(*secret_cause);
                if causes.is_empty() {
                    causes.push(Cause::SignatureMatches);
                }
                return Explanation::of(causes);
            }
        }
    }
    Explanation::of(vec![Cause::Unexplained])
}

/// [`explain`] with the signature looked up among the request's headers as
/// [`signature_from_headers`](crate::signature_from_headers) finds it: no `X-Signature` header is
/// [`Cause::MissingSignature`], two that differ [`Cause::MalformedSignature`].
pub fn explain_from_headers<I, K, V, S>(raw_body: &[u8], headers: I, secrets: &[S]) -> Explanation
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<[u8]>,
    V: AsRef<[u8]>,
    S: AsRef<[u8]>,
{
    match crate::signature_from_headers(headers) {
        Ok(signature) => explain(raw_body, Some(signature.as_ref()), secrets),
        Err(crate::WebhookError::MissingSignature) => {
            Explanation::of(vec![Cause::MissingSignature])
        }
        Err(_) => Explanation::of(vec![Cause::MalformedSignature]),
    }
}

/// The signature without a `sha256=` (or `sha256:`, `hmac-sha256=`) prefix, in any case.
fn without_prefix(signature: &[u8]) -> Option<&[u8]> {
    ["sha256=", "sha256:", "hmac-sha256=", "hmac-sha256:"]
        .iter()
        .find_map(|prefix| {
            let (head, rest) = signature.split_at_checked(prefix.len())?;
            head.eq_ignore_ascii_case(prefix.as_bytes())
                .then(|| rest.trim_ascii())
        })
}

/// A secret without the Unicode whitespace around it (a pasted secret may carry a newline or a
/// non-breaking space); bytes that are not UTF-8 are left as they are.
fn trim_unicode(secret: &[u8]) -> &[u8] {
    core::str::from_utf8(secret).map_or(secret, |text| text.trim().as_bytes())
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

type Candidate = (Vec<u8>, Vec<Cause>);

/// What the body may have been before a byte-level change: BOM, trailing newline, line endings.
fn byte_candidates(body: &[u8]) -> Vec<Candidate> {
    let mut out = Vec::new();
    match body.strip_prefix(BOM) {
        Some(rest) => out.push((rest.to_vec(), vec![Cause::ByteOrderMark])),
        None => out.push(([BOM, body].concat(), vec![Cause::ByteOrderMark])),
    }
    if let Some(rest) = body.strip_suffix(b"\r\n") {
        out.push((rest.to_vec(), vec![Cause::TrailingNewline]));
    }
    match body.strip_suffix(b"\n") {
        Some(rest) => out.push((rest.to_vec(), vec![Cause::TrailingNewline])),
        None => {
            out.push(([body, b"\n"].concat(), vec![Cause::TrailingNewline]));
            out.push(([body, b"\r\n"].concat(), vec![Cause::TrailingNewline]));
        }
    }
    if body.windows(2).any(|pair| pair == b"\r\n") {
        out.push((replace(body, b"\r\n", b"\n"), vec![Cause::LineEndings]));
    } else if body.contains(&b'\n') {
        out.push((replace(body, b"\n", b"\r\n"), vec![Cause::LineEndings]));
    }
    out
}

fn replace(body: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + body.len() / 16);
    let mut rest = body;
    while let Some(at) = rest.windows(from.len()).position(|window| window == from) {
        let (head, tail) = rest.split_at(at);
        out.extend_from_slice(head);
        out.extend_from_slice(to);
        rest = tail.get(from.len()..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    out
}

/// What the body may have been before a JSON library parsed and wrote it again.
fn json_candidates(body: &[u8]) -> Vec<Candidate> {
    let Some(tree) = Parser::parse(body) else {
        return Vec::new();
    };
    let layouts = [
        Layout::Compact,
        Layout::Spaced,
        Layout::Pretty(2),
        Layout::Pretty(4),
    ];
    let escapes = [Escape::AsIs, Escape::Php, Escape::Ascii, Escape::Plain];
    let reorderings = [false, true];
    // Which layout the body has now: a candidate in that layout changed no whitespace.
    let current_layout = layouts
        .iter()
        .find(|layout| emit(&tree, **layout, Escape::AsIs, false) == body)
        .copied();
    let reordered = emit(&tree, Layout::Compact, Escape::AsIs, true);
    let keys_move = reordered != emit(&tree, Layout::Compact, Escape::AsIs, false);

    let mut out: Vec<Candidate> = Vec::new();
    for layout in layouts {
        let plain_escapes = emit(&tree, layout, Escape::AsIs, false);
        for escape in escapes {
            let escaped = emit(&tree, layout, escape, false);
            for reorder in reorderings {
                if reorder && !keys_move {
                    continue;
                }
                let candidate = if reorder {
                    emit(&tree, layout, escape, true)
                } else {
                    escaped.clone()
                };
                if candidate == body || out.iter().any(|(seen, _)| *seen == candidate) {
                    continue;
                }
                let mut causes = Vec::new();
                if current_layout != Some(layout) {
                    causes.push(Cause::JsonWhitespace);
                }
                if escaped != plain_escapes {
                    causes.push(Cause::JsonEscaping);
                }
                if reorder {
                    causes.push(Cause::JsonKeyOrder);
                }
                out.push((candidate, causes));
            }
        }
    }
    out
}

/// A JSON document as its tokens' own text, so that it can be written again in another layout
/// without changing a number or (unless asked) an escape.
enum Node<'a> {
    Object(Vec<(&'a [u8], Node<'a>)>),
    Array(Vec<Node<'a>>),
    /// A string token, quotes included.
    String(&'a [u8]),
    /// A number, `true`, `false` or `null`.
    Scalar(&'a [u8]),
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn parse(text: &'a [u8]) -> Option<Node<'a>> {
        let mut parser = Parser { text, at: 0 };
        let node = parser.value(0)?;
        parser.skip_whitespace();
        (parser.at == text.len()).then_some(node)
    }

    fn skip_whitespace(&mut self) {
        while self
            .text
            .get(self.at)
            .is_some_and(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let found = self.text.get(self.at) == Some(&byte);
        self.at += usize::from(found);
        found
    }

    fn value(&mut self, depth: usize) -> Option<Node<'a>> {
        if depth >= MAX_NESTING_DEPTH {
            return None;
        }
        self.skip_whitespace();
        match *self.text.get(self.at)? {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Some(Node::Object(members));
                }
                loop {
                    self.skip_whitespace();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    members.push((key, self.value(depth + 1)?));
                    if self.eat(b'}') {
                        return Some(Node::Object(members));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Some(Node::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Some(Node::Array(items));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'"' => self.string().map(Node::String),
            _ => {
                let start = self.at;
                while self.text.get(self.at).is_some_and(|byte| {
                    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'+' | b'.')
                }) {
                    self.at += 1;
                }
                self.text
                    .get(start..self.at)
                    .filter(|token| !token.is_empty())
                    .map(Node::Scalar)
            }
        }
    }

    /// A string token, quotes included; its escapes are checked when it is decoded.
    fn string(&mut self) -> Option<&'a [u8]> {
        let start = self.at;
        if self.text.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        loop {
            match *self.text.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return self.text.get(start..self.at);
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `{"a":1,"b":[1,2]}`: PHP's `json_encode`, `JSON.stringify`, serde_json.
    Compact,
    /// `{"a": 1, "b": [1, 2]}`: Python's `json.dumps`.
    Spaced,
    /// One member per line, indented by this many spaces.
    Pretty(usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    /// Each string exactly as received.
    AsIs,
    /// PHP's `json_encode`: `\/`, and `\uXXXX` for every character beyond ASCII.
    Php,
    /// Python's `json.dumps`: `\uXXXX` beyond ASCII, `/` as it is.
    Ascii,
    /// `JSON.stringify` and serde_json: only what must be escaped.
    Plain,
}

/// SharpAPI's order of an event's members: a reordered body is put back this way.
const EVENT_ORDER: [&[u8]; 4] = [b"\"id\"", b"\"status\"", b"\"type\"", b"\"result\""];

fn emit(node: &Node<'_>, layout: Layout, escape: Escape, event_order: bool) -> Vec<u8> {
    let mut out = Vec::new();
    write_node(&mut out, node, layout, escape, event_order, 0);
    out
}

fn write_node(
    out: &mut Vec<u8>,
    node: &Node<'_>,
    layout: Layout,
    escape: Escape,
    event_order: bool,
    depth: usize,
) {
    let newline = |out: &mut Vec<u8>, depth: usize| {
        if let Layout::Pretty(indent) = layout {
            out.push(b'\n');
            out.resize(out.len() + indent * depth, b' ');
        }
    };
    let separator = |out: &mut Vec<u8>| {
        out.push(b',');
        if layout == Layout::Spaced {
            out.push(b' ');
        }
    };
    match node {
        Node::Object(members) => {
            out.push(b'{');
            let mut order: Vec<&(&[u8], Node<'_>)> = members.iter().collect();
            if event_order && depth == 0 {
                order.sort_by_key(|(key, _)| {
                    EVENT_ORDER
                        .iter()
                        .position(|known| known == key)
                        .unwrap_or(EVENT_ORDER.len())
                });
            }
            for (index, (key, value)) in order.iter().enumerate() {
                if index > 0 {
                    separator(out);
                }
                newline(out, depth + 1);
                write_string(out, key, escape);
                out.push(b':');
                if layout != Layout::Compact {
                    out.push(b' ');
                }
                write_node(out, value, layout, escape, event_order, depth + 1);
            }
            if !members.is_empty() {
                newline(out, depth);
            }
            out.push(b'}');
        }
        Node::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    separator(out);
                }
                newline(out, depth + 1);
                write_node(out, item, layout, escape, event_order, depth + 1);
            }
            if !items.is_empty() {
                newline(out, depth);
            }
            out.push(b']');
        }
        Node::String(token) => write_string(out, token, escape),
        Node::Scalar(token) => out.extend_from_slice(token),
    }
}

/// A string token written with `escape`; a token whose escapes cannot be decoded (a lone
/// surrogate, a bad escape) is written as it is.
fn write_string(out: &mut Vec<u8>, token: &[u8], escape: Escape) {
    if escape == Escape::AsIs {
        out.extend_from_slice(token);
        return;
    }
    let Some(text) = token
        .get(1..token.len().saturating_sub(1))
        .and_then(decode_string)
    else {
        out.extend_from_slice(token);
        return;
    };
    write_text(out, &text, escape);
}

/// `text` as one JSON string written with `escape` (not [`Escape::AsIs`], which has no text).
pub(crate) fn write_text(out: &mut Vec<u8>, text: &str, escape: Escape) {
    out.push(b'"');
    for character in text.chars() {
        match character {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '/' if escape == Escape::Php => out.extend_from_slice(b"\\/"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 || (!c.is_ascii() && escape != Escape::Plain) => {
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                }
            }
            c => {
                let mut utf8 = [0_u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// The text of a JSON string's inside, or `None` when it is not valid JSON text (a lone
/// surrogate, an unknown escape).
fn decode_string(inside: &[u8]) -> Option<String> {
    fn flush(units: &mut Vec<u16>, out: &mut String) -> Option<()> {
        for character in char::decode_utf16(units.drain(..)) {
            out.push(character.ok()?);
        }
        Some(())
    }
    let text = core::str::from_utf8(inside).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut units: Vec<u16> = Vec::new();
    let mut chars = text.chars();
    while let Some(character) = chars.next() {
        if character != '\\' {
            flush(&mut units, &mut out)?;
            out.push(character);
            continue;
        }
        let escaped = match chars.next()? {
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                units.push(
                    u16::from_str_radix(&hex, 16)
                        .ok()
                        .filter(|_| hex.len() == 4)?,
                );
                continue;
            }
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            _ => return None,
        };
        flush(&mut units, &mut out)?;
        out.push(escaped);
    }
    flush(&mut units, &mut out)?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign;

    const SECRET: &str = "whsec_explain";
    const SIGNED: &str = r#"{"id":"0b7e4a6e-1111-4d3b-9a57-3f1f2c1d0e9a","status":"success","type":"content_translate","result":{"content":"Caf\u00e9 https:\/\/sharpapi.com"}}"#;

    fn causes(body: &[u8], signature: &str, secrets: &[&str]) -> Vec<Cause> {
        explain(body, Some(signature.as_bytes()), secrets)
            .causes()
            .to_vec()
    }

    #[test]
    fn from_headers_the_signature_is_found_as_verification_finds_it() {
        let signature = sign(SIGNED.as_bytes(), SECRET).unwrap();
        let body = format!("{SIGNED}\n");
        let headers = [
            ("content-type", "application/json"),
            ("x-SIGNATURE", &signature),
        ];
        assert_eq!(
            explain_from_headers(body.as_bytes(), headers, &[SECRET]).causes(),
            [Cause::TrailingNewline]
        );
        let same_twice = [
            ("X-Signature", signature.as_str()),
            ("X-Signature", &signature),
        ];
        assert!(explain_from_headers(SIGNED.as_bytes(), same_twice, &[SECRET]).is_valid());
        let differing = [("X-Signature", signature.as_str()), ("X-Signature", "00")];
        assert_eq!(
            explain_from_headers(SIGNED.as_bytes(), differing, &[SECRET]).causes(),
            [Cause::MalformedSignature]
        );
        let none: [(&str, &str); 1] = [("X-Signature-2", &signature)];
        assert_eq!(
            explain_from_headers(SIGNED.as_bytes(), none, &[SECRET]).causes(),
            [Cause::MissingSignature]
        );
    }

    #[test]
    fn each_usual_change_is_named() {
        let signature = sign(SIGNED.as_bytes(), SECRET).unwrap();
        let value: serde_json::Value = serde_json::from_str(SIGNED).unwrap();
        let reserialized = serde_json::to_string(&value).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(
            causes(SIGNED.as_bytes(), &signature, &[SECRET]),
            [Cause::SignatureMatches]
        );
        // serde_json's Value sorts keys and unescapes: three changes at once.
        assert_eq!(
            causes(pretty.as_bytes(), &signature, &[SECRET]),
            [
                Cause::JsonWhitespace,
                Cause::JsonKeyOrder,
                Cause::JsonEscaping
            ]
        );
        assert_eq!(
            causes(reserialized.as_bytes(), &signature, &[SECRET]),
            [Cause::JsonKeyOrder, Cause::JsonEscaping]
        );
        let with_newline = format!("{SIGNED}\n");
        assert_eq!(
            causes(with_newline.as_bytes(), &signature, &[SECRET]),
            [Cause::TrailingNewline]
        );
        let with_bom = [BOM, SIGNED.as_bytes()].concat();
        assert_eq!(
            causes(&with_bom, &signature, &[SECRET]),
            [Cause::ByteOrderMark]
        );
        assert_eq!(
            causes(SIGNED.as_bytes(), &format!("sha256={signature}"), &[SECRET]),
            [Cause::SignaturePrefix]
        );
        assert_eq!(
            causes(SIGNED.as_bytes(), &signature, &[" whsec_explain\n"]),
            [Cause::SecretWhitespace]
        );
        assert_eq!(
            causes(SIGNED.as_bytes(), &signature, &["whsec_other"]),
            [Cause::Unexplained]
        );
        assert_eq!(
            causes(SIGNED.as_bytes(), "xyz", &[SECRET]),
            [Cause::MalformedSignature]
        );
        assert_eq!(
            explain(SIGNED.as_bytes(), None, &[SECRET]).causes(),
            [Cause::MissingSignature]
        );
    }

    #[test]
    fn codes_are_permanent_and_bits_follow_them() {
        for (index, cause) in Cause::ALL.iter().enumerate() {
            assert_eq!(cause.code() as usize, index + 1);
            assert_eq!(Cause::from_code(cause.code()), Some(*cause));
        }
        let explanation = Explanation::of(vec![Cause::JsonEscaping, Cause::JsonWhitespace]);
        assert_eq!(explanation.cause_bits(), 0b1010_0000);
        assert_eq!(
            explanation.causes(),
            [Cause::JsonWhitespace, Cause::JsonEscaping]
        );
    }
}
