#!/usr/bin/env python3
"""The PHP inbox with Laravel's own queue worker, real processes (issue 16: "the queue side on
what each ecosystem already runs").

    python3 bindings/php/tests/apps/inbox/laravel_queue_processes.py --queue database|redis \\
        --inbox sqlite:///tmp/x.db|redis://127.0.0.1:P/DB [--redis HOST:PORT/DB] --state DIR --name NAME

Starts the Laravel inbox test app (tests/apps/inbox/laravel/) under `php -S`, which acknowledges
into the inbox and dispatches SharpApi\\Webhooks\\Laravel\\ProcessDelivery on the queue connection
--queue (`database`: a SQLite file; `redis`: phpredis on --redis), and Laravel's worker,
`php artisan queue:work QUEUE --sleep=0.1` (Laravel 8's default of one try, which the job
lifts), as processes of their own; the inbox's lease is 2 s and the queue's retry_after 3 s. Checks:
1. the delivery waits on the queue while no worker runs (202, nothing handled); a queue:work
   started then runs ProcessDelivery and the handler exactly once; the retry is a 200 duplicate;
2. queue:work SIGKILLed while the handler sleeps, then restarted: Laravel hands the reserved job
   out again after retry_after, the inbox lets it take the expired claim over: handled exactly once;
3. a handler failing once: the job dispatches itself again after the backoff, handled once on
   attempt 2; a handler that always fails: dead after max attempts (2), each attempt a job run.
Last line: `inbox-laravel-queue NAME: N passed, M failed`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

import inbox_processes as base
from inbox_processes import APPS, check, delivery, free_port, metric, post

LARAVEL = APPS / "laravel"
DEAD = 'sharpapi_webhook_queue_depth{state="dead"}'


class LaravelProcesses(base.Processes):
    docroot = LARAVEL / "public"

    def __init__(self, inbox: str, queue: str, redis: str, state: Path) -> None:
        super().__init__(inbox, state)
        self.queue = queue
        self.worker_log = state / "queue-work.log"
        self.env.update(SHARPAPI_APP_STATE=str(state / "app"), SHARPAPI_LARAVEL_QUEUE=queue,
                        SHARPAPI_LARAVEL_REDIS=redis, SHARPAPI_LARAVEL_RETRY_AFTER="3")

    def worker(self, **env: str) -> subprocess.Popen:
        log = open(self.worker_log, "ab")
        process = subprocess.Popen(
            ["php", "-d", "ffi.enable=1", str(LARAVEL / "artisan"), "queue:work", self.queue, "--sleep=0.1"],
            env=dict(self.env, **env), stdout=log, stderr=log, start_new_session=True)
        self.started.append(process)
        return process

    def worker_log_text(self) -> str:
        try:
            return self.worker_log.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def job_runs(self, job_id: str) -> int:
        """How many times queue:work ran ProcessDelivery for JOB_ID (its log's attempt lines)."""
        return sum(1 for line in self.worker_log_text().splitlines()
                   if line.startswith("{") and f'"job_id":"{job_id}"' in line)


def handled_through_the_queue(p: LaravelProcesses) -> None:
    port = free_port()
    p.web(port)
    job_id, body = delivery()
    status, answer = post(port, body)
    check("queue: the delivery is answered 202 accepted", status == 202 and answer.get("outcome") == "accepted", f"{status} {answer}")
    time.sleep(0.5)
    check("queue: nothing handled while no queue:work runs", job_id not in p.handled_ids())
    p.worker()
    count = p.wait_handled(job_id, 15)
    check("queue: queue:work ran ProcessDelivery, the handler ran exactly once", count == 1, f"{count} times")
    processed = re.findall(r"Processed: +SharpApi\\Webhooks\\Laravel\\ProcessDelivery", p.worker_log_text())
    check("queue: queue:work's own log shows the job processed", len(processed) >= 1, p.worker_log_text()[-500:])
    status, answer = post(port, body)
    check("queue: the retry is a recognised duplicate (200)", status == 200 and answer.get("outcome") == "duplicate", f"{status} {answer}")
    count = p.wait_handled(job_id, 1)
    check("queue: still handled exactly once", count == 1, f"{count} times")
    p.stop_all()


def worker_killed_mid_handler(p: LaravelProcesses) -> None:
    port = free_port()
    p.web(port)
    worker = p.worker()
    job_id, body = delivery(sleep_ms=2500)
    status, answer = post(port, body)
    check("queue:work kill: the delivery is answered 202 accepted", status == 202 and answer.get("outcome") == "accepted", f"{status} {answer}")
    until = time.time() + 10  # until queue:work has taken the job, then it sleeps in the handler
    while time.time() < until and "Processing: " not in p.worker_log_text():
        time.sleep(0.05)
    time.sleep(0.5)
    p.kill(worker)
    check("queue:work kill: nothing handled by the killed worker", job_id not in p.handled_ids())
    started = time.time()
    p.worker()
    count = p.wait_handled(job_id, 20)
    check("queue:work kill: handled exactly once after the restart (the job handed out again after retry_after)",
          count == 1, f"{count} times")
    print(f"     (handled {time.time() - started - 0.5:.1f} s after the restart)", flush=True)
    p.stop_all()


def failing_handler(p: LaravelProcesses) -> None:
    port = free_port()
    p.web(port)
    p.worker(SHARPAPI_INBOX_MAX_ATTEMPTS="2")
    retried_id, body = delivery(fail_attempts=1)
    status, _ = post(port, body)
    check("failing once: accepted", status == 202, f"{status}")
    count = p.wait_handled(retried_id, 15)
    check("failing once: the job ran again after the backoff, handled exactly once",
          count == 1 and p.job_runs(retried_id) == 2, f"handled {count} times, {p.job_runs(retried_id)} job runs")

    dead_before = metric(port, DEAD)
    dead_id, body = delivery(fail_attempts=5)
    status, _ = post(port, body)
    check("failing always: accepted", status == 202, f"{status}")
    until = time.time() + 15
    while time.time() < until and metric(port, DEAD) == dead_before:
        time.sleep(0.1)
    time.sleep(1.5)  # a job dispatched after the last attempt would run within this
    check("failing always: dead after 2 attempts (max_attempts=2), each a run of the job, never handled",
          metric(port, DEAD) == dead_before + 1 and dead_id not in p.handled_ids() and p.job_runs(dead_id) == 2,
          f"dead {dead_before} -> {metric(port, DEAD)}, {p.job_runs(dead_id)} job runs")
    listed = p.php("replay.php", "none")
    check("failing always: listed as a dead letter with its attempts and last error",
          re.search(f"^dead {re.escape(dead_id)} attempts=2 last_error=RuntimeException: the test handler fails", listed, re.M) is not None, listed)
    p.stop_all()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queue", required=True, choices=["database", "redis"])
    parser.add_argument("--inbox", required=True)
    parser.add_argument("--redis", default="127.0.0.1:6379/0", help="the redis queue's HOST:PORT/DB")
    parser.add_argument("--state", required=True)
    parser.add_argument("--name", required=True)
    args = parser.parse_args()
    state = Path(args.state)
    (state / "app").mkdir(parents=True, exist_ok=True)
    p = LaravelProcesses(args.inbox, args.queue, args.redis, state)
    try:
        for test in [handled_through_the_queue, worker_killed_mid_handler, failing_handler]:
            try:
                test(p)
            except Exception as error:  # a test that breaks is a failure, never a skip
                check(f"{test.__name__} ran", False, repr(error))
            finally:
                p.stop_all()
    finally:
        p.stop_all()
    failed = sum(1 for _, ok, _ in base.results if not ok)
    print(f"inbox-laravel-queue {args.name}: {len(base.results) - failed} passed, {failed} failed")
    return 1 if failed or not base.results else 0


if __name__ == "__main__":
    sys.exit(main())
