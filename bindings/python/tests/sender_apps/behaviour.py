"""What every test app does the same way: its configuration from the suite's environment, and
the user handler's behaviour (sleep_ms, fail_attempts, the handled log)."""

from __future__ import annotations

import asyncio
import collections
import os
import threading
import time
from typing import Any, Dict, List, Optional, Union

from sharpapi_webhooks import WebhookEvent
from sharpapi_webhooks.idempotency import AsyncIdempotencyStore, AsyncRedisStore, IdempotencyStore, MemoryStore, RedisStore


def port() -> int:
    return int(os.environ["PORT"])


def secrets() -> List[str]:
    """The current secret, then the previous one (rotation)."""
    return [os.environ["SHARPAPI_WEBHOOK_SECRET"], os.environ["SHARPAPI_WEBHOOK_PREVIOUS_SECRET"]]


def max_body_bytes() -> Optional[int]:
    configured = os.environ.get("SHARPAPI_MAX_BODY_BYTES")
    return None if configured is None else int(configured)


def _redis_url() -> Optional[str]:
    if os.environ.get("SHARPAPI_IDEMPOTENCY") == "redis":
        return os.environ["REDIS_URL"]
    return None


def store() -> IdempotencyStore:
    url = _redis_url()
    return MemoryStore() if url is None else RedisStore.from_url(url)


def async_store() -> Union[IdempotencyStore, AsyncIdempotencyStore]:
    url = _redis_url()
    return MemoryStore() if url is None else AsyncRedisStore.from_url(url)


class HandlerFailure(Exception):
    """What the handler raises while an event's fail_attempts last."""


_attempts: Dict[str, int] = collections.defaultdict(int)
_attempts_lock = threading.Lock()


def _instructions(event: WebhookEvent) -> Dict[str, Any]:
    result = event.result
    return result if isinstance(result, dict) else {}


def _attempt(event: WebhookEvent) -> None:
    """Counts this call for the event and raises while its fail_attempts last."""
    with _attempts_lock:
        _attempts[event.id] += 1
        attempt = _attempts[event.id]
    fail_attempts = _instructions(event).get("fail_attempts")
    if isinstance(fail_attempts, int) and attempt <= fail_attempts:
        raise HandlerFailure(f"attempt {attempt} of event {event.id} fails, as asked")


def record_line(line: str) -> None:
    """One line in the handled log: opened to append, one write, closed."""
    descriptor = os.open(os.environ["SHARPAPI_HANDLED_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line.encode())
    finally:
        os.close(descriptor)


def _record(event: WebhookEvent) -> None:
    record_line(f"{event.id}\n")


def _sleep_seconds(event: WebhookEvent) -> float:
    sleep_ms = _instructions(event).get("sleep_ms")
    return sleep_ms / 1000 if isinstance(sleep_ms, (int, float)) else 0.0


def handle(event: WebhookEvent) -> Dict[str, str]:
    """The user handler: sleep_ms, then fail_attempts, then the log; the JSON answer."""
    time.sleep(_sleep_seconds(event))
    _attempt(event)
    _record(event)
    return {"id": event.id, "outcome": "handled"}


async def handle_async(event: WebhookEvent) -> Dict[str, str]:
    """:func:`handle` for an async app: it sleeps without holding the event loop."""
    await asyncio.sleep(_sleep_seconds(event))
    _attempt(event)
    _record(event)
    return {"id": event.id, "outcome": "handled"}
