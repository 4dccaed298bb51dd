#!/usr/bin/env python3
"""An acknowledge-first test app with no framework and none of the project's code, for the
self-test of tests/sender/inbox_load.py.

    python3 tests/sender/reference_inbox_app.py PORT INBOX_FILE [--broken MODE]

Instances started with the same INBOX_FILE share it (a file lock makes accept atomic across them),
as instances of a real app share SQLite or Redis. A verified delivery is accepted (202
{"outcome": "accepted"}) or recognised (200 {"outcome": "duplicate"}); a thread then handles it,
appending `<id>\\t<unix time>` to SHARPAPI_HANDLED_LOG. GET /metrics serves
sharpapi_webhook_deliveries_total by outcome. MODE makes one known mistake:
  own-inbox    each instance keeps its own inbox: a delivery sent to two instances runs twice
  lose-some    acknowledges every 50th new delivery without ever handling it
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import hmac
import json
import os
import queue
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict

SECRET = os.environ["SHARPAPI_WEBHOOK_SECRET"]
HANDLED_LOG = os.environ["SHARPAPI_HANDLED_LOG"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("inbox_file")
    parser.add_argument("--broken", choices=["own-inbox", "lose-some"])
    args = parser.parse_args()
    inbox_file = args.inbox_file + (f".{args.port}" if args.broken == "own-inbox" else "")
    open(inbox_file, "a").close()
    counts: Dict[str, int] = {"accepted": 0, "duplicate": 0, "refused": 0}
    counts_lock = threading.Lock()
    work: "queue.Queue[str]" = queue.Queue()

    def accept(job_id: str) -> bool:
        with open(inbox_file, "r+", encoding="utf-8") as inbox:
            fcntl.flock(inbox, fcntl.LOCK_EX)
            if job_id in inbox.read().split():
                return False
            inbox.write(job_id + "\n")
            inbox.flush()
            os.fsync(inbox.fileno())
            return True

    def worker() -> None:
        accepted = 0
        while True:
            job_id = work.get()
            accepted += 1
            if args.broken == "lose-some" and accepted % 50 == 0:
                continue
            with open(HANDLED_LOG, "a", encoding="utf-8") as log:
                log.write(f"{job_id}\t{time.time()}\n")

    threading.Thread(target=worker, daemon=True).start()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
            pass

        def answer(self, status: int, body: Dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the base's name
            with counts_lock:
                text = "".join(f'sharpapi_webhook_deliveries_total{{outcome="{outcome}"}} {value}\n'
                               for outcome, value in counts.items())
            data = text.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 - the base's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, self.headers.get("X-Signature", "")):
                with counts_lock:
                    counts["refused"] += 1
                self.answer(401, {"error": "InvalidSignature"})
                return
            job_id = json.loads(body)["id"]
            new = accept(job_id)
            with counts_lock:
                counts["accepted" if new else "duplicate"] += 1
            if new:
                work.put(job_id)
            self.answer(202 if new else 200, {"id": job_id, "outcome": "accepted" if new else "duplicate"})

    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
