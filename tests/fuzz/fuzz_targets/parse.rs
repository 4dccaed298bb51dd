//! The event parser against serde_json's generic `Value`, an independent parse of the same bytes.
//!
//! When ours accepts, `Value` must accept, and id, status, type and the result's value must agree.
//! When `Value` rejects, ours must reject. Ours may reject more, only for its documented rules:
//! a repeated id/status/type/result member, nesting deeper than 128, a lone surrogate escape, a
//! missing or empty id, a status or type that is missing or not a string, a body that is not an
//! object.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use sharpapi_webhooks::{WebhookError, parse_event_unverified};

fuzz_target!(|data: &[u8]| {
    check(data);
});

fn check(data: &[u8]) {
    let ours = parse_event_unverified(data);
    let theirs = serde_json::from_slice::<Value>(data);
    match (ours, theirs) {
        (Ok(event), Ok(value)) => {
            let object = value
                .as_object()
                .expect("accepted a body that is not an object");
            assert_eq!(
                object.get("id").and_then(Value::as_str),
                Some(event.id.as_str())
            );
            assert!(!event.id.is_empty());
            assert_eq!(
                object.get("status").and_then(Value::as_str),
                Some(event.status.as_str())
            );
            assert_eq!(
                object.get("type").and_then(Value::as_str),
                Some(event.job_type.as_str())
            );
            // A known value never hides in Other.
            assert_eq!(
                sharpapi_webhooks::JobStatus::from(event.status.as_str()),
                event.status
            );
            assert_eq!(
                sharpapi_webhooks::JobType::from(event.job_type.as_str()),
                event.job_type
            );
            match (object.get("result"), &event.result) {
                (None | Some(Value::Null), None) => {}
                (Some(expected), Some(raw)) => {
                    // The exact text of the member: a substring of the body that parses alone to
                    // the same value.
                    let body = std::str::from_utf8(data).expect("accepted non-UTF-8");
                    assert!(
                        body.contains(raw.as_str()),
                        "result is not text of the body"
                    );
                    assert_eq!(raw.trim(), raw, "result text has surrounding whitespace");
                    let parsed: Value =
                        serde_json::from_str(raw).expect("result text does not parse alone");
                    assert_eq!(&parsed, expected);
                }
                (expected, got) => panic!("result disagrees: {expected:?} vs {got:?}"),
            }
        }
        (Ok(_), Err(error))
            if error.to_string().starts_with("recursion limit exceeded")
                && max_depth(data) == 128 =>
        {
            // Known and deliberate (vector event-nesting-at-limit-result): the core accepts a body
            // nested exactly MAX_NESTING_DEPTH = 128 levels, while serde_json's own limit refuses
            // any document of 128 levels (it accepts 127). The result text itself is then 127
            // levels and parses. Kept as regressions/parse/depth-128-body; see MAX_NESTING_DEPTH.
        }
        (Ok(_), Err(error))
            if error.to_string().starts_with("number out of range")
                && serde_json::from_slice::<serde::de::IgnoredAny>(data).is_ok() =>
        {
            // Known and deliberate (vector event-result-precision): the result is kept as exact
            // text and its numbers are never converted, so a number beyond f64 (1e400) passes,
            // while serde_json's Value (without arbitrary_precision) refuses it. The body is still
            // valid JSON by the grammar, which IgnoredAny checks without converting numbers. Kept
            // as regressions/parse/number-out-of-range; see check_skipped_members.
        }
        (Ok(event), Err(error)) => {
            panic!("ours accepted what serde_json::Value rejects ({error}): {event:?}")
        }
        (Err(WebhookError::InvalidPayload { detail }), Ok(value)) => {
            assert!(
                documented_rejection(data, &value),
                "ours rejected valid JSON: {detail}"
            );
        }
        (Err(WebhookError::InvalidPayload { .. }), Err(_)) => {}
        (Err(other), _) => panic!("parse returned {other:?}, not InvalidPayload"),
    }
}

/// Whether a documented rule refuses `data`, which is valid JSON whose value is `value`.
fn documented_rejection(data: &[u8], value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return true; // not one JSON object
    };
    let id_ok = matches!(object.get("id"), Some(Value::String(id)) if !id.is_empty());
    let status_ok = matches!(object.get("status"), Some(Value::String(_)));
    let type_ok = matches!(object.get("type"), Some(Value::String(_)));
    if !(id_ok && status_ok && type_ok) {
        return true;
    }
    has_duplicate_member(data) || too_deep(data) || has_lone_surrogate(data)
}

/// Whether the top-level object repeats id, status, type or result (names compared after
/// decoding escapes), found by a walk that is independent of both parsers.
fn has_duplicate_member(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let mut seen = std::collections::HashMap::<String, usize>::new();
    // Walk the top-level object with serde_json's streaming deserializer into a map that keeps
    // every key: deserialize as a sequence of (key, IgnoredAny) pairs.
    struct Keys<'a>(&'a mut std::collections::HashMap<String, usize>);
    impl<'de> serde::de::DeserializeSeed<'de> for Keys<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> serde::de::Visitor<'de> for Keys<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                *self.0.entry(key).or_default() += 1;
            }
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    if serde::de::DeserializeSeed::deserialize(Keys(&mut seen), &mut de).is_err() {
        return false;
    }
    ["id", "status", "type", "result"]
        .iter()
        .any(|name| seen.get(*name).copied().unwrap_or(0) > 1)
}

/// Whether arrays and objects nest deeper than 128 anywhere.
fn too_deep(data: &[u8]) -> bool {
    max_depth(data) > 128
}

/// How deeply arrays and objects nest, brackets inside strings skipped.
fn max_depth(data: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0_usize, 0_usize, false, false);
    for &b in data {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Whether a `\u` escape names a surrogate that is not half of a high-low pair.
fn has_lone_surrogate(data: &[u8]) -> bool {
    let unit = |at: usize| -> Option<u16> {
        let digits = std::str::from_utf8(data.get(at..at + 4)?).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(digits, 16).ok()
    };
    let (mut i, mut in_string) = (0, false);
    while i < data.len() {
        let b = data[i];
        if !in_string {
            in_string = b == b'"';
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = false;
                i += 1;
            }
            b'\\' if data.get(i + 1) == Some(&b'u') => match unit(i + 2) {
                Some(0xD800..=0xDBFF) => {
                    let low = (data.get(i + 6) == Some(&b'\\') && data.get(i + 7) == Some(&b'u'))
                        .then(|| unit(i + 8))
                        .flatten();
                    if !matches!(low, Some(0xDC00..=0xDFFF)) {
                        return true;
                    }
                    i += 12;
                }
                Some(0xDC00..=0xDFFF) => return true,
                _ => i += 6,
            },
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    false
}
