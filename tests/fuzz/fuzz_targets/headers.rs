//! signature_from_headers on arbitrary byte pairs against the documented rule, written out.
//!
//! Input: `name SEP value SEP name SEP value ...`. A name field that starts with 0x01 stands for
//! `X-Signature` with the case of each letter flipped by the bits of the bytes that follow, so
//! matching names are common.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sharpapi_webhooks::signature_from_headers;
use sharpapi_webhooks_fuzz::{fields, reference_headers};

fuzz_target!(|data: &[u8]| {
    let parts = fields(data);
    let names: Vec<Vec<u8>> = parts.iter().step_by(2).map(|name| expand(name)).collect();
    let headers: Vec<(&[u8], &[u8])> = names
        .iter()
        .zip(parts.iter().skip(1).step_by(2))
        .map(|(name, value)| (name.as_slice(), *value))
        .collect();

    let expected = reference_headers(&headers);
    let got = signature_from_headers(headers.iter().copied()).map_err(|e| e.code().as_u32());
    assert_eq!(got, expected);
    // Returned as given: the very bytes of the first matching header.
    if let (Ok(got), Ok(first)) = (got, expected) {
        assert_eq!(got.as_ptr(), first.as_ptr());
    }

    // The same through owned and text types, as frameworks pass them.
    let owned: Vec<(Vec<u8>, Vec<u8>)> = headers
        .iter()
        .map(|(n, v)| (n.to_vec(), v.to_vec()))
        .collect();
    let got_owned = signature_from_headers(owned).map_err(|e| e.code().as_u32());
    assert_eq!(got_owned.as_deref().map_err(|e| *e), expected);
    if headers
        .iter()
        .all(|(n, v)| std::str::from_utf8(n).is_ok() && std::str::from_utf8(v).is_ok())
    {
        let text = headers.iter().map(|(n, v)| {
            (
                std::str::from_utf8(n).unwrap_or_default(),
                std::str::from_utf8(v).unwrap_or_default(),
            )
        });
        let got_text = signature_from_headers(text).map_err(|e| e.code().as_u32());
        assert_eq!(got_text.map(str::as_bytes), expected);
    }
});

fn expand(name: &[u8]) -> Vec<u8> {
    match name {
        [1, knobs @ ..] => {
            let bits = knobs
                .iter()
                .fold(0_u64, |acc, &b| acc.rotate_left(8) ^ u64::from(b));
            b"X-Signature"
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    if bits >> i & 1 == 1 {
                        c ^ 0x20 * u8::from(c.is_ascii_alphabetic())
                    } else {
                        c
                    }
                })
                .collect()
        }
        _ => name.to_vec(),
    }
}
