//! Verifies one SharpAPI delivery and prints its event, the way a webhook endpoint would.
//!
//! ```sh
//! SHARPAPI_WEBHOOK_SECRET=... cargo run --example verify_delivery -- BODY_FILE SIGNATURE
//! ```
//!
//! The body is read from `BODY_FILE` (`-` for standard input) exactly as received. The signature
//! is the `X-Signature` header's value; without the argument it is read from `SHARPAPI_SIGNATURE`.
//! `SHARPAPI_WEBHOOK_PREVIOUS_SECRET`, when set, is accepted too, as during a secret rotation.
//! The exit status is 0 for a verified event, else the error's code (see the README).

use std::io::Read as _;
use std::process::ExitCode;

use sharpapi_webhooks::{Verifier, WebhookError};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(body_path) = args.next() else {
        eprintln!("usage: verify_delivery BODY_FILE|- [SIGNATURE]");
        return ExitCode::from(64);
    };
    let raw_body = match read_body(&body_path) {
        Ok(raw_body) => raw_body,
        Err(error) => {
            eprintln!("cannot read {body_path}: {error}");
            return ExitCode::from(66);
        }
    };
    let signature = args
        .next()
        .or_else(|| std::env::var("SHARPAPI_SIGNATURE").ok());
    let secrets = [
        "SHARPAPI_WEBHOOK_SECRET",
        "SHARPAPI_WEBHOOK_PREVIOUS_SECRET",
    ]
    .into_iter()
    .filter_map(|name| std::env::var(name).ok());

    match Verifier::new(secrets)
        .and_then(|verifier| verifier.construct_event(&raw_body, signature.as_deref()))
    {
        Ok(event) => {
            println!("verified: job {}", event.id);
            println!(
                "status: {}{}",
                event.status,
                if event.status.is_known() {
                    ""
                } else {
                    " (unknown)"
                }
            );
            println!(
                "type: {}{}",
                event.job_type,
                if event.job_type.is_known() {
                    ""
                } else {
                    " (unknown)"
                }
            );
            println!("result: {}", event.result.as_deref().unwrap_or("(none)"));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("refused ({}): {error}", error.code());
            ExitCode::from(exit_status(&error))
        }
    }
}

fn read_body(path: &str) -> std::io::Result<Vec<u8>> {
    if path == "-" {
        let mut raw_body = Vec::new();
        std::io::stdin().read_to_end(&mut raw_body)?;
        Ok(raw_body)
    } else {
        std::fs::read(path)
    }
}

fn exit_status(error: &WebhookError) -> u8 {
    u8::try_from(error.code().as_u32()).unwrap_or(u8::MAX)
}
