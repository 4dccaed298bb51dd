//! What the fuzz targets share: the input framing and the references they check the library
//! against, each written from its definition and independent of the library's own code.

use sha2::{Digest, Sha256};

/// Separates the fields of a target's input. Two bytes that never occur together in UTF-8, so a
/// seed's text fields never split by accident; either byte alone can still appear in a field.
pub const SEP: &[u8] = b"\xff\xfe";

/// The fields of `data`, split at every [`SEP`].
pub fn fields(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SEP.len()).position(|window| window == SEP) {
        out.push(&rest[..at]);
        rest = &rest[at + SEP.len()..];
    }
    out.push(rest);
    out
}

/// The inverse of [`fields`], for writing seeds.
pub fn join(parts: &[&[u8]]) -> Vec<u8> {
    parts.join(SEP)
}

/// HMAC-SHA256 as RFC 2104 defines it (section 2), over SHA-256 (block size B = 64, L = 32):
/// H(K XOR opad, H(K XOR ipad, text)), where a key longer than B is first hashed and the key is
/// then padded with zeros to B bytes.
pub fn hmac_sha256(key: &[u8], text: &[u8]) -> [u8; 32] {
    const B: usize = 64;
    let mut k = [0_u8; B];
    if key.len() > B {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let mut inner = Sha256::new();
    inner.update(&ipad);
    inner.update(text);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(&opad);
    outer.update(inner);
    outer.finalize().into()
}

/// Lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                DIGITS[usize::from(b >> 4)] as char,
                DIGITS[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

/// ASCII whitespace as the documented rule means it (WHATWG "ASCII whitespace"): space, tab, LF,
/// FF, CR. Not VT (0x0B).
pub fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

pub fn trim_ws(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if is_ascii_ws(*first) { s = rest } else { break }
    }
    while let [rest @ .., last] = s {
        if is_ascii_ws(*last) { s = rest } else { break }
    }
    s
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The outcome the documented rules give, as the core's error code number (0 for success).
pub const OK: u32 = 0;
pub const INVALID_SECRET: u32 = 1;
pub const MISSING_SIGNATURE: u32 = 2;
pub const MALFORMED_SIGNATURE: u32 = 3;
pub const INVALID_SIGNATURE: u32 = 4;
pub const INVALID_PAYLOAD: u32 = 5;

/// A secret is usable when it is non-empty UTF-8.
pub fn secret_ok(secret: &[u8]) -> bool {
    !secret.is_empty() && std::str::from_utf8(secret).is_ok()
}

/// The documented verification rule: secrets first (none, or any unusable → InvalidSecret); then
/// the signature trimmed of ASCII whitespace: absent or empty → MissingSignature, anything but 64
/// hex digits in either case → MalformedSignature, no secret's HMAC equal → InvalidSignature.
pub fn reference_verify(secrets: &[&[u8]], body: &[u8], signature: Option<&[u8]>) -> u32 {
    if secrets.is_empty() || !secrets.iter().all(|s| secret_ok(s)) {
        return INVALID_SECRET;
    }
    let digits = trim_ws(signature.unwrap_or_default());
    if digits.is_empty() {
        return MISSING_SIGNATURE;
    }
    if digits.len() != 64 {
        return MALFORMED_SIGNATURE;
    }
    let mut tag = [0_u8; 32];
    for (i, pair) in digits.chunks(2).enumerate() {
        match (hex_value(pair[0]), hex_value(pair[1])) {
            (Some(hi), Some(lo)) => tag[i] = hi << 4 | lo,
            _ => return MALFORMED_SIGNATURE,
        }
    }
    if secrets.iter().any(|s| hmac_sha256(s, body) == tag) {
        OK
    } else {
        INVALID_SIGNATURE
    }
}

/// The documented header rule: names equal to `X-Signature` in any ASCII case, nothing around it;
/// values equal after trimming ASCII whitespace count once (the first is returned); different
/// values → MalformedSignature; none → MissingSignature.
pub fn reference_headers<'a>(headers: &[(&'a [u8], &'a [u8])]) -> Result<&'a [u8], u32> {
    const NAME: &[u8] = b"x-signature";
    let mut found: Option<&'a [u8]> = None;
    for &(name, value) in headers {
        let matches = name.len() == NAME.len()
            && name.iter().zip(NAME).all(|(a, b)| {
                let lower = if a.is_ascii_uppercase() { a + 32 } else { *a };
                lower == *b
            });
        if !matches {
            continue;
        }
        match found {
            None => found = Some(value),
            Some(first) if trim_ws(first) == trim_ws(value) => {}
            Some(_) => return Err(MALFORMED_SIGNATURE),
        }
    }
    found.ok_or(MISSING_SIGNATURE)
}

/// Turns a correct lowercase signature into a variant chosen by `knobs`: each knob byte flips the
/// case of one digit, adds ASCII whitespace (or a VT, which is not whitespace) around it, or
/// corrupts it; the reference decides what the variant must give.
pub fn signature_variant(signature: &str, knobs: &[u8]) -> Vec<u8> {
    let mut sig: Vec<u8> = signature.as_bytes().to_vec();
    const WS: &[u8] = b" \t\n\x0c\r\x0b";
    for &knob in knobs {
        let at = usize::from(knob >> 2);
        match knob & 3 {
            0 => {
                if let Some(b) = sig.get_mut(at % 64.max(1)) {
                    b.make_ascii_uppercase();
                }
            }
            1 => sig.insert(0, WS[usize::from(knob >> 2) % WS.len()]),
            2 => sig.push(WS[usize::from(knob >> 2) % WS.len()]),
            _ => {
                let len = sig.len();
                if len > 0 {
                    sig[at % len] ^= knob >> 2 | 1;
                }
            }
        }
    }
    sig
}
