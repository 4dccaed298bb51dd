//! The layer's own contract, run natively: the argument format, handles, the output table and
//! what is kept. Every vector runs through the built module in the npm package's tests.

use super::*;

/// Writes `arguments` into the input buffer as the JavaScript side does.
fn write(arguments: &[&[u8]]) {
    STATE.with_borrow_mut(|state| {
        state.input.clear();
        for argument in arguments {
            let length = u32::try_from(argument.len()).expect("a short argument");
            state.input.extend_from_slice(&length.to_le_bytes());
            state.input.extend_from_slice(argument);
        }
    });
}

fn output() -> [usize; OUTPUT_LEN] {
    STATE.with_borrow(|state| state.output)
}

/// The text kept for the caller, checked against the address and length of the output table.
fn kept_text(at: usize) -> String {
    STATE.with_borrow(|state| {
        let Kept::Text(text) = &state.kept else {
            panic!("no text kept");
        };
        assert_eq!(state.output[at], text.as_ptr().addr());
        assert_eq!(state.output[at + 1], text.len());
        text.clone()
    })
}

fn new_verifier(secrets: &[&[u8]]) -> u32 {
    write(secrets);
    assert_eq!(verifier_new(u32::try_from(secrets.len()).expect("few")), OK);
    u32::try_from(output()[HANDLE]).expect("a handle")
}

const BODY: &[u8] =
    br#"{"id":"a\u0000b","status":"queued","type":"content_translate","result":{"x": 1.50}}"#;

#[test]
fn an_event_is_kept_and_its_fields_point_at_it() {
    let verifier = new_verifier(&[b"old", b"whsec_test"]);
    let signature = sharpapi_webhooks::sign(BODY, "whsec_test").expect("signed");
    write(&[BODY, signature.as_bytes()]);
    assert_eq!(verifier_construct_event(verifier, true), OK);
    let fields = output();
    STATE.with_borrow(|state| {
        let Kept::Event(event) = &state.kept else {
            panic!("no event kept");
        };
        assert_eq!(event.id, "a\0b");
        assert_eq!(fields[ID..ID + 2], [event.id.as_ptr().addr(), 3]);
        assert_eq!(fields[STATUS], 0, "a status this version does not know");
        assert_eq!(fields[STATUS + 2], "queued".len());
        let translate = JobType::KNOWN
            .iter()
            .position(|known| *known == JobType::ContentTranslate)
            .expect("known");
        assert_eq!(
            fields[TYPE],
            translate + 1,
            "numbered as the C ABI numbers it"
        );
        let result = event.result.as_deref().expect("a result");
        assert_eq!(result, r#"{"x": 1.50}"#);
        assert_eq!(
            fields[RESULT..RESULT + 3],
            [1, result.as_ptr().addr(), result.len()]
        );
    });
    write(&[br#"{"id":"1","status":"success","type":"t"}"#]);
    assert_eq!(parse_event_unverified(), OK);
    assert_eq!(output()[STATUS], 3);
    assert_eq!(output()[RESULT], 0, "no result");
}

#[test]
fn the_core_s_errors_come_with_their_code_and_message() {
    let verifier = new_verifier(&[b"whsec_test"]);
    write(&[BODY]);
    assert_eq!(verifier_verify(verifier, false), 2);
    assert!(kept_text(MESSAGE).starts_with("missing signature: "));
    write(&[BODY, &[b'0'; 64]]);
    assert_eq!(verifier_verify(verifier, true), 4);
    write(&[b"{}", b"X-SIGNATURE", b"a", b"x-signature", b"b"]);
    assert_eq!(verifier_construct_event_from_headers(verifier, 2), 3);
    write(&[b"{\"id\": 1}"]);
    assert_eq!(parse_event_unverified(), 5);
    let core = sharpapi_webhooks::parse_event_unverified(b"{\"id\": 1}").expect_err("refused");
    assert_eq!(
        kept_text(MESSAGE),
        core.to_string(),
        "the core's message, whole"
    );
    write(&[b"x", &[0xff]]);
    assert_eq!(sign(), 1);
    write(&[]);
    assert_eq!(verifier_new(0), 1, "no secret");
}

#[test]
fn a_signature_is_kept_as_text() {
    write(&[b"payload", b"k"]);
    assert_eq!(sign(), OK);
    assert_eq!(
        kept_text(TEXT),
        sharpapi_webhooks::sign(b"payload", "k").expect("signed")
    );
}

#[test]
fn arguments_that_end_early_are_an_internal_error_not_a_panic() {
    let verifier = new_verifier(&[b"s"]);
    for input in [&[][..], &[5, 0, 0], &[5, 0, 0, 0, b'a'], &[0xff; 4]] {
        STATE.with_borrow_mut(|state| state.input = input.to_vec());
        assert_eq!(verifier_verify(verifier, false), INTERNAL_ERROR);
        assert_eq!(
            kept_text(MESSAGE),
            "internal error: the arguments end before their lengths say"
        );
    }
    write(&[b"{}"]);
    assert_eq!(
        verifier_verify(verifier, true),
        INTERNAL_ERROR,
        "no signature written"
    );
    assert_eq!(
        verifier_construct_event_from_headers(verifier, 1),
        INTERNAL_ERROR
    );
    assert_eq!(verifier_new(2), INTERNAL_ERROR);
}

#[test]
fn handles_are_checked_and_reused_once_free() {
    let first = new_verifier(&[b"s"]);
    let second = new_verifier(&[b"t"]);
    assert_ne!(first, 0);
    assert_ne!(first, second);
    verifier_free(first);
    write(&[b"{}"]);
    for handle in [0, first, u32::MAX] {
        assert_eq!(verifier_verify(handle, false), INTERNAL_ERROR);
        assert_eq!(
            kept_text(MESSAGE),
            "internal error: no verifier has this handle"
        );
    }
    assert_eq!(verifier_verify(second, false), 2, "the other one lives");
    assert_eq!(new_verifier(&[b"u"]), first, "the free handle, again");
    assert_eq!(verifier_verify(first, false), 2);
    verifier_free(0);
    verifier_free(u32::MAX);
}

#[test]
fn secrets_do_not_stay_in_the_input_buffer() {
    let secret = b"whsec_in_the_buffer";
    let leftover =
        || STATE.with_borrow(|state| state.input.windows(secret.len()).any(|w| w == secret));
    write(&[secret, b"whsec_other"]);
    assert_eq!(verifier_new(2), OK);
    assert!(!leftover());
    write(&[b"body", secret]);
    assert_eq!(sign(), OK);
    assert!(!leftover());
    write(&[secret, b""]);
    assert_eq!(verifier_new(2), 1, "refused, and wiped all the same");
    assert!(!leftover());
}

#[test]
fn the_input_grows_and_keeps_its_address_otherwise() {
    let small = input(16);
    assert_eq!(input(8), small);
    assert!(STATE.with_borrow(|state| state.input.len()) >= 16);
    assert_ne!(output(), [1; OUTPUT_LEN]);
    assert_eq!(super::output(), super::output());
}

#[test]
fn the_version_is_the_core_s() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn secrets_of_arguments_that_end_early_are_wiped_too() {
    let secret = b"whsec_cut_short";
    STATE.with_borrow_mut(|state| {
        state.input = [&100_u32.to_le_bytes()[..], secret].concat();
    });
    assert_eq!(verifier_new(1), INTERNAL_ERROR);
    assert!(STATE.with_borrow(|state| state.input.iter().all(|&byte| byte == 0)));
}

/// The text at the address and length of the output table's words from `at`, read from what is
/// kept (as the JavaScript side reads the instance's memory).
fn kept_words_text(at: usize) -> Vec<u8> {
    STATE.with_borrow(|state| {
        let (address, length) = (state.output[at], state.output[at + 1]);
        let kept: &[u8] = match &state.kept {
            Kept::Delivery(delivery) if address == delivery.body().as_ptr().addr() => {
                delivery.body()
            }
            Kept::Delivery(delivery) => delivery.signature().as_bytes(),
            Kept::Text(text) => text.as_bytes(),
            _ => panic!("nothing kept"),
        };
        assert_eq!(address, kept.as_ptr().addr());
        assert_eq!(length, kept.len());
        kept.to_vec()
    })
}

#[test]
fn a_test_delivery_is_the_core_s_body_and_signature() {
    write(&[
        b"whsec_test",
        b"job-1",
        b"success",
        b"content_translate",
        br#"{"content":"Hallo"}"#,
    ]);
    assert_eq!(test_delivery(true), OK);
    let expected = TestDelivery::new(
        "whsec_test",
        "job-1",
        "success",
        "content_translate",
        Some(r#"{"content":"Hallo"}"#),
    )
    .expect("made");
    assert_eq!(
        kept_words_text(super::BODY),
        br#"{"id":"job-1","status":"success","type":"content_translate","result":{"content":"Hallo"}}"#
    );
    assert_eq!(kept_words_text(SIGNATURE), expected.signature().as_bytes());

    write(&[b"whsec_test", b"job-2", b"failed", b"other_type"]);
    assert_eq!(test_delivery(false), OK, "no result");
    assert_eq!(
        kept_words_text(super::BODY),
        br#"{"id":"job-2","status":"failed","type":"other_type"}"#
    );
}

#[test]
fn a_test_delivery_is_refused_as_the_c_abi_refuses_it() {
    write(&[b"", b"1", b"success", b"t"]);
    assert_eq!(test_delivery(false), 1, "an empty secret");
    write(&[b"s", b"1", b"success", b"t", b"{"]);
    assert_eq!(test_delivery(true), 5, "a result that is not JSON");
    assert!(kept_text(MESSAGE).contains("not one JSON value"));
    write(&[b"s", b"1", b"success", b"t", b""]);
    assert_eq!(test_delivery(true), 5, "an empty result is no JSON value");
    write(&[b"s", &[0xff], b"success", b"t"]);
    assert_eq!(test_delivery(false), 5);
    assert_eq!(
        kept_text(MESSAGE),
        "invalid payload: a test delivery's id, status, type and result must be UTF-8 text"
    );
    write(&[b"s", b"1", b"success"]);
    assert_eq!(test_delivery(false), INTERNAL_ERROR, "the type missing");
}

#[test]
fn explain_gives_the_core_s_cause_set() {
    let body: &[u8] = br#"{"id":"1","status":"success","type":"t"}"#;
    let signature = sharpapi_webhooks::sign(body, "whsec_a").expect("signed");
    let pretty: &[u8] = b"{\n  \"id\": \"1\",\n  \"status\": \"success\",\n  \"type\": \"t\"\n}";
    /// The body, the signature (None: the header is absent) and the secrets.
    type Case<'a> = (&'a [u8], Option<&'a [u8]>, &'a [&'a [u8]]);
    let cases: [Case<'_>; 4] = [
        (body, Some(signature.as_bytes()), &[b"other", b"whsec_a"]),
        (pretty, Some(signature.as_bytes()), &[b"whsec_a"]),
        (body, None, &[b"whsec_a"]),
        (body, Some(signature.as_bytes()), &[]),
    ];
    for (raw_body, signature, secrets) in cases {
        let mut arguments = vec![raw_body];
        arguments.extend(signature);
        arguments.extend(secrets);
        write(&arguments);
        let count = u32::try_from(secrets.len()).expect("few");
        assert_eq!(explain(signature.is_some(), count), OK);
        let expected = sharpapi_webhooks::explain(raw_body, signature, secrets).cause_bits();
        assert_eq!(output()[CAUSES], usize::try_from(expected).expect("bits"));
        assert_ne!(expected, 0);
    }
    write(&[body]);
    assert_eq!(explain(true, 0), INTERNAL_ERROR, "no signature written");
}

#[test]
fn explain_wipes_the_secrets_it_read() {
    let secret = b"whsec_to_explain_with";
    write(&[b"{}", &[b'0'; 64], secret]);
    assert_eq!(explain(true, 1), OK);
    assert!(STATE.with_borrow(|state| !state.input.windows(secret.len()).any(|w| w == secret)));
    write(&[secret, b"1", b"success", b"t"]);
    assert_eq!(test_delivery(false), OK);
    assert!(STATE.with_borrow(|state| !state.input.windows(secret.len()).any(|w| w == secret)));
}

#[test]
fn explain_from_headers_finds_the_signature_by_the_core_s_rule() {
    let body: &[u8] = br#"{"id":"1","status":"success","type":"t"}"#;
    let signature = sharpapi_webhooks::sign(body, "whsec_a").expect("signed");
    let padded = format!(" {signature}\t");
    let newline: &[u8] = br#"{"id":"1","status":"success","type":"t"}
"#;
    /// The body, the headers' names and values, and the secrets.
    type Case<'a> = (&'a [u8], Vec<&'a [u8]>, &'a [&'a [u8]]);
    let cases: [Case<'_>; 5] = [
        (
            body,
            vec![
                b"Content-Type",
                b"application/json",
                b"x-SIGNATURE",
                padded.as_bytes(),
            ],
            &[b"whsec_a"],
        ),
        (
            newline,
            vec![
                b"X-Signature",
                signature.as_bytes(),
                b"x-signature",
                signature.as_bytes(),
            ],
            &[b"whsec_a"],
        ),
        (
            body,
            vec![b"X-Signature", signature.as_bytes(), b"X-Signature", b"abd"],
            &[b"whsec_a"],
        ),
        (
            body,
            vec![b"Content-Type", b"application/json"],
            &[b"whsec_a"],
        ),
        (body, vec![], &[]),
    ];
    for (raw_body, headers, secrets) in cases {
        let mut arguments = vec![raw_body];
        arguments.extend(headers.iter().copied());
        arguments.extend(secrets);
        write(&arguments);
        let pairs = u32::try_from(headers.len() / 2).expect("few");
        let count = u32::try_from(secrets.len()).expect("few");
        assert_eq!(explain_from_headers(pairs, count), OK);
        let found = headers.chunks(2).map(|pair| (pair[0], pair[1]));
        let expected =
            sharpapi_webhooks::explain_from_headers(raw_body, found, secrets).cause_bits();
        assert_eq!(output()[CAUSES], usize::try_from(expected).expect("bits"));
        assert_ne!(expected, 0);
    }
    write(&[body, b"X-Signature"]);
    assert_eq!(
        explain_from_headers(1, 0),
        INTERNAL_ERROR,
        "a header without its value"
    );
    let secret = b"whsec_to_explain_with";
    write(&[body, b"X-Signature", signature.as_bytes(), secret]);
    assert_eq!(explain_from_headers(1, 1), OK);
    assert!(STATE.with_borrow(|state| !state.input.windows(secret.len()).any(|w| w == secret)));
}
