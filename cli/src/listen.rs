//! `listen`: a local endpoint that verifies each delivery with the core, prints it, answers it as
//! the project's integrations do, and optionally forwards it to an app and records it.

use std::io::{self, Read};
use std::time::{Duration, SystemTime};

use serde_json::json;
use sharpapi_webhooks::{ErrorCode, Verifier, WebhookError, WebhookEvent, parse_event_unverified};

use crate::args::ListenArgs;
use crate::failure::Failure;
use crate::record::{RecordedDelivery, Recorder};
use crate::{http, warn_about_whitespace};

pub(crate) fn listen(args: &ListenArgs) -> Result<(), Failure> {
    let secrets = &args.secrets.secrets;
    let verifier = Verifier::new(secrets)?;
    warn_about_whitespace(secrets);
    let recorder = args.record.as_deref().map(Recorder::open).transpose()?;
    let server = tiny_http::Server::http(("127.0.0.1", args.port)).map_err(|error| {
        Failure::Io(format!("cannot listen on 127.0.0.1:{}: {error}", args.port))
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map_or(args.port, |address| address.port());
    say!(
        "listening on http://127.0.0.1:{port} (any path), verifying with {} secret{}; Ctrl-C stops",
        secrets.len(),
        if secrets.len() == 1 { "" } else { "s" }
    );
    if let Some(url) = &args.forward_to {
        say!("forwarding every POST to {url}");
    }
    if let Some(recorder) = &recorder {
        say!("recording every POST to {}", recorder.path().display());
    }
    let mut listener = Listener {
        verifier,
        max_body_bytes: args.max_body_bytes,
        forward: args.forward_to.as_deref().map(|url| {
            (
                url.to_owned(),
                http::agent(Duration::from_millis(args.timeout_ms)),
            )
        }),
        recorder,
    };
    for request in server.incoming_requests() {
        listener.handle(request);
    }
    Ok(())
}

struct Listener {
    verifier: Verifier,
    max_body_bytes: usize,
    forward: Option<(String, ureq::Agent)>,
    recorder: Option<Recorder>,
}

/// What the listener answers.
struct Reply {
    status: u16,
    content_type: String,
    body: Vec<u8>,
    allow_post: bool,
}

impl Reply {
    fn json(status: u16, document: &serde_json::Value) -> Self {
        Self {
            status,
            content_type: "application/json".to_owned(),
            body: document.to_string().into_bytes(),
            allow_post: false,
        }
    }

    /// The answer the integrations give to a refused delivery: 401 for the signature, 400 for
    /// a body that is not an event, the core's name, code and message.
    fn refusal(error: &WebhookError) -> Self {
        let status = match error.code() {
            ErrorCode::InvalidPayload => 400,
            ErrorCode::InvalidSecret => 500,
            ErrorCode::MissingSignature
            | ErrorCode::MalformedSignature
            | ErrorCode::InvalidSignature => 401,
        };
        Self::json(
            status,
            &json!({
                "error": error.code().name(),
                "code": error.code().as_u32(),
                "message": error.to_string(),
            }),
        )
    }
}

/// One POST as received.
struct Delivery {
    received_at: String,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

enum BodyError {
    TooLarge,
    Unreadable(io::Error),
}

impl Listener {
    fn handle(&mut self, mut request: tiny_http::Request) {
        let received_at = humantime::format_rfc3339_millis(SystemTime::now()).to_string();
        let method = request.method().as_str().to_owned();
        let path = request.url().to_owned();
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|header| {
                (
                    header.field.as_str().as_str().to_owned(),
                    header.value.as_str().to_owned(),
                )
            })
            .collect();
        let mut line = format!("{received_at}  {method} {path}");
        let mut notes = Vec::new();
        let reply = if method == "POST" {
            match read_body(&mut request, self.max_body_bytes) {
                Ok(body) => {
                    line.push_str(&format!("  {} bytes", body.len()));
                    let delivery = Delivery {
                        received_at,
                        method,
                        path,
                        headers,
                        body,
                    };
                    self.delivery(delivery, &mut line, &mut notes)
                }
                Err(BodyError::TooLarge) => {
                    line.push_str(&format!("  over {} bytes", self.max_body_bytes));
                    Reply::json(
                        413,
                        &json!({
                            "error": "PayloadTooLarge",
                            "message": format!("the body is over the limit of {} bytes", self.max_body_bytes),
                        }),
                    )
                }
                Err(BodyError::Unreadable(error)) => {
                    line.push_str(&format!("  the body could not be read: {error}"));
                    Reply::json(
                        400,
                        &json!({ "error": "BadRequest", "message": "the body could not be read" }),
                    )
                }
            }
        } else {
            let mut reply = Reply::json(
                405,
                &json!({ "error": "MethodNotAllowed", "message": "only POST is accepted" }),
            );
            reply.allow_post = true;
            reply
        };
        say!("{line}  -> {}", reply.status);
        for note in notes {
            say!("  {note}");
        }
        let mut response =
            tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
        let mut extra = vec![("Content-Type", reply.content_type.as_str())];
        if reply.allow_post {
            extra.push(("Allow", "POST"));
        }
        for (name, value) in extra {
            if let Ok(header) = tiny_http::Header::from_bytes(name, value) {
                response.add_header(header);
            }
        }
        if let Err(error) = request.respond(response) {
            warn!("the answer could not be sent: {error}");
        }
    }

    /// Records, verifies, prints and answers (or forwards) one POST.
    fn delivery(
        &mut self,
        delivery: Delivery,
        line: &mut String,
        notes: &mut Vec<String>,
    ) -> Reply {
        let Delivery {
            received_at,
            method,
            path,
            headers,
            body,
        } = delivery;
        let body = body.as_slice();
        let pairs = || {
            headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str()))
        };
        let verdict = self.verifier.construct_event_from_headers(body, pairs());
        line.push_str("  ");
        line.push_str(&describe(&verdict, body));
        if let Some(recorder) = &mut self.recorder {
            let record = RecordedDelivery::new(received_at, method, path, headers.clone(), body);
            if let Err(error) = recorder.append(&record) {
                warn!("could not record to {}: {error}", recorder.path().display());
            }
        }
        let Some((url, agent)) = &self.forward else {
            return match &verdict {
                Ok(event) => Reply::json(200, &json!({ "id": event.id, "outcome": "received" })),
                Err(error) => Reply::refusal(error),
            };
        };
        match http::post(agent, url, pairs(), body) {
            Ok(answer) => {
                line.push_str(&format!("; app: {}", answer.summary()));
                let signature_refused = matches!(
                    &verdict,
                    Err(error) if error.code() != ErrorCode::InvalidPayload
                );
                if verdict.is_ok() && answer.status == 401 {
                    notes.push(
                        "hint: the app refused a delivery this listener verified: does it verify \
                         a re-serialized body instead of the raw bytes, or hold another secret?"
                            .to_owned(),
                    );
                } else if signature_refused && answer.is_success() {
                    notes.push(
                        "warning: the app accepted a delivery whose signature this listener \
                         refused: does it verify signatures?"
                            .to_owned(),
                    );
                }
                Reply {
                    status: answer.status,
                    content_type: answer
                        .content_type
                        .unwrap_or_else(|| "application/octet-stream".to_owned()),
                    body: answer.body,
                    allow_post: false,
                }
            }
            Err(error) => {
                line.push_str(&format!("; app: no answer: {error}"));
                Reply::json(
                    502,
                    &json!({
                        "error": "ForwardFailed",
                        "message": format!("the app at {url} did not answer"),
                    }),
                )
            }
        }
    }
}

/// `job <id>  <type>  <status>  valid`, or the refusal, with what the body claims when it parses.
fn describe(verdict: &Result<WebhookEvent, WebhookError>, body: &[u8]) -> String {
    let job =
        |event: &WebhookEvent| format!("job {}  {}  {}", event.id, event.job_type, event.status);
    match verdict {
        Ok(event) => format!("{}  valid", job(event)),
        Err(error @ WebhookError::InvalidPayload { .. }) => crate::failure::refusal(error),
        Err(error) => {
            let code = format!("{} ({})", error.code().name(), error.code().as_u32());
            match parse_event_unverified(body) {
                Ok(event) => format!("{} (unverified)  {code}", job(&event)),
                Err(_) => code,
            }
        }
    }
}

fn read_body(request: &mut tiny_http::Request, limit: usize) -> Result<Vec<u8>, BodyError> {
    if request.body_length().is_some_and(|length| length > limit) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    let most = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    request
        .as_reader()
        .take(most)
        .read_to_end(&mut body)
        .map_err(BodyError::Unreadable)?;
    if body.len() > limit {
        return Err(BodyError::TooLarge);
    }
    Ok(body)
}
