#!/usr/bin/env python3
"""A test app with no framework and none of the project's code, for the sender suite's self-test.

    python3 tests/sender/reference_app.py [--broken MODE]

It keeps the test-app contract (tests/sender/sender.py) with the standard library alone, so that
the suite is shown to pass on a correct app and to fail on each broken one, independently of every
integration it is meant to judge. MODE makes one known mistake:
  mark-first   mark the job handled before running the handler (loses a failing event)
  no-limit     read any body, however large
  html-errors  answer a bad signature with an HTML page
  no-dedupe    run the handler for every copy of a delivery
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Optional, Tuple

LIMIT = int(os.environ.get("SHARPAPI_MAX_BODY_BYTES", 16 * 1024 * 1024))
SECRETS = [os.environ["SHARPAPI_WEBHOOK_SECRET"], os.environ["SHARPAPI_WEBHOOK_PREVIOUS_SECRET"]]
HANDLED_LOG = os.environ["SHARPAPI_HANDLED_LOG"]


class Store:
    """claim/complete/release with the three answers of the contract."""

    def __init__(self) -> None:
        self.state: Dict[str, str] = {}
        self.lock = threading.Lock()

    def claim(self, job_id: str) -> str:
        with self.lock:
            current = self.state.get(job_id)
            if current is None:
                self.state[job_id] = "in_progress"
                return "claimed"
            return current

    def finish(self, job_id: str, ok: bool) -> None:
        with self.lock:
            if ok:
                self.state[job_id] = "done"
            else:
                self.state.pop(job_id, None)


class TooLarge(Exception):
    pass


def make_handler(broken: Optional[str]) -> type:
    store = Store()
    attempts: Dict[str, int] = {}
    attempts_lock = threading.Lock()

    def user_handler(event: dict) -> None:
        result = event.get("result")
        result = result if isinstance(result, dict) else {}
        time.sleep(result.get("sleep_ms", 0) / 1000)
        with attempts_lock:
            attempts[event["id"]] = count = attempts.get(event["id"], 0) + 1
        if count <= result.get("fail_attempts", 0):
            raise RuntimeError("the handler failed on purpose")
        with open(HANDLED_LOG, "a", encoding="utf-8") as log:
            log.write(event["id"] + "\n")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def answer(self, status: int, document: dict, extra: Tuple[Tuple[str, str], ...] = ()) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            for name, value in extra:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

        def do_GET(self) -> None:  # noqa: N802
            self.answer(405, {"error": "MethodNotAllowed"}, (("Allow", "POST"),))

        def read_body(self) -> bytes:
            limit = None if broken == "no-limit" else LIMIT
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                body = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0], 16)
                    if size == 0:
                        self.rfile.readline()
                        return body
                    body += self.rfile.read(size)
                    self.rfile.readline()
                    if limit is not None and len(body) > limit:
                        raise TooLarge
            length = int(self.headers.get("Content-Length", 0))
            if limit is not None and length > limit:
                raise TooLarge
            return self.rfile.read(length)

        def do_POST(self) -> None:  # noqa: N802
            try:
                body = self.read_body()
            except TooLarge:
                self.answer(413, {"error": "PayloadTooLarge"})
                return
            signatures = [v.strip() for k, v in self.headers.items() if k.lower() == "x-signature"]
            if not signatures or not any(
                hmac.compare_digest(hmac.new(s.encode(), body, hashlib.sha256).hexdigest(), signatures[0])
                for s in SECRETS
            ):
                if broken == "html-errors":
                    page = b"<html><body>Traceback (most recent call last)</body></html>"
                    self.send_response(401)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    self.wfile.write(page)
                    return
                self.answer(401, {"error": "InvalidSignature"})
                return
            try:
                event = json.loads(body)
                assert isinstance(event, dict) and isinstance(event.get("id"), str)
            except (ValueError, AssertionError):
                self.answer(400, {"error": "InvalidPayload"})
                return
            job_id = event["id"]
            if broken == "mark-first":
                if store.claim(job_id) != "claimed":
                    self.answer(200, {"id": job_id, "outcome": "duplicate"})
                    return
                store.finish(job_id, True)
            elif broken != "no-dedupe":
                claim = store.claim(job_id)
                if claim == "done":
                    self.answer(200, {"id": job_id, "outcome": "duplicate"})
                    return
                if claim == "in_progress":
                    self.answer(409, {"error": "InProgress"})
                    return
            try:
                user_handler(event)
            except RuntimeError:
                if broken not in ("mark-first", "no-dedupe"):
                    store.finish(job_id, False)
                self.answer(500, {"error": "HandlerFailed"})
                return
            if broken not in ("mark-first", "no-dedupe"):
                store.finish(job_id, True)
            self.answer(200, {"id": job_id, "outcome": "handled"})

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--broken", choices=["mark-first", "no-limit", "html-errors", "no-dedupe"])
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), make_handler(args.broken))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
