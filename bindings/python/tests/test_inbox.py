"""The durable inbox (SQLite, and Redis against a real redis-server), its Huey queue side in
Huey's immediate mode, the acknowledge-then-process endpoints of Flask and Starlette, their log
lines and metrics. The same with real processes (a worker killed mid-handler, a web process that
dies after accept, two instances over one Redis) is tests/test_inbox_processes.py."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Iterator, List, cast

import pytest
import redis
from flask import Flask
from huey import MemoryHuey
from prometheus_client import CollectorRegistry, generate_latest

from sharpapi_webhooks import WebhookEvent, parse_event_unverified
from sharpapi_webhooks.flask import inbox_view
from sharpapi_webhooks.huey import HueyInbox
from sharpapi_webhooks.inbox import Inbox, RedisInbox, SqliteInbox, StoreUnavailable, open_inbox
from sharpapi_webhooks.metrics import Metrics

from .servers import redis_server

SECRET = "whsec_inbox"
URL = "/webhooks/sharpapi"
MakeInbox = Callable[..., Inbox]


def body_of(job_id: str, result: Any = None) -> bytes:
    event: dict[str, Any] = {"id": job_id, "status": "success", "type": "content_translate"}
    if result is not None:
        event["result"] = result
    return json.dumps(event, separators=(",", ":")).encode()


def stored(inbox: Inbox, job_id: str, result: Any = None) -> str:
    body = body_of(job_id, result)
    return inbox.accept(parse_event_unverified(body), body)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def make_inbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeInbox]:
    """A factory of empty inboxes of one backend, closed after the test."""
    made: List[Any] = []

    def make(**options: Any) -> Inbox:
        inbox: Any
        if request.param == "sqlite":
            inbox = SqliteInbox(str(tmp_path / f"inbox-{len(made)}.db"), **options)
        else:
            url = request.getfixturevalue("redis_url")
            inbox = RedisInbox.from_url(url, prefix=f"test:{request.node.name}:{len(made)}:", **options)
        made.append(inbox)
        return cast(Inbox, inbox)

    yield make
    for inbox in made:
        inbox.close()


def test_accept_stores_once_and_counts_duplicates(make_inbox: MakeInbox) -> None:
    inbox = make_inbox()
    assert stored(inbox, "job-1") == "accepted"
    assert stored(inbox, "job-1") == "duplicate"
    assert stored(inbox, "job-1") == "duplicate"
    item = inbox.get("job-1")
    assert item is not None
    assert (item.state, item.attempts, item.duplicates, item.body) == ("pending", 0, 2, body_of("job-1"))
    assert (item.type, item.status) == ("content_translate", "success")
    assert inbox.counts() == {"pending": 1, "processing": 0, "done": 0, "dead": 0}
    assert inbox.get("job-2") is None


def test_claim_complete_and_a_done_job_is_a_duplicate(make_inbox: MakeInbox) -> None:
    inbox = make_inbox()
    stored(inbox, "job-1")
    stored(inbox, "job-2")
    first = inbox.claim()
    assert first is not None and first.id == "job-1" and first.state == "processing" and first.attempts == 1
    assert first.event().id == "job-1"
    assert inbox.claim_id("job-1") is None  # held by the first claim
    assert inbox.complete(first) is True
    assert inbox.complete(first) is False
    assert stored(inbox, "job-1") == "duplicate"
    assert inbox.counts() == {"pending": 1, "processing": 0, "done": 1, "dead": 0}


def test_an_expired_lease_is_claimed_again_and_the_old_claim_is_lost(make_inbox: MakeInbox) -> None:
    inbox = make_inbox(lease_seconds=0.2)
    stored(inbox, "job-1")
    lost = inbox.claim()
    assert lost is not None
    assert inbox.claim() is None
    time.sleep(0.3)
    assert inbox.due() == ["job-1"]
    again = inbox.claim_id("job-1")
    assert again is not None and again.attempts == 2 and again.token != lost.token
    assert inbox.complete(lost) is False
    assert inbox.fail(lost, "late") is False
    assert inbox.complete(again) is True


def test_failures_back_off_then_die_and_replay_brings_them_back(make_inbox: MakeInbox) -> None:
    inbox = make_inbox(max_attempts=3, backoff_seconds=0.1)
    stored(inbox, "job-1")
    item = inbox.claim()
    assert item is not None
    assert inbox.fail(item, RuntimeError("the database is away\nsecond line")) == "retry"
    record = inbox.get("job-1")
    assert record is not None and record.state == "pending"
    assert record.last_error == "RuntimeError: the database is away second line"
    assert record.next_attempt_at > time.time()
    assert inbox.claim() is None  # backing off
    time.sleep(0.15)
    item = inbox.claim()
    assert item is not None and item.attempts == 2
    assert inbox.fail(item, "x" * 600) == "retry"
    assert inbox.claim() is None  # 0.2 s now
    time.sleep(0.25)
    item = inbox.claim()
    assert item is not None and item.attempts == 3
    assert inbox.fail(item, "last") == "dead"
    assert [dead.id for dead in inbox.dead_letters()] == ["job-1"]
    assert inbox.counts()["dead"] == 1
    assert stored(inbox, "job-1") == "duplicate"  # a dead job is not accepted again
    assert inbox.replay("job-1") is True
    assert inbox.replay("job-1") is False  # pending already
    item = inbox.claim()
    assert item is not None and item.attempts == 1
    assert inbox.complete(item)
    assert inbox.dead_letters() == []


def test_the_error_line_is_cut_at_500_characters(make_inbox: MakeInbox) -> None:
    inbox = make_inbox()
    stored(inbox, "job-1")
    item = inbox.claim()
    assert item is not None
    inbox.fail(item, "y" * 900)
    record = inbox.get("job-1")
    assert record is not None and record.last_error == "y" * 500


def test_an_unreachable_store_is_store_unavailable(tmp_path: Path) -> None:
    inbox = RedisInbox.from_url("redis://127.0.0.1:1/0", prefix="none:")
    with pytest.raises(StoreUnavailable):
        stored(inbox, "job-1")
    path = str(tmp_path / "inbox.db")
    sqlite_inbox = SqliteInbox(path, busy_timeout_seconds=0.1)
    connection = sqlite3.connect(path)
    connection.execute("BEGIN EXCLUSIVE")  # another process holds the file's lock
    try:
        with pytest.raises(StoreUnavailable):
            stored(sqlite_inbox, "job-1")
    finally:
        connection.rollback()
        connection.close()
    assert stored(sqlite_inbox, "job-1") == "accepted"
    sqlite_inbox.close()
    inbox.close()


def test_open_inbox_takes_a_url(tmp_path: Path, redis_url: str) -> None:
    for url, kind in ((f"sqlite://{tmp_path}/inbox.db", SqliteInbox), (redis_url, RedisInbox)):
        inbox = open_inbox(url)
        assert isinstance(inbox, kind)
        inbox.close()
    assert (tmp_path / "inbox.db").exists()
    with pytest.raises(ValueError):
        open_inbox("postgres://localhost/db")


def test_the_sqlite_file_is_wal_and_synchronous_full(tmp_path: Path) -> None:
    inbox = SqliteInbox(str(tmp_path / "inbox.db"))
    connection = inbox._connection()  # noqa: SLF001
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    inbox.close()


def test_the_redis_keys_are_under_the_prefix(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    inbox = RedisInbox(client, prefix="app1:")
    stored(inbox, "job-1")
    assert sorted(client.keys("app1:*")) == [b"app1:pending", b"app1:r:job-1"]
    client.close()


# The queue side, in Huey's immediate mode: the job runs as it is enqueued.


def huey_inbox(inbox: Inbox, handler: Callable[[WebhookEvent], Any], registry: CollectorRegistry) -> HueyInbox:
    queue = HueyInbox(inbox, MemoryHuey(immediate=True), metrics=Metrics(registry, inbox=inbox))
    queue.handler(handler)
    return queue


def metric(registry: CollectorRegistry, name: str, **labels: str) -> float:
    value = registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def test_accepted_jobs_are_processed_once_by_the_queue(make_inbox: MakeInbox) -> None:
    registry = CollectorRegistry()
    handled: List[str] = []
    queue = huey_inbox(make_inbox(), lambda event: handled.append(event.id), registry)
    body = body_of("job-1")
    assert queue.accept(parse_event_unverified(body), body) == "accepted"
    assert queue.accept(parse_event_unverified(body), body) == "duplicate"
    assert handled == ["job-1"]
    assert queue.inbox.counts()["done"] == 1
    assert metric(registry, "sharpapi_webhook_handled_total") == 1
    assert metric(registry, "sharpapi_webhook_queue_depth", state="done") == 1
    assert metric(registry, "sharpapi_webhook_handler_seconds_count") == 1


def test_a_failing_handler_is_retried_then_dead(make_inbox: MakeInbox, caplog: pytest.LogCaptureFixture) -> None:
    registry = CollectorRegistry()

    def fail(event: WebhookEvent) -> None:
        raise RuntimeError(f"cannot handle {event.id}")

    queue = huey_inbox(make_inbox(max_attempts=2, backoff_seconds=0.05), fail, registry)
    body = body_of("job-1")
    with caplog.at_level(logging.INFO, logger="sharpapi_webhooks"):
        queue.accept(parse_event_unverified(body), body)
        time.sleep(0.1)  # the backoff; a worker's scheduled job would run it now
        item = queue.inbox.claim_id("job-1")
        assert item is not None
        assert queue.run(item) == "dead"
    assert queue.inbox.counts()["dead"] == 1
    assert metric(registry, "sharpapi_webhook_handler_failures_total") == 2
    assert metric(registry, "sharpapi_webhook_dead_letters_total") == 1
    outcomes = [(record.outcome, record.attempt) for record in caplog.records if hasattr(record, "outcome")]  # type: ignore[attr-defined]
    assert outcomes == [("handler_failed", 1), ("dead", 2)]


def test_the_sweeper_queues_what_a_dead_worker_left(make_inbox: MakeInbox) -> None:
    registry = CollectorRegistry()
    handled: List[str] = []
    inbox = make_inbox(lease_seconds=0.1)
    stored(inbox, "job-1")  # stored, never queued: the web process died before enqueue
    claimed = inbox.claim()  # and a worker that died mid-handler
    assert claimed is not None
    queue = HueyInbox(inbox, MemoryHuey(immediate=True), sweep_seconds=0.05, metrics=Metrics(registry))
    queue.handler(lambda event: handled.append(event.id))
    time.sleep(0.15)
    assert queue.sweep() == ["job-1"]
    assert handled == ["job-1"]
    assert inbox.get("job-1").attempts == 2  # type: ignore[union-attr]


# The web side: acknowledge, then process.


def flask_client(queue: Any) -> Any:
    app = Flask(__name__)
    app.config["SHARPAPI_WEBHOOK_SECRET"] = SECRET
    app.add_url_rule(URL, view_func=inbox_view(queue))
    return app.test_client()


def signed(body: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Signature": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()}


def test_flask_answers_202_then_200_duplicate_and_logs_each_delivery(
    make_inbox: MakeInbox, caplog: pytest.LogCaptureFixture
) -> None:
    registry = CollectorRegistry()
    handled: List[str] = []
    client = flask_client(huey_inbox(make_inbox(), lambda event: handled.append(event.id), registry))
    body = body_of("job-1")
    with caplog.at_level(logging.INFO, logger="sharpapi_webhooks"):
        first = client.post(URL, data=body, headers=signed(body))
        again = client.post(URL, data=body, headers=signed(body))
        tampered = client.post(URL, data=body.replace(b"job-1", b"job-2"), headers=signed(body))
        get = client.get(URL)
    assert (first.status_code, first.get_json()) == (202, {"id": "job-1", "outcome": "accepted"})
    assert (again.status_code, again.get_json()) == (200, {"id": "job-1", "outcome": "duplicate"})
    assert (tampered.status_code, tampered.get_json()["error"]) == (401, "InvalidSignature")
    assert get.status_code == 405
    assert handled == ["job-1"]
    lines = [record for record in caplog.records if hasattr(record, "body_bytes") and record.attempt is None]  # type: ignore[attr-defined]
    assert [(r.outcome, r.job_id, r.error_code, r.duplicate) for r in lines] == [  # type: ignore[attr-defined]
        ("accepted", "job-1", None, False),
        ("duplicate", "job-1", None, True),
        ("refused", None, "InvalidSignature", False),
        ("refused", None, "MethodNotAllowed", False),
    ]
    assert all(SECRET not in record.getMessage() and not hasattr(record, "body") for record in caplog.records)
    text = generate_latest(registry).decode()
    assert 'sharpapi_webhook_deliveries_total{outcome="accepted"} 1.0' in text
    assert 'sharpapi_webhook_deliveries_total{outcome="duplicate"} 1.0' in text
    assert 'sharpapi_webhook_refusals_total{error="InvalidSignature"} 1.0' in text
    assert "sharpapi_webhook_acknowledge_seconds_count 4.0" in text


def test_a_store_that_is_down_is_answered_503(caplog: pytest.LogCaptureFixture) -> None:
    queue = HueyInbox(RedisInbox.from_url("redis://127.0.0.1:1/0"), MemoryHuey(immediate=True), metrics=False)
    body = body_of("job-1")
    with caplog.at_level(logging.INFO, logger="sharpapi_webhooks"):
        answer = flask_client(queue).post(URL, data=body, headers=signed(body))
    assert answer.status_code == 503
    assert answer.get_json()["error"] == "StoreUnavailable"
    lines = [record for record in caplog.records if hasattr(record, "body_bytes")]
    assert [(r.outcome, r.job_id, r.error_code) for r in lines] == [("store_unavailable", "job-1", "StoreUnavailable")]  # type: ignore[attr-defined]


def test_starlette_answers_202_then_200_duplicate(make_inbox: MakeInbox) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Route

    from sharpapi_webhooks.starlette import InboxEndpoint

    from .servers import request, uvicorn_server

    handled: List[str] = []
    queue = huey_inbox(make_inbox(), lambda event: handled.append(event.id), CollectorRegistry())
    app = Starlette(routes=[Route(URL, InboxEndpoint(queue, SECRET))])
    body = body_of("job-1")
    with uvicorn_server(app) as port:
        answers = [request(port, "POST", URL, list(signed(body).items()), body) for _ in range(2)]
        put = request(port, "PUT", URL, list(signed(body).items()), body)
    assert [(answer.status, answer.json()["outcome"]) for answer in answers] == [(202, "accepted"), (200, "duplicate")]
    assert put.status == 405
    assert handled == ["job-1"]
