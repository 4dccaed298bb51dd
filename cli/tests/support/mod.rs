//! What the CLI's tests share: running the built binary, and the servers it talks to, all on
//! 127.0.0.1. Every wait is a readiness check with a deadline, never a fixed sleep.

// Each test file uses a part of this module.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_sharpapi-webhooks");
pub(crate) const SECRET: &str = "whsec_cli_test_9f8e7d";
pub(crate) const DEADLINE: Duration = Duration::from_secs(30);

/// What a finished command printed, and how it exited.
pub(crate) struct Outcome {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Outcome {
    /// Both streams: a secret must appear in neither.
    pub(crate) fn everything(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// The binary with `args`, no secret in its environment unless the test puts one there.
pub(crate) fn command(args: &[&str]) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(BIN);
    command
        .args(args)
        .env_remove("SHARPAPI_WEBHOOK_SECRET")
        .timeout(Duration::from_secs(60));
    command
}

pub(crate) fn run(args: &[&str]) -> Outcome {
    finish(&mut command(args))
}

pub(crate) fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Outcome {
    finish(command(args).write_stdin(stdin.to_vec()))
}

pub(crate) fn finish(command: &mut assert_cmd::Command) -> Outcome {
    let output = command.output().expect("the binary runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A fresh folder under the target directory, removed first if a run left it.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("scratch folder");
    folder
}

/// A port nobody listens on right now.
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited ({status}) before listening on {port}");
        }
        assert!(
            started.elapsed() < DEADLINE,
            "{what} never listened on {port}"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// A process stopped when dropped, whose standard output arrives line by line.
pub(crate) struct Running {
    child: Child,
    lines: Receiver<String>,
    pub(crate) port: u16,
}

impl Running {
    /// The next line for which `wanted` holds, skipping others; panics past the deadline.
    pub(crate) fn line_where(&self, wanted: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(started.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(line) if wanted(&line) => return line,
                Ok(_) => {}
                Err(_) => panic!("no such line within {DEADLINE:?}"),
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines_of(child: &mut Child) -> Receiver<String> {
    let (sender, lines) = mpsc::channel();
    let stdout = child.stdout.take().expect("piped stdout");
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// `sharpapi-webhooks listen --port 0 ARGS...`, ready: its port read from its first line.
pub(crate) fn listen(args: &[&str]) -> Running {
    let mut child = StdCommand::new(BIN)
        .args(["listen", "--port", "0", "--secret", SECRET])
        .args(args)
        .env_remove("SHARPAPI_WEBHOOK_SECRET")
        .stdout(Stdio::piped())
        .spawn()
        .expect("listen starts");
    let lines = lines_of(&mut child);
    let mut running = Running {
        child,
        lines,
        port: 0,
    };
    let banner = running.line_where(|line| line.starts_with("listening on http://127.0.0.1:"));
    running.port = banner
        .trim_start_matches("listening on http://127.0.0.1:")
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|port| port.parse().ok())
        .expect("the banner names the port");
    running
}

/// tests/sender/reference_app.py, the project's stdlib webhook app, with `SECRET` (and another
/// as the previous one) and a handled log in `folder`.
pub(crate) struct ReferenceApp {
    pub(crate) running: Running,
    pub(crate) handled_log: PathBuf,
}

impl ReferenceApp {
    pub(crate) fn start(folder: &Path) -> Self {
        let port = free_port();
        let handled_log = folder.join("handled.log");
        let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/sender/reference_app.py");
        let mut child = StdCommand::new("python3")
            .arg(app)
            .env("PORT", port.to_string())
            .env("SHARPAPI_WEBHOOK_SECRET", SECRET)
            .env(
                "SHARPAPI_WEBHOOK_PREVIOUS_SECRET",
                "whsec_cli_test_previous",
            )
            .env("SHARPAPI_HANDLED_LOG", &handled_log)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the reference app");
        wait_for_port(port, &mut child, "the reference app");
        let lines = lines_of(&mut child);
        Self {
            running: Running { child, lines, port },
            handled_log,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/webhooks/sharpapi", self.running.port)
    }

    /// The ids the app's handler completed, one per completion.
    pub(crate) fn handled(&self) -> Vec<String> {
        std::fs::read_to_string(&self.handled_log)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// One request as a capturing server received it.
#[derive(Debug, Clone)]
pub(crate) struct Captured {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Captured {
    /// The values of a header, any case, in order.
    pub(crate) fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

/// A server that keeps every request's exact bytes and answers with `statuses` in turn (the last
/// one from then on).
pub(crate) struct Capture {
    pub(crate) port: u16,
    requests: Receiver<Captured>,
}

impl Capture {
    pub(crate) fn start(statuses: &[u16]) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("a capture server");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let statuses = statuses.to_vec();
        let (sender, requests) = mpsc::channel();
        thread::spawn(move || {
            for (index, mut request) in server.incoming_requests().enumerate() {
                let mut body = Vec::new();
                let _ = std::io::Read::read_to_end(request.as_reader(), &mut body);
                let captured = Captured {
                    method: request.method().as_str().to_owned(),
                    path: request.url().to_owned(),
                    headers: request
                        .headers()
                        .iter()
                        .map(|h| (h.field.as_str().as_str().to_owned(), h.value.to_string()))
                        .collect(),
                    body,
                };
                let status = statuses
                    .get(index)
                    .or(statuses.last())
                    .copied()
                    .unwrap_or(200);
                let _ = sender.send(captured);
                let answer = tiny_http::Response::from_string(format!("{{\"captured\":{index}}}"))
                    .with_status_code(status);
                let _ = request.respond(answer);
            }
        });
        Self { port, requests }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/captured", self.port)
    }

    pub(crate) fn next(&self) -> Captured {
        self.requests
            .recv_timeout(DEADLINE)
            .expect("a request reached the capture server")
    }

    pub(crate) fn nothing_more(&self) -> bool {
        self.requests.try_recv().is_err()
    }
}

/// POSTs exactly `body` with `headers` (ureq, as the CLI's own client, adds none of its own).
pub(crate) fn post(url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.post(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.send(body).expect("an answer");
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (status, text)
}
