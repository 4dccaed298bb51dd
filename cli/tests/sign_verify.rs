//! `sign`, `verify` and the help: the built binary against the core, exit codes, secrets kept out
//! of every output.

// A test reports failure by panicking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use sharpapi_webhooks::{JobStatus, JobType, sign};
use support::{SECRET, command, finish, run, run_with_stdin, scratch};

const BODY: &[u8] = br#"{"id":"0b7e4a6e-1111-4d3b-9a57-3f1f2c1d0e9a","status":"success","type":"content_translate","result":{"content":"Caf\u00e9 https:\/\/sharpapi.com"}}"#;

fn write(folder: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn sign_prints_what_the_core_signs_from_a_file_or_stdin() {
    let folder = scratch("sign");
    let bodies: [&[u8]; 4] = [BODY, b"", b"\xff\xfe not UTF-8 \x00\r\n", b"{\"a\":1}\n"];
    for (index, body) in bodies.iter().enumerate() {
        let expected = format!("{}\n", sign(body, SECRET).unwrap());
        let file = write(&folder, &format!("body{index}"), body);
        assert_eq!(run(&["sign", "--secret", SECRET, &file]).stdout, expected);
        assert_eq!(
            run_with_stdin(&["sign", "--secret", SECRET, "-"], body).stdout,
            expected
        );
        assert_eq!(
            run_with_stdin(&["sign", "--secret", SECRET], body).stdout,
            expected
        );
    }
}

#[test]
fn the_secret_may_come_from_the_environment() {
    let from_env = finish(
        command(&["sign", "-"])
            .env("SHARPAPI_WEBHOOK_SECRET", SECRET)
            .write_stdin(BODY),
    );
    assert_eq!(from_env.code, 0, "{}", from_env.stderr);
    assert_eq!(from_env.stdout.trim(), sign(BODY, SECRET).unwrap());
    let missing = run_with_stdin(&["sign", "-"], BODY);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("--secret"), "{}", missing.stderr);
}

#[test]
fn verify_exits_with_the_documented_code_and_the_core_error_on_one_line() {
    let folder = scratch("verify");
    let body = write(&folder, "body.json", BODY);
    let not_event = write(&folder, "array.json", b"[1]");
    let signature = sign(BODY, SECRET).unwrap();
    let array_signature = sign(b"[1]", SECRET).unwrap();
    let mut tampered = BODY.to_vec();
    tampered[8] ^= 1;
    let tampered = write(&folder, "tampered.json", &tampered);
    let upper = signature.to_uppercase();
    let cases: [(&[&str], i32, &str); 8] = [
        (&["--signature", &signature, &body], 0, ""),
        (&["--signature", &upper, &body], 0, ""),
        (
            &["--signature", &signature, &tampered],
            1,
            "InvalidSignature (4)",
        ),
        (&["--signature", "abc", &body], 1, "MalformedSignature (3)"),
        (&["--signature", "", &body], 1, "MissingSignature (2)"),
        (
            &["--signature", &array_signature, &not_event],
            3,
            "InvalidPayload (5)",
        ),
        (
            &["--signature", &signature, "/nonexistent/body.json"],
            5,
            "cannot read",
        ),
        (
            &["--signature", &signature, "--secret", "", &body],
            2,
            "InvalidSecret (1)",
        ),
    ];
    for (args, code, error) in cases {
        let mut all = vec!["verify"];
        if !args.contains(&"--secret") {
            all.extend(["--secret", SECRET]);
        }
        all.extend(args);
        let outcome = run(&all);
        assert_eq!(outcome.code, code, "{args:?}: {}", outcome.stderr);
        if code == 0 {
            assert_eq!(
                outcome.stdout,
                "valid: job 0b7e4a6e-1111-4d3b-9a57-3f1f2c1d0e9a (content_translate, success)\n"
            );
            assert_eq!(outcome.stderr, "");
        } else {
            assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
            assert!(
                outcome
                    .stderr
                    .starts_with(&format!("sharpapi-webhooks: {error}")),
                "{args:?}: {}",
                outcome.stderr
            );
        }
    }
}

#[test]
fn verify_accepts_any_secret_of_a_rotation() {
    let signature = sign(BODY, "whsec_previous").unwrap();
    let args = [
        "verify",
        "--secret",
        SECRET,
        "--secret",
        "whsec_previous",
        "--signature",
        &signature,
    ];
    assert_eq!(run_with_stdin(&args, BODY).code, 0);
    let current_only = ["verify", "--secret", SECRET, "--signature", &signature];
    assert_eq!(run_with_stdin(&current_only, BODY).code, 1);
}

#[test]
fn explain_names_what_changed_a_reserialized_body() {
    let signature = sign(BODY, SECRET).unwrap();
    let value: serde_json::Value = serde_json::from_slice(BODY).unwrap();
    let reserialized = serde_json::to_vec_pretty(&value).unwrap();
    let outcome = run_with_stdin(
        &[
            "verify",
            "--secret",
            SECRET,
            "--signature",
            &signature,
            "--explain",
        ],
        &reserialized,
    );
    assert_eq!(outcome.code, 1);
    let causes: Vec<&str> = outcome
        .stdout
        .lines()
        .map(|line| line.split(':').next().unwrap())
        .collect();
    assert_eq!(
        causes,
        ["json_whitespace", "json_key_order", "json_escaping"]
    );
    assert!(outcome.stderr.contains("InvalidSignature (4)"));

    let valid = run_with_stdin(
        &[
            "verify",
            "--secret",
            SECRET,
            "--signature",
            &signature,
            "--explain",
        ],
        BODY,
    );
    assert_eq!(valid.code, 0);
    assert!(valid.stdout.starts_with("signature_matches: "));

    let pasted = run_with_stdin(
        &[
            "verify",
            "--secret",
            &format!("{SECRET}\n"),
            "--signature",
            &signature,
            "--explain",
        ],
        BODY,
    );
    assert_eq!(pasted.code, 1);
    assert!(
        pasted.stdout.starts_with("secret_whitespace: "),
        "{}",
        pasted.stdout
    );
    assert!(pasted.stderr.contains("whitespace around it"));
}

#[test]
fn no_output_ever_holds_the_secret() {
    let secret = "whsec_never_printed_7c1d";
    let signature = sign(BODY, secret).unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_port = taken.local_addr().unwrap().port().to_string();
    let runs = [
        run_with_stdin(&["verify", "--secret", secret, "--signature", "00"], BODY),
        run_with_stdin(
            &[
                "verify",
                "--secret",
                secret,
                "--signature",
                &"0".repeat(64),
                "--explain",
            ],
            BODY,
        ),
        run_with_stdin(
            &[
                "verify",
                "--secret",
                secret,
                "--signature",
                &signature,
                "--explain",
            ],
            b"[]",
        ),
        run(&["sign", "--secret", secret, "--bogus"]),
        run(&["sign", "--secret", secret, "--secret", secret]),
        run(&[
            "send",
            "not a url",
            "--secret",
            secret,
            "--type",
            "content_translate",
        ]),
        run(&[
            "send",
            "http://127.0.0.1:9/",
            "--secret",
            secret,
            "--type",
            "content_translate",
            "--retries",
            "0",
        ]),
        run(&["listen", "--secret", secret, "--port", &taken_port]),
        run(&["replay", "/nonexistent", "--to", "http://127.0.0.1:9/"]),
    ];
    for outcome in runs {
        assert!(outcome.code > 0, "{}", outcome.everything());
        assert!(
            !outcome.everything().contains(secret),
            "{}",
            outcome.everything()
        );
        assert!(
            !outcome.everything().contains("panicked"),
            "{}",
            outcome.everything()
        );
        assert!(!outcome.everything().contains("RUST_BACKTRACE"));
    }
    // The help names the variable, never its value.
    for subcommand in ["sign", "verify", "send", "listen"] {
        let help = finish(command(&[subcommand, "--help"]).env("SHARPAPI_WEBHOOK_SECRET", secret));
        assert_eq!(help.code, 0);
        assert!(
            help.stdout.contains("[env: SHARPAPI_WEBHOOK_SECRET]"),
            "{}",
            help.stdout
        );
        assert!(!help.everything().contains(secret));
    }
}

#[test]
fn help_shows_examples_and_exit_codes_and_version_is_the_workspace_one() {
    let help = run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Examples:"));
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    // The README's table says what --help says: `| 0 | success: ... |`.
    let mut documented = 0;
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() == 4 && cells[1].len() == 1 && cells[1].chars().all(|c| c.is_ascii_digit()) {
            let expected = format!("  {}  {}", cells[1], cells[2]);
            assert!(help.stdout.contains(&expected), "--help lacks {expected:?}");
            documented += 1;
        }
    }
    assert_eq!(documented, 6, "cli/README.md documents every exit code");
    for subcommand in ["sign", "verify", "send", "listen", "replay", "completions"] {
        let sub = run(&[subcommand, "--help"]);
        assert_eq!(sub.code, 0);
        assert!(
            sub.stdout.contains("Example"),
            "{subcommand} --help has examples"
        );
    }
    assert_eq!(
        run(&["--version"]).stdout,
        format!("sharpapi-webhooks {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run(&["bogus"]).code, 2);
}

#[test]
fn completions_offer_every_job_type_and_status() {
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        assert_eq!(script.code, 0);
        for job_type in JobType::KNOWN {
            assert!(
                script.stdout.contains(job_type.as_str()),
                "{shell}: {job_type}"
            );
        }
        for status in JobStatus::KNOWN {
            assert!(script.stdout.contains(status.as_str()), "{shell}: {status}");
        }
    }
}

/// `verify --explain` names exactly the expected causes for every vector of
/// tests/vectors/explain/transformations.json, written by the independent generator.
#[test]
fn explain_names_every_transformation_vector() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/explain/transformations.json");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors = document["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 15);
    for vector in vectors {
        let name = vector["name"].as_str().unwrap();
        let mut args = vec!["verify", "--explain"];
        for secret in vector["secrets"].as_array().unwrap() {
            args.extend(["--secret", secret.as_str().unwrap()]);
        }
        // The tool always has a --signature; an empty one is a missing signature to the core.
        args.extend(["--signature", vector["signature"].as_str().unwrap_or("")]);
        let outcome = run_with_stdin(&args, vector["body"].as_str().unwrap().as_bytes());
        let named: Vec<&str> = outcome
            .stdout
            .lines()
            .filter_map(|line| line.split_once(": ").map(|(cause, _)| cause))
            .filter(|cause| !cause.starts_with("valid"))
            .collect();
        let expected: Vec<&str> = vector["expected"]["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|cause| cause.as_str().unwrap())
            .collect();
        assert_eq!(named, expected, "{name}: {}", outcome.stdout);
        assert_eq!(
            outcome.code == 0,
            expected == ["signature_matches"],
            "{name}"
        );
    }
}
