#!/usr/bin/env python3
"""The independent sender's cases, run against one framework integration's test app.

    python3 tests/sender/sender.py --name python-flask -- COMMAND [ARG...]

Starts COMMAND with the test-app environment below, waits until it listens, sends every case as
SharpAPI would (raw sockets, so that chunked bodies, odd header case and bodies over the limit go
on the wire exactly as written), stops the app, and prints one line per case, the load figures and
`sender NAME: N passed, M failed` last. Exit status 0 only when every case passed.

The test app's contract (tests/sender/README.md says more):
  PORT                                 listen on 127.0.0.1:$PORT, route POST /webhooks/sharpapi
  SHARPAPI_WEBHOOK_SECRET              the current secret
  SHARPAPI_WEBHOOK_PREVIOUS_SECRET     the previous one, also accepted (rotation)
  SHARPAPI_HANDLED_LOG                 the handler appends "<event id>\\n" here after it succeeded
  result {"sleep_ms": N}               the handler sleeps N ms first
  result {"fail_attempts": N}          the handler's first N calls for that id raise
  SHARPAPI_IDEMPOTENCY, REDIS_URL      passed through when set: the store to use
  SHARPAPI_MAX_BODY_BYTES              passed through when set; else the default, 16 MiB

Standard library only: the sender must not share code with any integration it tests.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import hmac
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

HOST = "127.0.0.1"
ROUTE = "/webhooks/sharpapi"
CURRENT_SECRET = "whsec_sender_current_" + "c" * 24
PREVIOUS_SECRET = "whsec_sender_previous_" + "p" * 24
DEFAULT_LIMIT = 16 * 1024 * 1024  # the vocabulary's default_max_body_bytes, restated on purpose
# Signs of an answer that leaks more than a JSON error: a stack trace, an HTML error page.
LEAK_PATTERNS = re.compile(
    r"Traceback|\bat [\w$.]+\(|\s+at .+:\d+:\d+|Exception in|<html|<!DOCTYPE|Stack trace|#0 /",
    re.IGNORECASE,
)


@dataclass
class Response:
    status: int
    headers: Dict[str, str]
    body: bytes
    seconds: float


@dataclass
class Results:
    passed: int = 0
    failed: int = 0
    lines: List[str] = field(default_factory=list)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"  ok    {name}", flush=True)
        else:
            self.failed += 1
            print(f"  FAIL  {name}: {detail}", flush=True)
        return ok


def sign(body: bytes, secret: str = CURRENT_SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def delivery(result: Optional[dict] = None, job_id: Optional[str] = None) -> Tuple[str, bytes]:
    job_id = job_id or str(uuid.uuid4())
    event: Dict[str, object] = {"id": job_id, "status": "success", "type": "content_translate"}
    if result is not None:
        event["result"] = result
    return job_id, json.dumps(event, separators=(",", ":")).encode()


def sharpapi_headers(body_length: Optional[int], signature: Optional[str]) -> List[Tuple[str, str]]:
    headers = [("Content-Type", "application/json"), ("User-Agent", "SharpAPIWebhook/1.0")]
    if body_length is not None:
        headers.append(("Content-Length", str(body_length)))
    if signature is not None:
        headers.append(("X-Signature", signature))
    return headers


def is_complete(raw: bytes) -> bool:
    """Whether `raw` holds a whole final answer with a Content-Length or chunked body."""
    try:
        response = parse_response(raw, 0.0)
    except (ValueError, IndexError):
        return False
    if "chunked" in response.headers.get("transfer-encoding", "").lower():
        return raw.endswith(b"0\r\n\r\n")
    if "content-length" in response.headers:
        return len(response.body) >= int(response.headers["content-length"])
    return False


def parse_response(raw: bytes, seconds: float) -> Response:
    """The last final (non-1xx) response in what the server sent."""
    while True:
        head_end = raw.find(b"\r\n\r\n")
        if head_end < 0:
            raise ValueError(f"no complete response head in {raw[:200]!r}")
        head, rest = raw[:head_end].decode("latin-1"), raw[head_end + 4 :]
        status_line, *header_lines = head.split("\r\n")
        status = int(status_line.split()[1])
        headers: Dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if 100 <= status < 200:
            raw = rest
            continue
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = b""
            while True:
                size_end = rest.find(b"\r\n")
                if size_end < 0:
                    break
                size = int(rest[:size_end].split(b";")[0], 16)
                if size == 0:
                    break
                body += rest[size_end + 2 : size_end + 2 + size]
                rest = rest[size_end + 2 + size + 2 :]
        elif "content-length" in headers:
            body = rest[: int(headers["content-length"])]
        else:
            body = rest
        return Response(status, headers, body, seconds)


def send(
    port: int,
    method: str,
    headers: Sequence[Tuple[str, str]],
    body_parts: Sequence[bytes] = (),
    chunked: bool = False,
    timeout: float = 30.0,
) -> Response:
    """One request on its own connection (Connection: close). The response is read while the body
    is still being written, so that a server answering 413 early is heard even if it then resets
    the connection."""
    started = time.perf_counter()
    sock = socket.create_connection((HOST, port), timeout=timeout)
    received: List[bytes] = []
    reader_error: List[BaseException] = []

    def read_all() -> None:
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    return
                received.append(data)
                # A complete answer is enough: a server may keep the connection open to drain a
                # body it refused (Tomcat swallows up to 2 MiB) while this client sends no more.
                if is_complete(b"".join(received)):
                    return
        except OSError as error:  # a reset after the answer: the answer is already kept
            reader_error.append(error)

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    head = f"{method} {ROUTE} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n"
    all_headers = list(headers) + ([("Transfer-Encoding", "chunked")] if chunked else [])
    head += "".join(f"{name}: {value}\r\n" for name, value in all_headers) + "\r\n"
    try:
        sock.sendall(head.encode("latin-1"))
        for part in body_parts:
            if chunked:
                sock.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            else:
                sock.sendall(part)
            if received and not chunked and len(b"".join(received)) > 12:
                break  # answered before the body was sent: stop sending, as a client would
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server stopped reading (e.g. after a 413); its answer is what counts
    reader.join(timeout)
    seconds = time.perf_counter() - started
    try:
        sock.close()
    except OSError:
        pass
    raw = b"".join(received)
    if reader.is_alive():
        raise TimeoutError(f"no complete answer within {timeout:.0f} s (got {raw[:120]!r})")
    if not raw:
        raise ConnectionError(f"no answer at all ({reader_error[0] if reader_error else 'closed'})")
    return parse_response(raw, seconds)


def post(port: int, body: bytes, signature: Optional[str], **kwargs: object) -> Response:
    return send(port, "POST", sharpapi_headers(len(body), signature), [body], **kwargs)  # type: ignore[arg-type]


def is_json_error(response: Response) -> Tuple[bool, str]:
    """A refusal must be a JSON object, without a stack trace, an HTML page or a secret."""
    text = response.body.decode("utf-8", "replace")
    if "json" not in response.headers.get("content-type", ""):
        return False, f"Content-Type {response.headers.get('content-type')!r}, body {text[:200]!r}"
    try:
        document = json.loads(text)
    except ValueError:
        return False, f"not JSON: {text[:200]!r}"
    if not isinstance(document, dict) or "error" not in document:
        return False, f"no 'error' member: {text[:200]!r}"
    if CURRENT_SECRET in text or PREVIOUS_SECRET in text:
        return False, "the answer contains a secret"
    if LEAK_PATTERNS.search(text):
        return False, f"looks like a stack trace or HTML page: {text[:300]!r}"
    return True, ""


class Sender:
    def __init__(self, port: int, results: Results) -> None:
        self.port = port
        self.results = results
        self.handled_expected: Dict[str, int] = {}  # job id -> times the handler must have run

    def expect(
        self, name: str, response_or_error: Callable[[], Response], statuses: Sequence[int]
    ) -> Optional[Response]:
        try:
            response = response_or_error()
        except Exception as error:  # noqa: BLE001 - every failure of a case is reported as such
            self.results.check(name, False, f"{type(error).__name__}: {error}")
            return None
        if response.status not in statuses:
            self.results.check(
                name, False, f"status {response.status}, expected {list(statuses)}: {response.body[:300]!r}"
            )
            return response
        if response.status >= 400:
            ok, why = is_json_error(response)
            if not self.results.check(name, ok, why):
                return response
        else:
            self.results.check(name, True)
        return response

    def run_cases(self, limit: int) -> None:
        ok2xx = range(200, 300)
        port = self.port

        job_id, body = delivery({"content": "Hallo Welt"})
        self.expect("valid delivery -> 2xx", lambda: post(port, body, sign(body)), ok2xx)
        for attempt in (1, 2, 3):
            self.expect(f"retry {attempt} of the same id -> 2xx", lambda: post(port, body, sign(body)), ok2xx)
        self.handled_expected[job_id] = 1

        tampered_id, tampered = delivery({"content": "tampered"})
        _, original = delivery({"content": "original"}, tampered_id)
        self.expect("tampered body -> 401", lambda: post(port, tampered, sign(original)), [401])
        self.handled_expected[tampered_id] = 0
        for name, signature in [
            ("wrong-length signature -> 401", lambda b: sign(b)[:-2]),
            ("non-hex signature -> 401", lambda b: "z" * 64),
            ("empty signature -> 401", lambda b: ""),
            ("missing signature -> 401", lambda b: None),
            ("signature by another secret -> 401", lambda b: sign(b, "whsec_someone_else")),
        ]:
            bad_id, bad = delivery({"content": name})
            self.expect(name, lambda: post(port, bad, signature(bad)), [401])
            self.handled_expected[bad_id] = 0

        for name, bad_payload in [
            ("signed non-JSON body -> 400", b"id=1&status=success"),
            ("signed JSON array body -> 400", b'[{"id":"x","status":"success","type":"content_translate"}]'),
            ("signed event without id -> 400", b'{"status":"success","type":"content_translate"}'),
        ]:
            self.expect(name, lambda: post(port, bad_payload, sign(bad_payload)), [400])

        big_id, big = delivery({"content": "x" * (5 * 1024 * 1024)})
        self.expect("5 MiB valid delivery -> 2xx", lambda: post(port, big, sign(big), timeout=60), ok2xx)
        self.handled_expected[big_id] = 1

        chunked_id, chunked = delivery({"content": "sent in chunks " * 100})
        parts = [chunked[i : i + 500] for i in range(0, len(chunked), 500)]
        self.expect(
            "chunked valid delivery -> 2xx",
            lambda: send(port, "POST", sharpapi_headers(None, sign(chunked)), parts, chunked=True),
            ok2xx,
        )
        self.handled_expected[chunked_id] = 1

        odd_id, odd = delivery({"content": "odd case"})
        odd_headers = [(n, v) for n, v in sharpapi_headers(len(odd), None)] + [("x-SIGNATURE", sign(odd))]
        self.expect("header name x-SIGNATURE -> 2xx", lambda: send(port, "POST", odd_headers, [odd]), ok2xx)
        self.handled_expected[odd_id] = 1

        rotated_id, rotated = delivery({"content": "rotated"})
        self.expect(
            "signed with the previous secret -> 2xx",
            lambda: post(port, rotated, sign(rotated, PREVIOUS_SECRET)),
            ok2xx,
        )
        self.handled_expected[rotated_id] = 1

        get = self.expect("GET -> 405", lambda: send(port, "GET", [("User-Agent", "curl/8")]), [405])
        if get is not None and get.status == 405:
            allow = get.headers.get("allow", "")
            self.results.check("405 names POST in Allow", "POST" in allow.upper(), f"Allow: {allow!r}")

        over_id, over = delivery({"content": "y" * (limit + 1024)})
        self.expect(
            "Content-Length over the limit -> 413",
            lambda: send(port, "POST", sharpapi_headers(len(over), sign(over)), chunks(over), timeout=60),
            [413],
        )
        self.handled_expected[over_id] = 0
        chunked_over_id, chunked_over = delivery({"content": "z" * (limit + 1024)})
        self.expect(
            "chunked body over the limit -> 413",
            lambda: send(
                port, "POST", sharpapi_headers(None, sign(chunked_over)), chunks(chunked_over), chunked=True, timeout=60
            ),
            [413],
        )
        self.handled_expected[chunked_over_id] = 0

        failing_id, failing = delivery({"content": "fails twice", "fail_attempts": 2})
        for attempt, statuses in [(1, [500]), (2, [500]), (3, ok2xx), (4, ok2xx)]:
            self.expect(
                f"handler failing twice, delivery {attempt} -> {'500' if attempt < 3 else '2xx'}",
                lambda: post(port, failing, sign(failing)),
                statuses,
            )
        self.handled_expected[failing_id] = 1

    def run_load(self, total: int, concurrency: int, duplicate_share: float) -> None:
        """`total` deliveries from `concurrency` senders, `duplicate_share` of them second copies of
        an id, half of those right behind their first copy (so that both are in flight at once).
        Each non-2xx answer is retried up to three times with a short backoff, as SharpAPI does."""
        duplicates = int(total * duplicate_share)
        unique = total - duplicates
        bodies: List[Tuple[str, bytes]] = [delivery({"content": f"load {i}", "sleep_ms": 20}) for i in range(unique)]
        queue: List[Tuple[str, bytes]] = list(bodies)
        rng = random.Random(20261129)
        for index, (job_id, body) in enumerate(rng.sample(bodies, duplicates)):
            if index % 2 == 0:
                queue.insert(queue.index((job_id, body)) + 1, (job_id, body))  # concurrent copy
            else:
                queue.append((job_id, body))  # a later retry
        for job_id, _ in bodies:
            self.handled_expected[job_id] = 1

        lock = threading.Lock()
        latencies: List[float] = []
        outcomes: collections.Counter = collections.Counter()
        lost: List[str] = []
        server_errors: List[str] = []
        cursor = [0]

        def worker() -> None:
            while True:
                with lock:
                    if cursor[0] >= len(queue):
                        return
                    job_id, body = queue[cursor[0]]
                    cursor[0] += 1
                for attempt in range(4):  # the delivery and up to three retries
                    try:
                        response = post(self.port, body, sign(body))
                    except Exception as error:  # noqa: BLE001
                        with lock:
                            outcomes[type(error).__name__] += 1
                        time.sleep(0.05 * 2**attempt)
                        continue
                    with lock:
                        latencies.append(response.seconds)
                        outcomes[response.status] += 1
                        if response.status >= 500:
                            server_errors.append(f"{job_id}: {response.status} {response.body[:120]!r}")
                    if 200 <= response.status < 300:
                        break
                    time.sleep(0.05 * 2**attempt)
                else:
                    with lock:
                        lost.append(job_id)

        started = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan")
        figures = (
            f"{len(queue)} deliveries ({sum(outcomes.values())} requests) from {concurrency} senders in "
            f"{elapsed:.1f} s: {len(latencies) / elapsed:.0f} requests/s, p99 {p99:.1f} ms; "
            f"answers {dict(sorted(outcomes.items(), key=str))}"
        )
        self.results.lines.append(figures)
        print(f"  load: {figures}", flush=True)
        self.results.check(f"load: every delivery answered 2xx within three retries", not lost, f"lost {lost[:5]}")
        self.results.check("load: no 5xx", not server_errors, f"{server_errors[:3]}")

    def check_handled(self, log_path: str) -> None:
        with open(log_path, encoding="utf-8") as log:
            counts = collections.Counter(line.strip() for line in log if line.strip())
        wrong = {
            job_id: (counts.get(job_id, 0), times)
            for job_id, times in self.handled_expected.items()
            if counts.get(job_id, 0) != times
        }
        unexpected = set(counts) - set(self.handled_expected)
        lost = sum(1 for handled, times in wrong.values() if handled < times)
        twice = sum(1 for handled, times in wrong.values() if handled > times)
        self.results.check(
            f"every event handled exactly as often as it should ({len(self.handled_expected)} ids)",
            not wrong and not unexpected,
            f"{lost} lost, {twice} handled too often or when refused, {len(unexpected)} unknown ids; "
            f"e.g. {list(wrong.items())[:3]}",
        )


def chunks(body: bytes, size: int = 1024 * 1024) -> List[bytes]:
    return [body[i : i + size] for i in range(0, len(body), size)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_listening(port: int, app: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise RuntimeError(f"the app exited with status {app.returncode} before listening")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the app did not listen on {HOST}:{port} within {seconds:.0f} s")


def stop(app: subprocess.Popen) -> None:
    if app.poll() is not None:
        return
    try:
        os.killpg(app.pid, signal.SIGTERM)
        app.wait(10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(app.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        app.wait()


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True, help="what is tested, e.g. python-flask")
    parser.add_argument("--start-timeout", type=float, default=180, help="seconds to wait for the app")
    parser.add_argument("--load", type=int, default=2000, help="deliveries in the load case")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no app command after --")

    results = Results()
    port = free_port()
    work = tempfile.mkdtemp(prefix=f"sender-{args.name}-")
    handled_log = os.path.join(work, "handled.log")
    open(handled_log, "w").close()
    app_log_path = os.path.join(work, "app.log")
    limit = int(os.environ.get("SHARPAPI_MAX_BODY_BYTES", DEFAULT_LIMIT))
    env = dict(
        os.environ,
        PORT=str(port),
        SHARPAPI_WEBHOOK_SECRET=CURRENT_SECRET,
        SHARPAPI_WEBHOOK_PREVIOUS_SECRET=PREVIOUS_SECRET,
        SHARPAPI_HANDLED_LOG=handled_log,
    )
    print(f"sender {args.name}: {' '.join(command)} on {HOST}:{port}", flush=True)
    with open(app_log_path, "wb") as app_log:
        app = subprocess.Popen(command, env=env, stdout=app_log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_listening(port, app, args.start_timeout)
            sender = Sender(port, results)
            sender.run_cases(limit)
            sender.run_load(args.load, args.concurrency, 0.10)
            time.sleep(0.2)  # a handler's log line written just before its answer
            sender.check_handled(handled_log)
        except Exception as error:  # noqa: BLE001 - reported as one failed case
            results.check("the app ran", False, f"{type(error).__name__}: {error}")
        finally:
            stop(app)
    with open(app_log_path, "rb") as app_log:
        log_text = app_log.read().decode("utf-8", "replace")
    results.check(
        "no secret in the app's log",
        CURRENT_SECRET not in log_text and PREVIOUS_SECRET not in log_text,
        "a secret was logged",
    )
    if results.failed:
        print(f"--- the app's log ({app_log_path}), last 60 lines:")
        print("\n".join(log_text.splitlines()[-60:]))
    for line in results.lines:
        print(f"sender {args.name} figures: {line}")
    if not results.failed:
        shutil.rmtree(work, ignore_errors=True)  # kept after a failure, for its logs
    print(f"sender {args.name}: {results.passed} passed, {results.failed} failed", flush=True)
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
