//! `send`, `listen` and `replay` over real HTTP on 127.0.0.1: against the project's reference
//! webhook app (tests/sender/reference_app.py), against each other, and against a server that
//! keeps every byte it receives.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use sharpapi_webhooks::{
    JobType, SIGNATURE_HEADER, USER_AGENT, Verifier, parse_event_unverified, sign,
};
use support::{Capture, Outcome, ReferenceApp, SECRET, listen, post, run, scratch};

fn send(url: &str, extra: &[&str]) -> Outcome {
    let mut args = vec!["send", url, "--secret", SECRET, "--backoff-ms", "10"];
    if !extra.contains(&"--type") {
        args.extend(["--type", "content_translate"]);
    }
    args.extend(extra);
    run(&args)
}

/// The `attempt N/M at TIME: STATUS ...` lines' statuses (`none` for no answer).
fn attempts(outcome: &Outcome) -> Vec<String> {
    outcome
        .stdout
        .lines()
        .filter(|line| line.starts_with("attempt "))
        .map(|line| {
            let answer = line.split(": ").nth(1).unwrap_or_default();
            if answer.starts_with("no answer") {
                "none".to_owned()
            } else {
                answer.split(' ').next().unwrap_or_default().to_owned()
            }
        })
        .collect()
}

#[test]
fn send_delivers_to_the_reference_app_which_handles_it() {
    let folder = scratch("send-reference");
    let app = ReferenceApp::start(&folder);
    let id = "5b0e2a3c-0c55-4c4b-8f3e-0a1b2c3d4e5f";
    let outcome = send(&app.url(), &["--id", id]);
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    assert_eq!(attempts(&outcome), ["200"]);
    assert!(
        outcome.stdout.contains(r#""outcome": "handled""#),
        "{}",
        outcome.stdout
    );
    assert_eq!(app.handled(), [id]);
}

#[test]
fn send_with_a_wrong_secret_is_refused_and_retried_three_times() {
    let folder = scratch("send-wrong-secret");
    let app = ReferenceApp::start(&folder);
    let outcome = run(&[
        "send",
        &app.url(),
        "--secret",
        "whsec_wrong",
        "--type",
        "hr_parse_resume",
        "--backoff-ms",
        "5",
    ]);
    assert_eq!(outcome.code, 4, "{}", outcome.stdout);
    assert_eq!(attempts(&outcome), ["401", "401", "401", "401"]);
    for wait in ["retrying in 5 ms", "retrying in 10 ms", "retrying in 20 ms"] {
        assert!(outcome.stdout.contains(wait), "{}", outcome.stdout);
    }
    assert_eq!(
        outcome.stderr,
        "sharpapi-webhooks: no 2xx answer after 4 attempts (last: 401)\n"
    );
    assert!(app.handled().is_empty());
}

#[test]
fn send_retries_a_failing_handler_until_it_succeeds() {
    let folder = scratch("send-failing");
    let app = ReferenceApp::start(&folder);
    let result = folder.join("result.json");
    // The reference app's handler fails on its first two calls for this id.
    std::fs::write(&result, br#"{"fail_attempts": 2}"#).unwrap();
    let id = "9d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
    let outcome = send(
        &app.url(),
        &["--id", id, "--result", result.to_str().unwrap()],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.stdout);
    assert_eq!(attempts(&outcome), ["500", "500", "200"]);
    assert_eq!(app.handled(), [id]);
}

#[test]
fn send_counts_every_attempt_against_a_server_that_fails() {
    let capture = Capture::start(&[503, 500, 502, 200]);
    let outcome = send(&capture.url(), &[]);
    assert_eq!(outcome.code, 0);
    assert_eq!(attempts(&outcome), ["503", "500", "502", "200"]);
    let bodies: Vec<Vec<u8>> = (0..4).map(|_| capture.next().body).collect();
    assert!(
        bodies.windows(2).all(|pair| pair[0] == pair[1]),
        "every retry is the same delivery"
    );

    let never = Capture::start(&[500]);
    let outcome = send(&never.url(), &["--retries", "1"]);
    assert_eq!(outcome.code, 4);
    assert_eq!(attempts(&outcome), ["500", "500"]);
}

#[test]
fn send_retries_when_nobody_answers() {
    let port = support::free_port();
    let outcome = send(&format!("http://127.0.0.1:{port}/"), &[]);
    assert_eq!(outcome.code, 4);
    assert_eq!(attempts(&outcome), ["none", "none", "none", "none"]);
    assert!(outcome.stderr.contains("(last: no answer)"));
}

#[test]
fn send_builds_every_job_type_as_sharpapi_sends_it() {
    let capture = Capture::start(&[200]);
    let verifier = Verifier::new([SECRET]).unwrap();
    for job_type in JobType::KNOWN {
        let outcome = send(&capture.url(), &["--type", job_type.as_str()]);
        assert_eq!(outcome.code, 0, "{job_type}: {}", outcome.stderr);
        assert_eq!(
            outcome.stderr, "",
            "{job_type}: no warning for a known type"
        );
        let request = capture.next();
        assert_eq!(request.method, "POST");
        assert_eq!(request.header("Content-Type"), ["application/json"]);
        assert_eq!(request.header("User-Agent"), [USER_AGENT]);
        assert_eq!(request.header(SIGNATURE_HEADER).len(), 1);
        let event = verifier
            .construct_event_from_headers(
                &request.body,
                request.headers.iter().map(|(n, v)| (n, v)),
            )
            .unwrap_or_else(|error| panic!("{job_type}: {error}"));
        assert_eq!(&event.job_type, job_type);
        let id = uuid::Uuid::parse_str(&event.id).unwrap();
        assert_eq!(id.get_version_num(), 4, "the default id is a UUID v4");
        let result: serde_json::Value = serde_json::from_str(&event.result.unwrap()).unwrap();
        assert!(result.is_object(), "{job_type}: an example result object");
    }
}

#[test]
fn send_takes_a_result_file_exactly_and_warns_on_an_unknown_type() {
    let folder = scratch("send-result");
    let capture = Capture::start(&[200]);
    let result = folder.join("result.json");
    std::fs::write(&result, "{ \"content\" : \"Gr\\u00fc\\u00dfe \\/ 1.10\" }").unwrap();
    let outcome = send(
        &capture.url(),
        &[
            "--type",
            "content_brand_new",
            "--status",
            "failed",
            "--id",
            "job-7",
            "--result",
            result.to_str().unwrap(),
        ],
    );
    assert_eq!(outcome.code, 0);
    assert!(
        outcome
            .stderr
            .contains("content_brand_new is not a job type"),
        "{}",
        outcome.stderr
    );
    let body = capture.next().body;
    assert_eq!(
        body,
        br#"{"id":"job-7","status":"failed","type":"content_brand_new","result":{ "content" : "Gr\u00fc\u00dfe \/ 1.10" }}"#
    );

    let outcome = send(&capture.url(), &["--no-result", "--id", "job-8"]);
    assert_eq!(outcome.code, 0);
    assert_eq!(
        capture.next().body,
        br#"{"id":"job-8","status":"success","type":"content_translate"}"#
    );

    std::fs::write(&result, "{not json").unwrap();
    let outcome = send(&capture.url(), &["--result", result.to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome.stderr.starts_with("sharpapi-webhooks: --result: "),
        "{}",
        outcome.stderr
    );
    assert!(
        capture.nothing_more(),
        "nothing is sent when the result is not JSON"
    );
}

#[test]
fn listen_verifies_and_prints_what_send_sends() {
    let listener = listen(&[]);
    let url = format!("http://127.0.0.1:{}/webhooks/sharpapi", listener.port);
    let id = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    let outcome = send(&url, &["--id", id]);
    assert_eq!(outcome.code, 0, "{}", outcome.stdout);
    assert!(
        outcome
            .stdout
            .contains(&format!(r#"{{"id":"{id}","outcome":"received"}}"#))
    );
    let line = listener.line_where(|line| line.contains(id));
    assert!(line.contains("POST /webhooks/sharpapi"), "{line}");
    assert!(
        line.contains("content_translate  success  valid  -> 200"),
        "{line}"
    );
    assert!(line.contains(" bytes"), "{line}");

    let tampered = run(&[
        "send",
        &url,
        "--secret",
        "whsec_other",
        "--type",
        "content_summarize",
        "--id",
        "job-x",
        "--retries",
        "0",
    ]);
    assert_eq!(tampered.code, 4);
    assert_eq!(attempts(&tampered), ["401"]);
    assert!(
        tampered.stdout.contains(r#""error":"InvalidSignature""#),
        "{}",
        tampered.stdout
    );
    let line = listener.line_where(|line| line.contains("job-x"));
    assert!(
        line.contains("(unverified)  InvalidSignature (4)  -> 401"),
        "{line}"
    );
}

#[test]
fn listen_answers_like_the_integrations() {
    let listener = listen(&["--max-body-bytes", "1000"]);
    let url = format!("http://127.0.0.1:{}/hook", listener.port);
    let body = br#"{"id":"job-1","status":"success","type":"content_translate"}"#;
    let signature = sign(body, SECRET).unwrap();

    // Every header pair goes to the core: the same value twice is one, two values are malformed.
    let twice = [
        ("X-Signature", signature.as_str()),
        ("x-signature", signature.as_str()),
    ];
    assert_eq!(post(&url, &twice, body).0, 200);
    let other = sign(b"other", SECRET).unwrap();
    let differ = [
        ("X-Signature", signature.as_str()),
        ("x-signature", other.as_str()),
    ];
    let (status, answer) = post(&url, &differ, body);
    assert_eq!(
        (status, answer.contains(r#""error":"MalformedSignature""#)),
        (401, true),
        "{answer}"
    );
    let (status, answer) = post(&url, &[], body);
    assert_eq!(
        (status, answer.contains(r#""code":2"#)),
        (401, true),
        "{answer}"
    );
    let array_signature = sign(b"[1]", SECRET).unwrap();
    let (status, answer) = post(&url, &[("X-Signature", &array_signature)], b"[1]");
    assert_eq!(
        (status, answer.contains(r#""error":"InvalidPayload""#)),
        (400, true),
        "{answer}"
    );
    let big = vec![b' '; 1001];
    let (status, answer) = post(&url, &[("X-Signature", &signature)], &big);
    assert_eq!(
        (status, answer.contains("PayloadTooLarge")),
        (413, true),
        "{answer}"
    );

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent.get(&url).call().unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers().get("allow").unwrap(), "POST");
    listener.line_where(|line| line.contains("GET /hook  -> 405"));
}

#[test]
fn listen_forwards_to_the_reference_app_and_relays_its_answer() {
    let folder = scratch("listen-forward");
    let app = ReferenceApp::start(&folder);
    let listener = listen(&["--forward-to", &app.url()]);
    let url = format!("http://127.0.0.1:{}/webhooks/sharpapi", listener.port);
    let id = "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918";
    let outcome = send(&url, &["--id", id, "--type", "seo_generate_tags"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stdout);
    assert!(
        outcome.stdout.contains(r#""outcome": "handled""#),
        "the app's own answer: {}",
        outcome.stdout
    );
    assert_eq!(app.handled(), [id]);
    let line = listener.line_where(|line| line.contains(id));
    assert!(line.contains("valid; app: 200 OK"), "{line}");

    // A delivery the app refuses is relayed as refused, with the listener's own verdict printed.
    let refused = run(&[
        "send",
        &url,
        "--secret",
        "whsec_other",
        "--type",
        "content_translate",
        "--id",
        "job-r",
        "--retries",
        "0",
    ]);
    assert_eq!(attempts(&refused), ["401"]);
    let line = listener.line_where(|line| line.contains("job-r"));
    assert!(line.contains("InvalidSignature (4); app: 401"), "{line}");
}

#[test]
fn listen_forwards_the_exact_bytes_and_headers() {
    let capture = Capture::start(&[202]);
    let listener = listen(&["--forward-to", &capture.url()]);
    let url = format!("http://127.0.0.1:{}/any/path", listener.port);
    // Bytes a JSON round trip would change: spacing, escapes, key order, CRLF, no UTF-8 at all.
    let body = b"{ \"type\":\"content_translate\", \"id\":\"job-\\u00e9\",\r\n \"status\":\"success\" }\xff";
    let signature = sign(body, SECRET).unwrap();
    let headers = [
        ("Content-Type", "application/json"),
        ("User-Agent", USER_AGENT),
        ("X-Signature", signature.as_str()),
        ("X-Request-Id", "req-42"),
    ];
    let (status, answer) = post(&url, &headers, body);
    assert_eq!(
        (status, answer.as_str()),
        (202, r#"{"captured":0}"#),
        "the app's answer is relayed"
    );
    let forwarded = capture.next();
    assert_eq!(forwarded.body, body);
    assert_eq!(forwarded.method, "POST");
    for (name, value) in headers {
        assert_eq!(forwarded.header(name), [value], "{name}");
    }
    let line = listener.line_where(|line| line.contains("/any/path"));
    assert!(
        line.contains("InvalidPayload"),
        "the body is signed but not UTF-8: {line}"
    );
}

#[test]
fn record_then_replay_sends_each_delivery_again_byte_for_byte() {
    let folder = scratch("record-replay");
    let record = folder.join("deliveries.jsonl");
    let record_path = record.to_str().unwrap();
    let listener = listen(&["--record", record_path]);
    let url = format!("http://127.0.0.1:{}/webhooks/sharpapi", listener.port);

    let odd_body = b"{\"id\":\"job-odd\",\"status\":\"success\",\"type\":\"content_translate\",\"result\":{\"t\":\"\\/ caf\xc3\xa9\"}}\n";
    let odd_signature = sign(odd_body, SECRET).unwrap();
    let odd_headers = [
        ("Content-Type", "application/json"),
        ("User-Agent", USER_AGENT),
        ("X-Signature", odd_signature.as_str()),
        ("X-Extra", "kept"),
    ];
    assert_eq!(post(&url, &odd_headers, odd_body).0, 200);
    let sent = send(&url, &["--id", "job-sent", "--type", "hr_related_skills"]);
    assert_eq!(sent.code, 0);
    listener.line_where(|line| line.contains("job-sent"));
    drop(listener);

    let capture = Capture::start(&[200]);
    let replay = run(&["replay", record_path, "--to", &capture.url()]);
    assert_eq!(replay.code, 0, "{}{}", replay.stdout, replay.stderr);
    assert_eq!(
        replay
            .stdout
            .lines()
            .filter(|line| line.contains(": 200 OK"))
            .count(),
        2
    );

    let first = capture.next();
    assert_eq!(first.body, odd_body);
    for (name, value) in odd_headers {
        assert_eq!(first.header(name), [value], "{name}");
    }
    let second = capture.next();
    let event = Verifier::new([SECRET])
        .unwrap()
        .construct_event_from_headers(&second.body, second.headers.iter().map(|(n, v)| (n, v)))
        .unwrap();
    assert_eq!(event.id, "job-sent");
    assert_eq!(second.header("User-Agent"), [USER_AGENT]);
    assert!(capture.nothing_more());

    // Replayed into the reference app, the recorded delivery is handled; into a refusing one, exit 4.
    let app = ReferenceApp::start(&folder);
    let into_app = run(&["replay", record_path, "--to", &app.url()]);
    assert_eq!(into_app.code, 0, "{}", into_app.stdout);
    assert_eq!(app.handled(), ["job-odd", "job-sent"]);
    let refusing = Capture::start(&[401]);
    let refused = run(&["replay", record_path, "--to", &refusing.url()]);
    assert_eq!(refused.code, 4);
    assert_eq!(
        refused.stderr,
        "sharpapi-webhooks: 2 of 2 deliveries got no 2xx answer\n"
    );

    assert_eq!(parse_event_unverified(&first.body).unwrap().id, "job-odd");
    std::fs::write(folder.join("bad.jsonl"), "{\"nope\":1}\n").unwrap();
    let bad = run(&[
        "replay",
        folder.join("bad.jsonl").to_str().unwrap(),
        "--to",
        &capture.url(),
    ]);
    assert_eq!(bad.code, 5);
    assert!(
        bad.stderr
            .contains("bad.jsonl line 1: not a recorded delivery"),
        "{}",
        bad.stderr
    );
}

#[test]
fn listen_says_when_the_app_and_the_core_disagree() {
    // An app that refuses everything: it refuses a delivery the core verified.
    let refusing = Capture::start(&[401]);
    let listener = listen(&["--forward-to", &refusing.url()]);
    let url = format!("http://127.0.0.1:{}/", listener.port);
    let outcome = send(&url, &["--id", "job-h", "--retries", "0"]);
    assert_eq!(outcome.code, 4);
    listener.line_where(|line| line.contains("job-h") && line.contains("valid; app: 401"));
    let hint = listener.line_where(|line| line.starts_with("  hint: "));
    assert!(hint.contains("re-serialized body"), "{hint}");

    // An app that accepts everything: it accepts a delivery whose signature the core refused.
    let accepting = Capture::start(&[200]);
    let listener = listen(&["--forward-to", &accepting.url()]);
    let url = format!("http://127.0.0.1:{}/", listener.port);
    let outcome = run(&[
        "send",
        &url,
        "--secret",
        "whsec_other",
        "--type",
        "content_translate",
        "--id",
        "job-w",
    ]);
    assert_eq!(outcome.code, 0);
    listener.line_where(|line| {
        line.contains("job-w") && line.contains("InvalidSignature (4); app: 200")
    });
    listener.line_where(|line| line.starts_with("  warning: the app accepted a delivery"));
}

#[test]
fn send_sends_every_test_delivery_vector_byte_for_byte() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/test_delivery/deliveries.json");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors = document["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 17, "too few test delivery vectors");
    let folder = scratch("send-vectors");
    let capture = Capture::start(&[200]);
    for vector in vectors {
        let name = vector["name"].as_str().unwrap();
        let given = &vector["given"];
        let field = |member: &str| given[member].as_str().unwrap();
        let result_file = folder.join(format!("{name}.json"));
        let mut args = vec![
            "send",
            &capture.url(),
            "--secret",
            field("secret"),
            "--id",
            field("id"),
            "--status",
            field("status"),
            "--type",
            field("type"),
            "--retries",
            "0",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
        match given["result_json"].as_str() {
            Some(result_json) => {
                std::fs::write(&result_file, result_json).unwrap();
                args.extend(["--result".to_owned(), result_file.display().to_string()]);
            }
            None => args.push("--no-result".to_owned()),
        }
        let outcome = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let expected = &vector["expected"];
        if let Some(error) = expected["error"].as_str() {
            assert_eq!(outcome.code, 2, "{name}: {}", outcome.everything());
            // An unusable result is the --result argument's fault; a secret, the core's error.
            let start = if error == "InvalidPayload" {
                "--result: "
            } else {
                error
            };
            assert!(
                outcome
                    .stderr
                    .starts_with(&format!("sharpapi-webhooks: {start}")),
                "{name}: {}",
                outcome.stderr
            );
            assert!(capture.nothing_more(), "{name}: nothing is sent");
            continue;
        }
        assert_eq!(outcome.code, 0, "{name}: {}", outcome.everything());
        let request = capture.next();
        assert_eq!(
            request.body,
            expected["body"].as_str().unwrap().as_bytes(),
            "{name}"
        );
        for pair in expected["headers"].as_array().unwrap() {
            let (header, value) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            assert_eq!(request.header(header), [value], "{name}: {header}");
        }
    }
}
