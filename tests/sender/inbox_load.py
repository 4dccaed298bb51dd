#!/usr/bin/env python3
"""Load on endpoints that acknowledge first and process from a durable inbox (issue 16).

    python3 tests/sender/inbox_load.py --url http://127.0.0.1:8001/webhooks/sharpapi \\
        --url http://127.0.0.1:8002/webhooks/sharpapi --handled-log handled.log --secret S \\
        [--count 2000] [--duplicates 0.1] [--concurrency 8] [--metrics-url URL ...]

Sends COUNT deliveries signed with SECRET from CONCURRENCY threads, each to one of the URLs in
turn; a DUPLICATES share of the job ids is sent a second time to another URL (the instances then
race for it: half of those at the same moment, half after the first was answered). Like SharpAPI,
a delivery not answered 2xx is sent again, up to three more times. Then it waits until the
handled log holds every job id (lines `<id>\\t<unix time handled>`, written by the apps' workers)
and checks that each was handled exactly once and nothing else was. With --metrics-url (one per
instance), it reads each instance's Prometheus text and checks that the accepted and duplicate
counts of `sharpapi_webhook_deliveries_total` add up to what was sent and answered.

Prints deliveries/s accepted, p50/p99 to the answer and p50/p99 from the first send to handled,
and `inbox-load NAME: N passed, M failed` last; exit status 0 only when every check passed.
Standard library only: it must not share code with any integration it tests.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

RETRIES = 3  # SharpAPI sends a delivery again up to three times
BACKOFF_SECONDS = 0.2  # shorter than SharpAPI's, so that the run stays short


@dataclass
class Attempt:
    status: Optional[int]  # None: no answer
    seconds: float
    outcome: Optional[str] = None  # the JSON answer's "outcome", when there is one


@dataclass
class Sent:
    job_id: str
    url: str
    first_sent: float
    attempts: List[Attempt] = field(default_factory=list)

    @property
    def answered_2xx(self) -> bool:
        return bool(self.attempts) and self.attempts[-1].status is not None and 200 <= self.attempts[-1].status < 300


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_once(url: str, body: bytes, signature: str, timeout: float) -> Attempt:
    parts = urllib.parse.urlsplit(url)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("POST", parts.path or "/", body, {
            "Content-Type": "application/json",
            "User-Agent": "SharpAPIWebhook/1.0",
            "X-Signature": signature,
        })
        response = connection.getresponse()
        data = response.read()
        outcome = None
        try:
            answer = json.loads(data)
            if isinstance(answer, dict) and isinstance(answer.get("outcome"), str):
                outcome = answer["outcome"]
        except ValueError:
            pass
        return Attempt(response.status, time.perf_counter() - started, outcome)
    except (OSError, http.client.HTTPException):
        return Attempt(None, time.perf_counter() - started)
    finally:
        connection.close()


def deliver(sent: Sent, body: bytes, secret: str, timeout: float) -> Sent:
    signature = sign(body, secret)
    for attempt in range(1 + RETRIES):
        if attempt:
            time.sleep(BACKOFF_SECONDS * attempt)
        result = post_once(sent.url, body, signature, timeout)
        sent.attempts.append(result)
        if result.status is not None and 200 <= result.status < 300:
            break
    return sent


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def read_handled(path: str) -> List[Tuple[str, float]]:
    try:
        with open(path, encoding="utf-8") as log:
            lines = log.read().splitlines()
    except FileNotFoundError:
        return []
    handled = []
    for line in lines:
        job_id, _, when = line.partition("\t")
        handled.append((job_id, float(when) if when else float("nan")))
    return handled


METRIC = re.compile(r'^sharpapi_webhook_deliveries_total\{([^}]*)\}\s+([0-9.eE+-]+)', re.MULTILINE)


def delivery_counts(metrics_url: str) -> Dict[str, float]:
    parts = urllib.parse.urlsplit(metrics_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", parts.path or "/metrics")
    text = connection.getresponse().read().decode("utf-8")
    connection.close()
    counts: Dict[str, float] = {}
    for labels, value in METRIC.findall(text):
        outcome = re.search(r'outcome="([^"]*)"', labels)
        if outcome:
            counts[outcome.group(1)] = counts.get(outcome.group(1), 0.0) + float(value)
    return counts


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", default="inbox", help="what is tested, for the last line")
    parser.add_argument("--url", action="append", required=True, help="an instance's webhook URL (repeatable)")
    parser.add_argument("--handled-log", required=True, help="the file the workers append handled ids to")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--count", type=int, default=2000, help="distinct job ids")
    parser.add_argument("--duplicates", type=float, default=0.1, help="share of ids sent twice")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds one request may take")
    parser.add_argument("--handled-timeout", type=float, default=180.0,
                        help="seconds to wait for every id to be handled")
    parser.add_argument("--metrics-url", action="append", default=[], help="an instance's /metrics (repeatable)")
    args = parser.parse_args(argv)

    failures: List[str] = []
    passed = 0

    def check(name: str, ok: bool, why: str = "") -> None:
        nonlocal passed
        if ok:
            passed += 1
            print(f"ok   {name}")
        else:
            failures.append(name)
            print(f"FAIL {name}: {why}")

    random.seed(16)
    urls = args.url
    plans: List[Tuple[str, bytes, str, bool]] = []  # job id, body, url, second send of that id
    bodies: Dict[str, bytes] = {}
    for index in range(args.count):
        job_id = str(uuid.uuid4())
        event = {"id": job_id, "status": "success", "type": "content_translate",
                 "result": {"content": f"delivery {index}"}}
        body = json.dumps(event, separators=(",", ":")).encode()
        bodies[job_id] = body
        plans.append((job_id, body, urls[index % len(urls)], False))
    twice = random.sample(list(bodies), int(args.count * args.duplicates))
    together, after = twice[: len(twice) // 2], twice[len(twice) // 2 :]
    second_url = {job_id: urls[(urls.index(url) + 1) % len(urls)] for job_id, _, url, _ in plans}
    # "together": the second send right behind the first in the queue, so both are in flight at
    # once; "after": at the end, when the first was answered long ago.
    ordered: List[Tuple[str, bytes, str, bool]] = []
    together_set = set(together)
    for plan in plans:
        ordered.append(plan)
        if plan[0] in together_set:
            ordered.append((plan[0], plan[1], second_url[plan[0]], True))
    ordered += [(job_id, bodies[job_id], second_url[job_id], True) for job_id in after]

    first_sent: Dict[str, float] = {}
    lock = threading.Lock()

    def run(plan: Tuple[str, bytes, str, bool]) -> Tuple[Sent, bool]:
        job_id, body, url, second = plan
        now = time.time()
        with lock:
            first_sent.setdefault(job_id, now)
        return deliver(Sent(job_id, url, now), body, args.secret, args.timeout), second

    started = time.perf_counter()
    with ThreadPoolExecutor(args.concurrency) as pool:
        results = list(pool.map(run, ordered))
    sending_seconds = time.perf_counter() - started

    answers = [attempt for sent, _ in results for attempt in sent.attempts if attempt.status is not None]
    unanswered = [sent.job_id for sent, _ in results if not sent.answered_2xx]
    check("every delivery answered 2xx within SharpAPI's retries", not unanswered,
          f"{len(unanswered)} not, e.g. {unanswered[:3]}")
    server_errors = [attempt.status for attempt in answers if attempt.status is not None and attempt.status >= 500
                     and attempt.status != 503]
    check("no 5xx but 503 (store unavailable) to a valid delivery", not server_errors,
          f"statuses {sorted(set(server_errors))}")
    refused = [attempt.status for attempt in answers if attempt.status is not None and 400 <= attempt.status < 500
               and attempt.status != 409]
    check("no 4xx (but 409 in progress) to a valid delivery", not refused, f"statuses {sorted(set(refused))}")

    deadline = time.monotonic() + args.handled_timeout
    handled = read_handled(args.handled_log)
    while len({job_id for job_id, _ in handled} & set(bodies)) < len(bodies) and time.monotonic() < deadline:
        time.sleep(0.2)
        handled = read_handled(args.handled_log)
    times_handled: Dict[str, int] = {}
    handled_at: Dict[str, float] = {}
    for job_id, when in handled:
        times_handled[job_id] = times_handled.get(job_id, 0) + 1
        handled_at.setdefault(job_id, when)
    missing = [job_id for job_id in bodies if job_id not in times_handled]
    twice_handled = [job_id for job_id, times in times_handled.items() if times > 1]
    strangers = [job_id for job_id in times_handled if job_id not in bodies]
    check(f"every one of {len(bodies)} jobs handled", not missing, f"{len(missing)} never, e.g. {missing[:3]}")
    check("no job handled twice", not twice_handled, f"{len(twice_handled)}, e.g. {twice_handled[:3]}")
    check("nothing handled that was not sent", not strangers, f"{strangers[:3]}")

    outcomes: Dict[str, int] = {}
    for sent, _ in results:
        last = sent.attempts[-1] if sent.attempts else None
        if last is not None and last.outcome is not None:
            outcomes[last.outcome] = outcomes.get(last.outcome, 0) + 1
    sends = len(ordered)
    check(f"answers say accepted once per job ({len(bodies)}) and duplicate for the rest",
          outcomes.get("accepted", 0) == len(bodies) and outcomes.get("duplicate", 0) == sends - len(bodies),
          f"last answers' outcomes {outcomes}, {sends} sends")

    if args.metrics_url:
        totals: Dict[str, float] = {}
        for metrics_url in args.metrics_url:
            for outcome, value in delivery_counts(metrics_url).items():
                totals[outcome] = totals.get(outcome, 0.0) + value
        # Every 2xx answer counted once under its outcome; an accepted delivery once per job.
        check("metrics: accepted deliveries = jobs sent", totals.get("accepted", 0) == len(bodies),
              f"sharpapi_webhook_deliveries_total by outcome {totals}")
        check("metrics: duplicates = answers that said duplicate",
              totals.get("duplicate", 0) == sum(1 for a in answers if a.outcome == "duplicate"),
              f"sharpapi_webhook_deliveries_total by outcome {totals}")
        check("metrics: nothing refused", totals.get("refused", 0) == 0, f"{totals}")

    answer_seconds = [attempt.seconds for attempt in answers]
    to_handled = [handled_at[job_id] - first_sent[job_id] for job_id in bodies if job_id in handled_at]
    print(f"inbox-load {args.name}: {sends} sends of {len(bodies)} jobs to {len(urls)} instance(s) in "
          f"{sending_seconds:.1f} s = {sends / sending_seconds:.0f} deliveries/s accepted; answer p50 "
          f"{percentile(answer_seconds, 0.5) * 1000:.1f} ms, p99 {percentile(answer_seconds, 0.99) * 1000:.1f} ms; "
          f"first send to handled p50 {percentile(to_handled, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(to_handled, 0.99) * 1000:.0f} ms")
    print(f"inbox-load {args.name}: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
