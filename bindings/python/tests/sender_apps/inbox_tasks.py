"""The inbox test apps' shared part, imported by the web apps and by the worker, as a user's
``tasks.py`` would be: the inbox and Huey from ``SHARPAPI_INBOX`` (``sqlite:///PATH`` or
``redis://HOST:PORT/DB``), and the user handler. The worker is Huey's own command, from
bindings/python:

    huey_consumer tests.sender_apps.inbox_tasks.huey -w 4 -k thread -d 0.05 -m 0.5

Test settings (all optional): SHARPAPI_INBOX_LEASE_SECONDS, SHARPAPI_INBOX_SWEEP_SECONDS,
SHARPAPI_INBOX_MAX_ATTEMPTS, SHARPAPI_INBOX_BACKOFF_SECONDS; SHARPAPI_TEST_FAIL_WHILE_FILE: the
handler raises while that file exists (a bug a person fixes before replaying the dead job)."""

from __future__ import annotations

import os
import time
from typing import Any, Dict, Union

from huey import RedisHuey, SqliteHuey

from sharpapi_webhooks import WebhookEvent
from sharpapi_webhooks.huey import HueyInbox
from sharpapi_webhooks.inbox import open_inbox

from . import behaviour

_url = os.environ["SHARPAPI_INBOX"]


def _setting(name: str, default: str) -> float:
    return float(os.environ.get(name, default))


store = open_inbox(
    _url,
    lease_seconds=_setting("SHARPAPI_INBOX_LEASE_SECONDS", "60"),
    max_attempts=int(_setting("SHARPAPI_INBOX_MAX_ATTEMPTS", "5")),
    backoff_seconds=_setting("SHARPAPI_INBOX_BACKOFF_SECONDS", "1"),
)
huey: Union[RedisHuey, SqliteHuey] = (
    RedisHuey("sharpapi-test", url=_url)
    if _url.startswith("redis://")
    else SqliteHuey("sharpapi-test", filename=_url[len("sqlite://"):] + ".queue", timeout=30)
)
inbox = HueyInbox(store, huey, sweep_seconds=_setting("SHARPAPI_INBOX_SWEEP_SECONDS", "30"))


class HandlerFailure(Exception):
    """What the handler raises while an event's fail_attempts last."""


def _instructions(event: WebhookEvent) -> Dict[str, Any]:
    return event.result if isinstance(event.result, dict) else {}


@inbox.handler
def handle(event: WebhookEvent) -> None:
    """The user handler, in the worker: sleep_ms, then fail_attempts (counted by the inbox's
    durable attempts, not in memory), then one line ``<id>\\t<time>`` in the handled log."""
    sleep_ms = _instructions(event).get("sleep_ms")
    if isinstance(sleep_ms, (int, float)):
        time.sleep(sleep_ms / 1000)
    fail_attempts = _instructions(event).get("fail_attempts")
    broken = os.environ.get("SHARPAPI_TEST_FAIL_WHILE_FILE")
    if broken and os.path.exists(broken):
        raise HandlerFailure("the handler is broken (test)")
    record = store.get(event.id)
    attempt = record.attempts if record is not None else 1
    if isinstance(fail_attempts, int) and attempt <= fail_attempts:
        raise HandlerFailure(f"attempt {attempt} of event {event.id} fails, as asked")
    behaviour.record_line(f"{event.id}\t{time.time()}\n")
