//! The command line: every subcommand, its arguments and its help, with clap's derive API.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;
use sharpapi_webhooks::{DEFAULT_MAX_BODY_BYTES, JobStatus, JobType};

use crate::failure::EXIT_CODES;

/// The variable a secret is read from when no `--secret` is given: the one the project's
/// integrations and test apps read, and it keeps the secret out of the shell's history.
pub(crate) const SECRET_ENV: &str = "SHARPAPI_WEBHOOK_SECRET";

const EXAMPLES: &str = "\
Examples:
  export SHARPAPI_WEBHOOK_SECRET=whsec_...   # then no --secret: the secret stays out of history
  sharpapi-webhooks sign body.json
  sharpapi-webhooks verify --signature 5d41...c3f0 body.json --explain
  sharpapi-webhooks listen --port 8787 --forward-to http://127.0.0.1:5000/webhooks/sharpapi
  sharpapi-webhooks send http://127.0.0.1:8787/webhooks/sharpapi --type content_translate
  sharpapi-webhooks replay deliveries.jsonl --to http://127.0.0.1:5000/webhooks/sharpapi";

fn root_after_help() -> String {
    format!("{EXAMPLES}\n\n{}", exit_codes_help())
}

/// The exit-code table, as `--help` and cli/README.md show it.
pub(crate) fn exit_codes_help() -> String {
    let mut text = String::from("Exit codes:");
    for (code, meaning) in EXIT_CODES {
        text.push_str(&format!("\n  {code}  {meaning}"));
    }
    text
}

/// Sign, verify, send, receive and replay SharpAPI webhooks.
///
/// SharpAPI POSTs a JSON body with X-Signature: the lowercase hex HMAC-SHA256 of the raw body,
/// keyed by the webhook secret. This tool is an application over the sharpapi-webhooks core.
#[derive(Debug, Parser)]
#[command(name = "sharpapi-webhooks", version, after_help = root_after_help())]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the X-Signature of a body: the hex HMAC-SHA256 of the file's exact bytes
    #[command(after_help = "\
Examples:
  sharpapi-webhooks sign --secret whsec_demo body.json
  printf '%s' \"$BODY\" | sharpapi-webhooks sign -     # SHARPAPI_WEBHOOK_SECRET set")]
    Sign(SignArgs),

    /// Check a body against a signature; exit 0 when valid, else print the core's error
    #[command(after_help = format!("\
Examples:
  sharpapi-webhooks verify --signature \"$SIG\" body.json
  sharpapi-webhooks verify --signature \"$SIG\" body.json --explain   # why it fails

{}", exit_codes_help()))]
    Verify(VerifyArgs),

    /// POST a signed delivery as SharpAPI does, retrying a non-2xx answer up to three times
    #[command(after_help = "\
Examples:
  sharpapi-webhooks send http://127.0.0.1:8787/webhooks/sharpapi --type content_translate
  sharpapi-webhooks send http://127.0.0.1:5000/webhooks/sharpapi --type hr_parse_resume \\
      --result result.json --id 0b7e4a6e-1111-4d3b-9a57-3f1f2c1d0e9a --backoff-ms 200

Each attempt prints its time, answer and duration; a non-2xx answer or no answer is retried after
--backoff-ms, doubled before each next retry. Exit 0 on a 2xx answer, 4 when none came.")]
    Send(SendArgs),

    /// Receive deliveries on 127.0.0.1, verify and print each; optionally forward and record them
    #[command(after_help = "\
Examples:
  sharpapi-webhooks listen --port 8787
  sharpapi-webhooks listen --port 8787 --forward-to http://127.0.0.1:5000/webhooks/sharpapi \\
      --record deliveries.jsonl

Any path is accepted. Answers: 200 {\"id\": ..., \"outcome\": \"received\"} for a valid delivery,
401 for a refused signature, 400 for a verified body that is not an event, all JSON; with
--forward-to, the app's answer instead (the listener's own verdict is still printed). Stop with
Ctrl-C.")]
    Listen(ListenArgs),

    /// Send recorded deliveries again, byte for byte: the same headers and the same body
    #[command(after_help = "\
Example:
  sharpapi-webhooks replay deliveries.jsonl --to http://127.0.0.1:5000/webhooks/sharpapi

Exit 0 when every delivery was answered 2xx, 4 otherwise.")]
    Replay(ReplayArgs),

    /// Print a shell completion script (job types and statuses complete too)
    #[command(after_help = "\
Examples:
  sharpapi-webhooks completions bash > ~/.local/share/bash-completion/completions/sharpapi-webhooks
  sharpapi-webhooks completions zsh > \"${fpath[1]}/_sharpapi-webhooks\"")]
    Completions {
        /// The shell
        shell: Shell,
    },
}

/// One secret, for signing.
#[derive(Debug, Args)]
pub(crate) struct OneSecret {
    /// The webhook secret ("Secret for Signature" in SharpAPI's dashboard), used exactly as given
    #[arg(
        long,
        value_name = "SECRET",
        env = SECRET_ENV,
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub(crate) secret: String,
}

/// The secrets a delivery may be signed with: the current one first, then the previous one while
/// rotating.
#[derive(Debug, Args)]
pub(crate) struct Secrets {
    /// A webhook secret, used exactly as given; repeat it while rotating (current first)
    #[arg(
        long = "secret",
        value_name = "SECRET",
        env = SECRET_ENV,
        hide_env_values = true,
        allow_hyphen_values = true,
        required = true
    )]
    pub(crate) secrets: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    #[command(flatten)]
    pub(crate) secret: OneSecret,
    /// The body: a file, or - (or nothing) for standard input
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    pub(crate) secrets: Secrets,
    /// The X-Signature value as received
    #[arg(long, value_name = "SIG", allow_hyphen_values = true)]
    pub(crate) signature: String,
    /// The body: a file, or - (or nothing) for standard input
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
    /// Also print the diagnosis: which usual change (re-serialized JSON, a trailing newline, a
    /// secret with spaces, ...) makes the signature match
    #[arg(long)]
    pub(crate) explain: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    /// The endpoint (http or https)
    #[arg(value_name = "URL", value_parser = parse_url)]
    pub(crate) url: String,
    #[command(flatten)]
    pub(crate) secret: OneSecret,
    /// The job type ("type"); one SharpAPI does not know is sent with a warning
    #[arg(long = "type", value_name = "TYPE", value_parser = KnownOrOther::job_types())]
    pub(crate) job_type: String,
    /// The job status ("status")
    #[arg(long, value_name = "STATUS", default_value = "success", value_parser = KnownOrOther::statuses())]
    pub(crate) status: String,
    /// A file (or - for standard input) whose JSON becomes "result", exactly as written [default:
    /// a built-in example for the type when the status is success]
    #[arg(long, value_name = "FILE", conflicts_with = "no_result")]
    pub(crate) result: Option<PathBuf>,
    /// Send no "result", as when "Include AI Job Result" is off
    #[arg(long)]
    pub(crate) no_result: bool,
    /// The job id [default: a random UUID v4]
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub(crate) id: Option<String>,
    /// How many times a failed attempt (non-2xx, or no answer) is retried; SharpAPI retries three
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub(crate) retries: u32,
    /// The wait before the first retry, in milliseconds, doubled before each next one
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub(crate) backoff_ms: u64,
    /// How long one attempt may take, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub(crate) timeout_ms: u64,
}

#[derive(Debug, Args)]
pub(crate) struct ListenArgs {
    /// The port on 127.0.0.1 (0 picks a free one, printed at start)
    #[arg(long, value_name = "PORT", default_value_t = 8787)]
    pub(crate) port: u16,
    #[command(flatten)]
    pub(crate) secrets: Secrets,
    /// Forward each POST, exact body and headers, to this app and answer with the app's answer
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub(crate) forward_to: Option<String>,
    /// Append each POST (headers and exact body) to this file, one JSON line each, for `replay`
    #[arg(long, value_name = "FILE")]
    pub(crate) record: Option<PathBuf>,
    /// The largest body accepted; a larger one is answered 413
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub(crate) max_body_bytes: usize,
    /// How long the forwarded app may take, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub(crate) timeout_ms: u64,
}

#[derive(Debug, Args)]
pub(crate) struct ReplayArgs {
    /// A file written by `listen --record` (- for standard input)
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// Where to send them (the recorded path is not used)
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub(crate) to: String,
    /// How long each delivery may take, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub(crate) timeout_ms: u64,
}

/// An absolute http or https URL, checked before anything is sent.
fn parse_url(text: &str) -> Result<String, String> {
    let uri: ureq::http::Uri = text.parse().map_err(|error| format!("{error}"))?;
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(_)) => Ok(text.to_owned()),
        _ => Err("expected an absolute http:// or https:// URL".to_owned()),
    }
}

/// Any text, offering the values the core knows (a wire enum's `KNOWN`) to help and completion:
/// SharpAPI may add a job type before this tool knows it, so an unknown one is sent with a warning
/// rather than refused.
#[derive(Clone, Copy)]
struct KnownOrOther {
    known: fn() -> Vec<&'static str>,
}

impl KnownOrOther {
    fn job_types() -> Self {
        Self {
            known: || JobType::KNOWN.iter().map(JobType::as_str).collect(),
        }
    }

    fn statuses() -> Self {
        Self {
            known: || JobStatus::KNOWN.iter().map(JobStatus::as_str).collect(),
        }
    }
}

impl TypedValueParser for KnownOrOther {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        match value.to_str() {
            Some(text) if !text.is_empty() => Ok(text.to_owned()),
            Some(_) => Err(
                clap::Error::raw(ErrorKind::InvalidValue, "the value is empty\n").with_cmd(command),
            ),
            None => Err(clap::Error::new(ErrorKind::InvalidUtf8).with_cmd(command)),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.known)().into_iter().map(PossibleValue::new)))
    }
}
