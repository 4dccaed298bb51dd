//! `sharpapi-webhooks`, the command-line tool: sign, verify, send, receive and replay SharpAPI
//! webhooks. An application over the `sharpapi-webhooks` core (every rule is the core's: the
//! signature, the header lookup, the event's validity, the vocabulary), not a language binding.
//!
//! HTTP is blocking on both sides, with no async runtime: ureq sends and tiny_http receives. The
//! tool handles one delivery at a time, as a person watching a terminal reads them, and both
//! libraries hand over a body's exact bytes and every header as received.

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

/// Writes a line to standard output. A closed pipe (`| head`) is not worth a panic: the line is
/// dropped.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Writes a line to standard error, prefixed `warning: `.
macro_rules! warn {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "warning: {}", format_args!($($arg)*));
    }};
}

mod args;
mod examples;
mod failure;
mod http;
mod listen;
mod record;
mod replay;
mod send;
mod signing;

use args::{Cli, Command};
use failure::Failure;

const NAME: &str = "sharpapi-webhooks";

fn main() -> ExitCode {
    // A bug must still end in one line, without a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(io::stderr(), "{NAME}: internal error: {info}");
    }));
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = writeln!(io::stderr(), "{NAME}: {failure}");
            failure.exit_code()
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Sign(args) => signing::sign(&args),
        Command::Verify(args) => signing::verify(&args),
        Command::Send(args) => send::send(&args),
        Command::Listen(args) => listen::listen(&args),
        Command::Replay(args) => replay::replay(&args),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), NAME, &mut script);
            io::stdout()
                .write_all(&script)
                .map_err(|error| Failure::Io(format!("cannot write the script: {error}")))
        }
    }
}

/// The bytes of a file, or of standard input for `-` or no file: exactly, nothing trimmed.
fn read_input(file: Option<&Path>) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    match file {
        None => io::stdin().read_to_end(&mut bytes).map(|_| bytes),
        Some(path) if path.as_os_str() == "-" => io::stdin().read_to_end(&mut bytes).map(|_| bytes),
        Some(path) => std::fs::read(path),
    }
    .map_err(|error| {
        let name = file.map_or("standard input".into(), |path| path.display().to_string());
        Failure::Io(format!("cannot read {name}: {error}"))
    })
}

/// Warns when a secret has whitespace around it: it is used exactly as given, as the core's
/// contract says, but a pasted secret with a newline is a common cause of "invalid signature".
fn warn_about_whitespace(secrets: &[String]) {
    if secrets.iter().any(|secret| secret.trim() != secret) {
        warn!(
            "a secret has whitespace around it; it is used exactly as given, whitespace included"
        );
    }
}
