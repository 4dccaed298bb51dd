#!/usr/bin/env python3
"""The PHP inbox's tests with real processes (bindings/INBOX.md, tests 1, 2, 3 and 5).

    python3 bindings/php/tests/apps/inbox/inbox_processes.py --inbox sqlite:///tmp/x.db|redis://127.0.0.1:P/0 \\
        --state DIR --name NAME

Starts the Slim inbox test app (tests/apps/inbox/slim/) under `php -S` and its polling worker
(tests/apps/inbox/worker.php) as processes of their own, with a lease of 2 s, and checks:
1. a worker SIGKILLed while the handler sleeps, then restarted: the event is handled exactly once;
2. the web process exits right after accept (SHARPAPI_TEST_CRASH_AFTER_ACCEPT=1): no answer; the
   retry to a restarted app is answered 200 duplicate, and the event is handled exactly once;
3. (Redis) two instances receive the same delivery at once: one 202, one 200, handled once;
5. a failing handler is retried, then dead after max attempts (the /metrics say so); replay
   (tests/apps/inbox/replay.php) and a worker allowed more attempts handle it exactly once.
Last line: `inbox-processes NAME: N passed, M failed`.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional, Tuple

APPS = Path(__file__).resolve().parent
SECRET = "whsec_php_inbox_processes"
results: List[Tuple[str, bool, str]] = []


def check(name: str, ok: bool, why: str = "") -> None:
    results.append((name, ok, why))
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not why else f": {why}"), flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    # The web app's document root, served by `php -S` with its index.php as the router.
    docroot = APPS / "slim"

    def __init__(self, inbox: str, state: Path) -> None:
        self.state = state
        self.handled = state / "handled.log"
        self.env = dict(os.environ, SHARPAPI_INBOX=inbox, SHARPAPI_WEBHOOK_SECRET=SECRET,
                        SHARPAPI_HANDLED_LOG=str(self.handled), SHARPAPI_INBOX_LEASE_SECONDS="2")
        self.started: List[subprocess.Popen] = []

    def web(self, port: int, **env: str) -> subprocess.Popen:
        log = open(self.state / f"web-{port}.log", "ab")
        process = subprocess.Popen(
            ["php", "-d", "ffi.enable=1", "-S", f"127.0.0.1:{port}", "-t", str(self.docroot), str(self.docroot / "index.php")],
            env=dict(self.env, PORT=str(port), **env), stdout=log, stderr=log, start_new_session=True)
        self.started.append(process)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                return process
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"the web app on port {port} did not start")

    def worker(self, **env: str) -> subprocess.Popen:
        log = open(self.state / "worker.log", "ab")
        process = subprocess.Popen(["php", "-d", "ffi.enable=1", str(APPS / "worker.php")],
                                   env=dict(self.env, **env), stdout=log, stderr=log, start_new_session=True)
        self.started.append(process)
        return process

    def php(self, script: str, *args: str) -> str:
        return subprocess.run(["php", "-d", "ffi.enable=1", str(APPS / script), *args], env=self.env,
                              capture_output=True, text=True, check=True).stdout

    @staticmethod
    def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        process.wait()

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)
        self.started = []

    def handled_ids(self) -> List[str]:
        try:
            return [line.split("\t")[0] for line in self.handled.read_text().splitlines()]
        except FileNotFoundError:
            return []

    def wait_handled(self, job_id: str, seconds: float) -> int:
        until = time.time() + seconds
        while time.time() < until and job_id not in self.handled_ids():
            time.sleep(0.05)
        time.sleep(0.5)  # long enough for a second handling to show
        return self.handled_ids().count(job_id)


def delivery(**result: object) -> Tuple[str, bytes]:
    job_id = str(uuid.uuid4())
    body = json.dumps({"id": job_id, "status": "success", "type": "content_translate", "result": result},
                      separators=(",", ":")).encode()
    return job_id, body


def post(port: int, body: bytes) -> Tuple[Optional[int], Dict[str, object]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/webhooks/sharpapi", body, {
            "Content-Type": "application/json", "User-Agent": "SharpAPIWebhook/1.0",
            "X-Signature": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()})
        response = connection.getresponse()
        data = response.read()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, {}
    except (OSError, http.client.HTTPException):
        return None, {}
    finally:
        connection.close()


def metric(port: int, series: str) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/metrics")
    text = connection.getresponse().read().decode()
    connection.close()
    match = re.search("^" + re.escape(series) + r" (\S+)$", text, re.M)
    return float(match.group(1)) if match else float("nan")


def worker_killed_mid_handler(p: Processes) -> None:
    port = free_port()
    p.web(port)
    worker = p.worker()
    job_id, body = delivery(sleep_ms=1500)
    status, answer = post(port, body)
    check("worker kill: the delivery is answered 202 accepted", status == 202 and answer.get("outcome") == "accepted", f"{status} {answer}")
    time.sleep(0.7)  # the worker has claimed it and sleeps in the handler
    p.kill(worker)
    check("worker kill: nothing handled by the killed worker", job_id not in p.handled_ids())
    p.worker()
    count = p.wait_handled(job_id, 15)
    check("worker kill: handled exactly once after the restart (lease expired)", count == 1, f"{count} times")
    p.stop_all()


def web_killed_after_accept(p: Processes) -> None:
    port = free_port()
    crashing = p.web(port, SHARPAPI_TEST_CRASH_AFTER_ACCEPT="1")
    job_id, body = delivery()
    status, _ = post(port, body)
    check("web kill: no answer when the web process dies after accept", status is None, f"answered {status}")
    p.kill(crashing)
    p.web(port)
    status, answer = post(port, body)
    check("web kill: the retry is a recognised duplicate (200)", status == 200 and answer.get("outcome") == "duplicate", f"{status} {answer}")
    p.worker()
    count = p.wait_handled(job_id, 15)
    check("web kill: handled exactly once", count == 1, f"{count} times")
    p.stop_all()


def two_instances(p: Processes) -> None:
    ports = [free_port(), free_port()]
    for port in ports:
        p.web(port)
    p.worker()
    p.worker()
    job_id, body = delivery()
    answers: Dict[int, Tuple[Optional[int], Dict[str, object]]] = {}
    threads = [threading.Thread(target=lambda port=port: answers.__setitem__(port, post(port, body))) for port in ports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in answers.values() if status is not None)
    check("two instances: one 202 accepted and one 200 duplicate", statuses == [200, 202], f"{answers}")
    count = p.wait_handled(job_id, 15)
    check("two instances: the handler ran once", count == 1, f"{count} times")
    p.stop_all()


def failing_handler(p: Processes) -> None:
    port = free_port()
    p.web(port)
    p.worker(SHARPAPI_INBOX_MAX_ATTEMPTS="2")
    job_id, body = delivery(fail_attempts=2)
    dead_before = metric(port, "sharpapi_webhook_queue_depth{state=\"dead\"}")
    status, _ = post(port, body)
    check("failing handler: accepted", status == 202, f"{status}")
    until = time.time() + 15
    while time.time() < until and metric(port, "sharpapi_webhook_queue_depth{state=\"dead\"}") == dead_before:
        time.sleep(0.1)
    check("failing handler: dead after 2 attempts (max_attempts=2)",
          metric(port, "sharpapi_webhook_queue_depth{state=\"dead\"}") == dead_before + 1 and job_id not in p.handled_ids())
    listed = p.php("replay.php", job_id)
    check("failing handler: listed as a dead letter with its attempts and last error",
          re.search(f"^dead {re.escape(job_id)} attempts=2 last_error=RuntimeException: the test handler fails", listed, re.M) is not None, listed)
    check("failing handler: replayed", f"replayed {job_id}" in listed, listed)
    p.stop_all()
    # The fixed deployment: a worker allowed more attempts than the handler fails.
    p.web(port)
    p.worker(SHARPAPI_INBOX_MAX_ATTEMPTS="5")
    count = p.wait_handled(job_id, 15)
    check("failing handler: handled exactly once after the replay", count == 1, f"{count} times")
    p.stop_all()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inbox", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--name", required=True)
    args = parser.parse_args()
    state = Path(args.state)
    state.mkdir(parents=True, exist_ok=True)
    p = Processes(args.inbox, state)
    tests = [worker_killed_mid_handler, web_killed_after_accept, failing_handler]
    if args.inbox.startswith("redis://"):
        tests.append(two_instances)
    try:
        for test in tests:
            try:
                test(p)
            except Exception as error:  # a test that breaks is a failure, never a skip
                check(f"{test.__name__} ran", False, repr(error))
            finally:
                p.stop_all()
    finally:
        p.stop_all()
    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"inbox-processes {args.name}: {len(results) - failed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
