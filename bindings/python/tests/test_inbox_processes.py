"""Acknowledge-then-process with real parts: the inbox test apps (tests/sender_apps/inbox_apps.py,
Flask under gunicorn and FastAPI under uvicorn) and Huey's own worker command, each its own
process, over a SQLite file in a temporary folder or a real redis-server. A worker killed
mid-handler, a web process that dies after ``accept`` and before its answer, two instances over
one Redis, a handler that fails until its job is dead, then replayed: each job handled exactly
once, and only after its handler succeeded."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

from sharpapi_webhooks.inbox import open_inbox

from .servers import BINDINGS_PYTHON, HOST, free_port, redis_server, request, wait_listening

SECRET = "whsec_inbox_processes"
URL = "/webhooks/sharpapi"
HUEY_CONSUMER = Path(sys.executable).parent / "huey_consumer"


class Processes:
    """The processes of one test, stopped (their whole group) at its end."""

    def __init__(self, folder: Path, environment: Dict[str, str]) -> None:
        self.folder = folder
        self.environment = environment
        self.running: List[subprocess.Popen[bytes]] = []
        self.logs: List[Path] = []

    def start(self, name: str, command: List[str], **extra: str) -> subprocess.Popen[bytes]:
        log_path = self.folder / f"{name}-{len(self.logs)}.log"
        self.logs.append(log_path)
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                command, cwd=BINDINGS_PYTHON, env=dict(self.environment, **extra), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.running.append(process)
        return process

    def web(self, framework: str = "flask", **extra: str) -> int:
        port = free_port()
        process = self.start(f"web-{framework}", [sys.executable, "-m", "tests.sender_apps.inbox_apps", framework], PORT=str(port), **extra)
        wait_listening(port, process)
        return port

    def worker(self) -> subprocess.Popen[bytes]:
        if not HUEY_CONSUMER.exists():
            raise RuntimeError(f"Huey's worker command is missing: {HUEY_CONSUMER} (pip install huey)")
        return self.start(
            "worker", [str(HUEY_CONSUMER), "tests.sender_apps.inbox_tasks.huey", "-w", "2", "-k", "thread", "-d", "0.05", "-m", "0.5"]
        )

    @staticmethod
    def kill(process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for process in self.running:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill(process)

    def tail(self) -> str:
        return "".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}\n" for log in self.logs if log.exists())


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def inbox_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite://{tmp_path}/inbox.db"
        return
    with redis_server() as url:
        yield url


@pytest.fixture()
def processes(inbox_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Processes]:
    handled_log = tmp_path / "handled.log"
    handled_log.touch()
    environment = dict(
        os.environ,
        SHARPAPI_INBOX=inbox_url,
        SHARPAPI_WEBHOOK_SECRET=SECRET,
        SHARPAPI_WEBHOOK_PREVIOUS_SECRET="whsec_inbox_previous",
        SHARPAPI_HANDLED_LOG=str(handled_log),
        SHARPAPI_INBOX_LEASE_SECONDS="2",
        SHARPAPI_INBOX_SWEEP_SECONDS="0.5",
        SHARPAPI_INBOX_MAX_ATTEMPTS="3",
        SHARPAPI_INBOX_BACKOFF_SECONDS="0.2",
    )
    running = Processes(tmp_path, environment)
    try:
        yield running
    finally:
        running.stop()


def delivery(job_id: str, result: Optional[Dict[str, Any]] = None) -> bytes:
    event: Dict[str, Any] = {"id": job_id, "status": "success", "type": "content_translate"}
    if result is not None:
        event["result"] = result
    return json.dumps(event, separators=(",", ":")).encode()


def post(port: int, body: bytes) -> Any:
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return request(port, "POST", URL, [("Content-Type", "application/json"), ("X-Signature", signature)], body, timeout=10)


def handled(processes: Processes) -> List[str]:
    log = Path(processes.environment["SHARPAPI_HANDLED_LOG"])
    return [line.split("\t")[0] for line in log.read_text().splitlines()]


def wait_for(condition: Callable[[], bool], seconds: float, what: str, processes: Processes) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what}: not after {seconds} s\n{processes.tail()}")


def state(inbox_url: str, job_id: str) -> Optional[str]:
    inbox = open_inbox(inbox_url)
    try:
        item = inbox.get(job_id)
        return None if item is None else item.state
    finally:
        inbox.close()


def test_a_worker_killed_mid_handler_loses_nothing(processes: Processes, inbox_url: str) -> None:
    port = processes.web()
    worker = processes.worker()
    body = delivery("job-killed", {"sleep_ms": 1200})
    answer = post(port, body)
    assert (answer.status, answer.json()["outcome"]) == (202, "accepted")
    wait_for(lambda: state(inbox_url, "job-killed") == "processing", 10, "the worker claims the job", processes)
    processes.kill(worker)  # SIGKILL while the handler sleeps
    assert handled(processes) == []
    processes.worker()
    wait_for(lambda: handled(processes) == ["job-killed"], 20, "the restarted worker handles the job", processes)
    time.sleep(1.5)  # longer than a sweep: nothing runs it again
    assert handled(processes) == ["job-killed"]
    inbox = open_inbox(inbox_url)
    item = inbox.get("job-killed")
    inbox.close()
    assert item is not None and (item.state, item.attempts) == ("done", 2)


@pytest.mark.parametrize("framework", ["fastapi", "flask"])
def test_a_web_process_that_dies_after_accept_gets_a_duplicate_on_retry(processes: Processes, framework: str) -> None:
    crashing = processes.web(framework, SHARPAPI_TEST_CRASH_AFTER_ACCEPT="1")
    body = delivery("job-crash")
    with pytest.raises(Exception):  # no answer at all: the process died before answering
        post(crashing, body)
    web = processes.running[-1]
    if framework == "fastapi":  # uvicorn: one process, which exited
        assert web.wait(10) == 70
    else:  # gunicorn's worker exited (its master starts another): stop them all
        wait_for(lambda: "exited with code 70" in processes.tail(), 10, "gunicorn's worker exits 70", processes)
        processes.kill(web)
    port = processes.web()
    processes.worker()
    retry = post(port, body)  # SharpAPI retries what was not answered
    assert (retry.status, retry.json()) == (200, {"id": "job-crash", "outcome": "duplicate"})
    wait_for(lambda: handled(processes) == ["job-crash"], 20, "the worker handles the stored job", processes)
    time.sleep(1.0)
    assert handled(processes) == ["job-crash"]


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_two_instances_sharing_redis_run_the_handler_once(processes: Processes) -> None:
    ports = [processes.web("flask"), processes.web("fastapi")]
    processes.worker()
    processes.worker()
    answers: List[Any] = []
    for index in range(20):
        body = delivery(f"job-twice-{index}")
        barrier = threading.Barrier(2)

        def send(port: int, body: bytes = body, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            answers.append(post(port, body))

        threads = [threading.Thread(target=send, args=(port,)) for port in ports]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    outcomes = sorted((answer.status, answer.json()["outcome"]) for answer in answers)
    assert outcomes == [(200, "duplicate")] * 20 + [(202, "accepted")] * 20
    wait_for(lambda: len(handled(processes)) >= 20, 20, "every job handled", processes)
    time.sleep(1.0)
    assert sorted(handled(processes)) == sorted(f"job-twice-{index}" for index in range(20))


def test_a_failing_handler_is_retried_then_dead_then_replayed(processes: Processes, inbox_url: str, tmp_path: Path) -> None:
    broken = tmp_path / "handler-is-broken"
    broken.touch()
    port = processes.web(SHARPAPI_TEST_FAIL_WHILE_FILE=str(broken))
    processes.environment["SHARPAPI_TEST_FAIL_WHILE_FILE"] = str(broken)
    processes.worker()
    answer = post(port, delivery("job-failing"))
    assert answer.status == 202
    wait_for(lambda: state(inbox_url, "job-failing") == "dead", 20, "the job dies after 3 attempts", processes)
    inbox = open_inbox(inbox_url)
    try:
        [dead] = inbox.dead_letters()
        assert (dead.id, dead.attempts) == ("job-failing", 3)
        assert dead.last_error == "HandlerFailure: the handler is broken (test)"
        assert handled(processes) == []
        assert post(port, delivery("job-failing")).json()["outcome"] == "duplicate"  # dead is not accepted again
        broken.unlink()  # a person fixes the handler, then replays the job
        assert inbox.replay("job-failing")
    finally:
        inbox.close()
    wait_for(lambda: handled(processes) == ["job-failing"], 20, "the replayed job is handled", processes)
    assert state(inbox_url, "job-failing") == "done"
