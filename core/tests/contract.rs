//! One test or more for each rule of the contract in the README; the shared vectors cover the
//! same rules over many inputs, these pin down the API around them.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;

use sharpapi_webhooks::{
    ErrorCode, JobStatus, JobType, MAX_NESTING_DEPTH, SIGNATURE_HEADER, Verifier, WebhookError,
    construct_event, parse_event_unverified, sign, signature_from_headers, verify,
};

const SECRET: &str = "whsec_contract_test";
const BODY: &[u8] = br#"{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate"}"#;

// Rule 1: the signature check.

#[test]
fn signature_is_lowercase_hex_of_hmac_sha256() {
    // RFC 4231, test case 2: key "Jefe".
    let signature = sign(b"what do ya want for nothing?", "Jefe").unwrap();
    assert_eq!(
        signature,
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[test]
fn the_check_order_is_secret_then_presence_then_form_then_match() {
    assert_eq!(verify(BODY, None, ""), Err(WebhookError::InvalidSecret));
    assert_eq!(
        verify(BODY, None, SECRET),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        verify(BODY, Some("xyz"), SECRET),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        verify(BODY, Some(&"a".repeat(64)), SECRET),
        Err(WebhookError::InvalidSignature)
    );
    let signature = sign(BODY, SECRET).unwrap();
    assert_eq!(verify(BODY, Some(&signature), SECRET), Ok(()));
}

#[test]
fn only_ascii_whitespace_is_trimmed() {
    let signature = sign(BODY, SECRET).unwrap();
    for padded in [
        format!(" \t\r\n{signature}\x0c "),
        format!("\n{}", signature.to_uppercase()),
    ] {
        assert_eq!(verify(BODY, Some(&padded), SECRET), Ok(()), "{padded:?}");
    }
    for padded in [
        format!("\u{a0}{signature}"),
        format!("{signature}\u{2003}"),
        format!("{signature}\0"),
    ] {
        assert_eq!(
            verify(BODY, Some(&padded), SECRET),
            Err(WebhookError::MalformedSignature)
        );
    }
}

#[test]
fn any_length_but_64_is_malformed() {
    let signature = sign(BODY, SECRET).unwrap();
    for length in [1, 2, 31, 32, 62, 63] {
        assert_eq!(
            verify(BODY, Some(&signature[..length]), SECRET),
            Err(WebhookError::MalformedSignature)
        );
    }
    for extra in [1, 2, 64, 1 << 20] {
        let long = format!("{signature}{}", "0".repeat(extra));
        assert_eq!(
            verify(BODY, Some(&long), SECRET),
            Err(WebhookError::MalformedSignature)
        );
    }
}

#[test]
fn an_empty_body_can_be_signed_and_verified() {
    let signature = sign(b"", SECRET).unwrap();
    assert_eq!(verify(b"", Some(&signature), SECRET), Ok(()));
    assert_eq!(
        verify(b" ", Some(&signature), SECRET),
        Err(WebhookError::InvalidSignature)
    );
}

// Rule 2: rotation.

#[test]
fn a_verifier_accepts_any_of_its_secrets_and_no_other() {
    let verifier = Verifier::new(["current", "previous"]).unwrap();
    for secret in ["current", "previous"] {
        assert!(
            verifier.is_valid(BODY, Some(&sign(BODY, secret).unwrap())),
            "{secret}"
        );
    }
    let stranger = sign(BODY, "stranger").unwrap();
    assert_eq!(
        verifier.verify(BODY, Some(&stranger)),
        Err(WebhookError::InvalidSignature)
    );
}

#[test]
fn a_verifier_refuses_no_secrets_and_empty_secrets() {
    assert_eq!(
        Verifier::new(Vec::<String>::new()).unwrap_err(),
        WebhookError::InvalidSecret
    );
    assert_eq!(
        Verifier::new([""]).unwrap_err(),
        WebhookError::InvalidSecret
    );
    assert_eq!(
        Verifier::new(["ok", ""]).unwrap_err(),
        WebhookError::InvalidSecret
    );
}

#[test]
fn a_verifier_takes_any_collection_of_strings() {
    let owned: Vec<String> = vec!["a".into(), "b".into()];
    assert!(Verifier::new(&owned).is_ok());
    assert!(Verifier::new(owned).is_ok());
    assert!(Verifier::new(["a"]).is_ok());
}

#[test]
fn debug_output_hides_the_secrets() {
    let verifier = Verifier::new([SECRET, "second-secret"]).unwrap();
    let shown = format!("{verifier:?} {verifier:#?}");
    assert!(
        shown.contains("Verifier { secrets: [REDACTED; 2] }"),
        "{shown}"
    );
    assert!(
        !shown.contains(SECRET) && !shown.contains("second"),
        "{shown}"
    );
}

#[test]
fn a_verifier_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Verifier>();
    let verifier = std::sync::Arc::new(Verifier::new([SECRET]).unwrap());
    let signature = sign(BODY, SECRET).unwrap();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (verifier, signature) = (verifier.clone(), signature.clone());
            std::thread::spawn(move || (0..1000).all(|_| verifier.is_valid(BODY, Some(&signature))))
        })
        .collect();
    assert!(workers.into_iter().all(|worker| worker.join().unwrap()));
}

// Rule 3: sign.

#[test]
fn a_secret_is_any_unicode_text_nul_included_and_nothing_else() {
    let with_nul = "ab\0cd";
    let signature = sign(BODY, with_nul).unwrap();
    assert_ne!(
        signature,
        sign(BODY, "ab").unwrap(),
        "the NUL and what follows count"
    );
    let verifier = Verifier::new([with_nul]).unwrap();
    assert_eq!(verifier.verify(BODY, Some(&signature)), Ok(()));
    let cut_short = sign(BODY, "ab").unwrap();
    assert_eq!(
        verifier.verify(BODY, Some(&cut_short)),
        Err(WebhookError::InvalidSignature)
    );
    // The same text as bytes is the same key.
    let as_bytes = Verifier::new([with_nul.as_bytes()]).unwrap();
    assert_eq!(as_bytes.verify(BODY, Some(&signature)), Ok(()));
    // A lone surrogate as a foreign string would encode it (WTF-8), and a stray byte: no text.
    for not_utf8 in [&b"\xed\xa0\x80"[..], b"ab\xffcd", b"\xc0\xaf"] {
        assert_eq!(
            Verifier::new([not_utf8]).err(),
            Some(WebhookError::InvalidSecret)
        );
        assert_eq!(sign(BODY, not_utf8), Err(WebhookError::InvalidSecret));
        assert_eq!(
            verify(BODY, Some(&signature), not_utf8),
            Err(WebhookError::InvalidSecret)
        );
    }
}

#[test]
fn a_signature_byte_outside_the_hex_digits_is_malformed_wherever_it_stands() {
    let signature = sign(BODY, SECRET).unwrap();
    let verifier = Verifier::new([SECRET]).unwrap();
    for bad in [
        format!("{signature}\0junk"),
        format!("{signature}\0"),
        format!("\0{signature}"),
        format!("{}\t{}", &signature[..32], &signature[32..]),
        format!("\u{a0}{signature}"),
        format!("{signature}\u{b}"),
    ] {
        assert_eq!(
            verifier.verify(BODY, Some(&bad)),
            Err(WebhookError::MalformedSignature),
            "{bad:?}"
        );
    }
    let mut not_utf8 = signature.clone().into_bytes();
    not_utf8.push(0xff);
    assert_eq!(
        verifier.verify_raw(BODY, Some(&not_utf8)),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        verifier.verify_raw(BODY, Some(signature.as_bytes())),
        Ok(())
    );
    assert_eq!(
        verifier.construct_event_raw(BODY, Some(b"  ")),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        verifier.verify_raw(BODY, None),
        Err(WebhookError::MissingSignature)
    );
}

#[test]
fn sign_refuses_an_empty_secret() {
    assert_eq!(sign(BODY, ""), Err(WebhookError::InvalidSecret));
}

#[test]
fn sign_keys_with_the_secrets_utf8_bytes() {
    // Python: hmac.new("clé".encode("utf-8"), b"", hashlib.sha256).hexdigest()
    let signature = sign(b"", "cl\u{e9}").unwrap();
    assert_eq!(
        signature,
        "48b3794bc2c27faea131bcdcef4fbd52a9d26cf5970b19f530a118545d590dd8"
    );
}

// Rule 4: the typed event.

#[test]
fn the_event_carries_the_members_as_sent() {
    let event = parse_event_unverified(BODY).unwrap();
    assert_eq!(event.id, "bf683177-3a48-47d1-9c4e-0b4de39517fa");
    assert_eq!(event.status, JobStatus::Success);
    assert_eq!(event.job_type, JobType::ContentTranslate);
    assert_eq!(event.result, None);
    assert!(event.is_success());
}

#[test]
fn known_values_round_trip_and_are_all_distinct() {
    assert_eq!(JobStatus::KNOWN.len(), 4);
    assert_eq!(
        JobType::KNOWN.len(),
        26,
        "the 26 types of shared/seed/job-vocabulary.md"
    );
    let wires: HashSet<&str> = JobType::KNOWN.iter().map(JobType::as_str).collect();
    assert_eq!(wires.len(), 26);
    for known in JobType::KNOWN {
        assert_eq!(&JobType::from(known.as_str()), known);
        assert!(known.is_known());
    }
    for known in JobStatus::KNOWN {
        assert_eq!(&JobStatus::from(known.as_str()), known);
        assert_eq!(known.to_string(), known.as_str());
    }
}

#[test]
fn unknown_values_are_kept_exactly() {
    for wire in ["cancelled", "Success", " success", "", "\u{1f680}"] {
        let status = JobStatus::from(wire);
        assert_eq!(status, JobStatus::Other(wire.to_owned()));
        assert_eq!(status.as_str(), wire);
        assert!(!status.is_known());
    }
    assert_eq!(JobType::from("content_new").as_str(), "content_new");
}

#[test]
fn result_is_the_exact_text_and_null_is_none() {
    let body = br#"{"id":"1","status":"failed","type":"x","result": {"n": 1.10, "s": "\u00e9"} }"#;
    let event = parse_event_unverified(body).unwrap();
    assert_eq!(
        event.result.as_deref(),
        Some(r#"{"n": 1.10, "s": "\u00e9"}"#)
    );
    assert!(!event.is_success());
    let body = br#"{"id":"1","status":"failed","type":"x","result":null}"#;
    assert_eq!(parse_event_unverified(body).unwrap().result, None);
}

#[test]
fn invalid_payloads_say_where() {
    let cases: [&[u8]; 5] = [
        b"[]",
        b"{\"id\":\"\"}",
        b"{\"id\":\"1\",\n\"status\":2}",
        b"{",
        b"{\"id\":\"\xff\"}",
    ];
    for body in cases {
        match parse_event_unverified(body) {
            Err(WebhookError::InvalidPayload { detail }) => {
                assert!(
                    detail.contains(" at line ") && detail.contains(" column "),
                    "{detail}"
                );
            }
            other => panic!("{body:?}: {other:?}"),
        }
    }
    let Err(WebhookError::InvalidPayload { detail }) =
        parse_event_unverified(b"{\"id\":\"1\",\n\"status\":2}")
    else {
        panic!("not InvalidPayload");
    };
    assert!(detail.contains("line 2"), "{detail}");
}

// Rule 5: construct_event verifies before it parses.

/// A body whose `result` holds `depth - 1` nested arrays, so that the body nests `depth` deep.
fn body_nested(depth: usize) -> Vec<u8> {
    let inner = depth - 1;
    format!(
        r#"{{"id":"a","status":"success","type":"content_translate","result":{}{}}}"#,
        "[".repeat(inner),
        "]".repeat(inner)
    )
    .into_bytes()
}

#[test]
fn nesting_is_limited_to_serde_jsons_own_depth_everywhere() {
    assert_eq!(MAX_NESTING_DEPTH, 128);
    let at_limit = parse_event_unverified(&body_nested(128)).unwrap();
    let result = at_limit.result.unwrap();
    // The result's text is within serde_json's own limit, as every parser's default should be.
    serde_json::from_str::<serde_json::Value>(&result).unwrap();

    let error = parse_event_unverified(&body_nested(129)).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidPayload);
    assert_eq!(
        error.to_string(),
        "invalid payload: arrays and objects nested deeper than 128 levels at line 1 column 193"
    );
    // An ignored member counts too, and so do objects; brackets inside strings do not.
    let ignored = format!(
        r#"{{"id":"a","status":"new","type":"x","y":{}1{}}}"#,
        r#"{"k":"#.repeat(128),
        "}".repeat(128)
    );
    assert_eq!(
        parse_event_unverified(ignored.as_bytes())
            .map(|_| ())
            .unwrap_err()
            .code(),
        ErrorCode::InvalidPayload
    );
    let in_strings = format!(
        r#"{{"id":"{}","status":"new","type":"x","result":"{}\"[["}}"#,
        "[".repeat(300),
        "{".repeat(300)
    );
    assert!(parse_event_unverified(in_strings.as_bytes()).is_ok());
}

#[test]
fn an_escaped_lone_surrogate_is_refused_wherever_it_stands() {
    let body = |result: &str| {
        format!(r#"{{"id":"a","status":"new","type":"x","result":{result},"z":1}}"#).into_bytes()
    };
    for lone in [
        r#""\ud800""#,
        r#""\udc00""#,
        r#""a\uD800b""#,
        r#""\ud800\ud800""#,
        r#""\ud800\n""#,
        r#"{"\udfff":1}"#,
        r#"["x","\ud83d"]"#,
    ] {
        let error = parse_event_unverified(&body(lone)).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid payload: lone surrogate escape at line 1 column "),
            "{lone}: {error}"
        );
    }
    for fine in [
        r#""\ud83d\ude00""#,
        r#""\\ud800""#,
        r#""\u00e9\"\\""#,
        r#""\uD83D\uDE00 ok""#,
    ] {
        let event = parse_event_unverified(&body(fine)).unwrap();
        assert_eq!(event.result.as_deref(), Some(fine));
    }
}

#[test]
fn construct_event_reports_the_signature_before_the_payload() {
    let not_json = b"not json";
    assert_eq!(
        construct_event(not_json, Some(&"0".repeat(64)), SECRET),
        Err(WebhookError::InvalidSignature)
    );
    assert_eq!(
        construct_event(not_json, None, SECRET),
        Err(WebhookError::MissingSignature)
    );
    let signature = sign(not_json, SECRET).unwrap();
    assert!(matches!(
        construct_event(not_json, Some(&signature), SECRET),
        Err(WebhookError::InvalidPayload { .. })
    ));
}

#[test]
fn construct_event_returns_the_parsed_verified_event() {
    let verifier = Verifier::new([SECRET]).unwrap();
    let signature = sign(BODY, SECRET).unwrap();
    let event = verifier.construct_event(BODY, Some(&signature)).unwrap();
    assert_eq!(event, parse_event_unverified(BODY).unwrap());
}

// Rule 6: header lookup.

#[test]
fn the_signature_header_is_found_in_any_case() {
    let signature = sign(BODY, SECRET).unwrap();
    assert_eq!(SIGNATURE_HEADER, "X-Signature");
    for name in ["X-Signature", "x-signature", "X-SIGNATURE", "x-SiGnAtUrE"] {
        let headers = [
            ("User-Agent", "SharpAPIWebhook/1.0"),
            (name, signature.as_str()),
        ];
        assert_eq!(signature_from_headers(headers), Ok(signature.as_str()));
        let verifier = Verifier::new([SECRET]).unwrap();
        assert!(verifier.construct_event_from_headers(BODY, headers).is_ok());
    }
}

#[test]
fn header_lookup_refuses_absent_and_conflicting_values() {
    let none: [(&str, &str); 0] = [];
    assert_eq!(
        signature_from_headers(none),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        signature_from_headers([("X-Signature-2", "a")]),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        signature_from_headers([("X-Signature", "a"), ("x-signature", "b")]),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        signature_from_headers([("X-Signature", "a"), ("x-signature", " a ")]),
        Ok("a")
    );
}

#[test]
fn header_lookup_takes_bytes_as_http_carries_them() {
    let signature = sign(BODY, SECRET).unwrap();
    let headers: Vec<(&[u8], &[u8])> = vec![
        (b"content-type", b"application/json"),
        (b"x-signature", signature.as_bytes()),
    ];
    assert_eq!(
        signature_from_headers(headers.iter().copied()),
        Ok(signature.as_bytes())
    );
    let verifier = Verifier::new([SECRET]).unwrap();
    assert!(verifier.construct_event_from_headers(BODY, headers).is_ok());
    // A value that is not UTF-8 is no signature; a name with anything around it is another header.
    let bytes: [(&[u8], &[u8]); 1] = [(b"X-Signature", b"\xff")];
    assert_eq!(
        verifier.construct_event_from_headers(BODY, bytes),
        Err(WebhookError::MalformedSignature)
    );
    let padded_name = [(" X-Signature", signature.as_str())];
    assert_eq!(
        verifier.construct_event_from_headers(BODY, padded_name),
        Err(WebhookError::MissingSignature)
    );
}

#[test]
fn header_lookup_takes_owned_names() {
    let headers: Vec<(String, String)> = vec![("x-signature".into(), "abc".into())];
    let found = signature_from_headers(
        headers
            .iter()
            .map(|(name, value)| (name.clone(), value.as_str())),
    );
    assert_eq!(found, Ok("abc"));
}

// Rule 7: one error enum with stable codes.

#[test]
fn error_codes_are_permanent() {
    let table: Vec<(u32, &str)> = ErrorCode::ALL
        .iter()
        .map(|code| (code.as_u32(), code.name()))
        .collect();
    assert_eq!(
        table,
        [
            (1, "InvalidSecret"),
            (2, "MissingSignature"),
            (3, "MalformedSignature"),
            (4, "InvalidSignature"),
            (5, "InvalidPayload"),
        ]
    );
    for code in ErrorCode::ALL {
        assert_eq!(ErrorCode::from_u32(code.as_u32()), Some(code));
        assert_eq!(code.to_string(), code.name());
    }
    assert_eq!(ErrorCode::from_u32(0), None);
    assert_eq!(ErrorCode::from_u32(6), None);
}

#[test]
fn every_error_maps_to_its_code() {
    let errors = [
        WebhookError::InvalidSecret,
        WebhookError::MissingSignature,
        WebhookError::MalformedSignature,
        WebhookError::InvalidSignature,
        WebhookError::InvalidPayload {
            detail: String::new(),
        },
    ];
    let codes: Vec<ErrorCode> = errors.iter().map(WebhookError::code).collect();
    assert_eq!(codes, ErrorCode::ALL);
}

#[test]
fn the_mismatch_message_tells_what_to_fix() {
    let message = WebhookError::InvalidSignature.to_string();
    assert!(message.contains("raw request body"), "{message}");
    assert!(message.contains("secret"), "{message}");
    assert!(
        WebhookError::MalformedSignature
            .to_string()
            .contains("64 hexadecimal digits")
    );
}

#[test]
fn the_readmes_error_tables_match_the_codes() {
    for readme in ["README.md", "../README.md"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(readme);
        let text = std::fs::read_to_string(&path).unwrap();
        for code in ErrorCode::ALL {
            let row = format!("| {} | `{}` |", code.as_u32(), code.name());
            assert!(text.contains(&row), "{}: no row `{row}`", path.display());
        }
    }
}
