//! `send`: one delivery as SharpAPI makes it (the core's `TestDelivery`), posted and retried as
//! SharpAPI retries it.

use std::time::Duration;

use sharpapi_webhooks::{JobStatus, JobType, TestDelivery, WebhookError};

use crate::args::SendArgs;
use crate::examples::example_result;
use crate::failure::Failure;
use crate::{http, read_input, warn_about_whitespace};

pub(crate) fn send(args: &SendArgs) -> Result<(), Failure> {
    let secret = &args.secret.secret;
    warn_about_whitespace(std::slice::from_ref(secret));
    let job_type = JobType::from(args.job_type.as_str());
    let status = JobStatus::from(args.status.as_str());
    if !job_type.is_known() {
        warn!("{job_type} is not a job type this version knows; it is sent as given");
    }
    if !status.is_known() {
        warn!("{status} is not a status this version knows; it is sent as given");
    }
    let result_json = result_json(args, &job_type, &status)?;
    let id = args
        .id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let delivery = TestDelivery::new(
        secret,
        &id,
        status.as_str(),
        job_type.as_str(),
        result_json.as_deref(),
    )
    .map_err(|error| match error {
        WebhookError::InvalidPayload { detail } => Failure::Usage(format!("--result: {detail}")),
        other => Failure::Refused(other),
    })?;

    let attempts = args.retries.saturating_add(1);
    say!(
        "sending job {id} ({job_type}, {status}), {} bytes, to {}",
        delivery.body().len(),
        args.url
    );
    let agent = http::agent(Duration::from_millis(args.timeout_ms));
    let mut wait = Duration::from_millis(args.backoff_ms);
    let mut last = String::new();
    for attempt in 1..=attempts {
        let at = humantime::format_rfc3339_millis(std::time::SystemTime::now());
        match http::post(&agent, &args.url, delivery.headers(), delivery.body()) {
            Ok(answer) if answer.is_success() => {
                say!("attempt {attempt}/{attempts} at {at}: {}", answer.summary());
                return Ok(());
            }
            Ok(answer) => {
                say!("attempt {attempt}/{attempts} at {at}: {}", answer.summary());
                last = answer.status.to_string();
            }
            Err(error) => {
                say!("attempt {attempt}/{attempts} at {at}: no answer: {error}");
                last = "no answer".to_owned();
            }
        }
        if attempt < attempts {
            say!("retrying in {} ms", wait.as_millis());
            std::thread::sleep(wait);
            wait = wait.saturating_mul(2);
        }
    }
    Err(Failure::Undelivered(format!(
        "no 2xx answer after {attempts} attempt{} (last: {last})",
        if attempts == 1 { "" } else { "s" }
    )))
}

/// The `result` text: the file's, exactly; none with `--no-result`; else the built-in example for
/// a successful job of a known type.
fn result_json(
    args: &SendArgs,
    job_type: &JobType,
    status: &JobStatus,
) -> Result<Option<String>, Failure> {
    if args.no_result {
        return Ok(None);
    }
    if let Some(file) = &args.result {
        let bytes = read_input(Some(file))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Failure::Usage(format!("--result: {} is not UTF-8", file.display())))?;
        return Ok(Some(text));
    }
    if *status != JobStatus::Success {
        return Ok(None);
    }
    let example = example_result(job_type.as_str());
    if example.is_none() {
        warn!("no example result for {job_type}; sending none (give one with --result FILE)");
    }
    Ok(example.map(str::to_owned))
}
