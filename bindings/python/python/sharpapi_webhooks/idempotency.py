"""Handle each SharpAPI event once, though SharpAPI delivers it again: a store of claims, and the
one flow every integration of this package follows.

SharpAPI retries a delivery that was not answered 2xx, up to three times, so one job id can
arrive more than once, and a retry can arrive while the first delivery is still being handled.
Once a delivery is verified, the flow (:func:`handle_once`, :func:`handle_once_async`) is:

1. ``store.claim(event_id)``: ``DONE`` → answer 200 ``"duplicate"`` without running the handler;
   ``IN_PROGRESS`` → answer 409 (SharpAPI retries later); ``CLAIMED`` → go on.
2. Run the handler. When it succeeded, ``store.complete(claim)``: the event counts as handled
   only now. When it raised (or answered other than 2xx), ``store.release(claim)``, so that
   SharpAPI's retry runs the handler again instead of being told "duplicate".

A claim is a lease (60 s by default): a process that dies mid-handler blocks the id only until
the lease runs out. Each claim holds a random token, and ``complete`` and ``release`` change the
store only while it still holds that token, so a handler that outlived its lease cannot undo or
finish the claim of the request that took the id over (they return ``False`` then).

Stores: :class:`MemoryStore` (one process, thread-safe), :class:`RedisStore` and
:class:`AsyncRedisStore` (redis-py, the ``redis`` extra: every process and server sharing one
Redis), :class:`DjangoCacheStore` (Django's cache framework, atomic only where its backend's
``add`` is). Any object with the three methods of :class:`IdempotencyStore` (or the coroutines of
:class:`AsyncIdempotencyStore`) will do.
"""

from __future__ import annotations

import enum
import hashlib
import inspect
import logging
import math
import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, Generic, Optional, Protocol, Tuple, TypeVar, Union, cast

if TYPE_CHECKING:  # optional dependencies, imported where used
    import redis
    import redis.asyncio
    from django.core.cache.backends.base import BaseCache

__all__ = [
    "DEFAULT_DONE_SECONDS",
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_PREFIX",
    "AsyncIdempotencyStore",
    "AsyncRedisStore",
    "Claim",
    "ClaimState",
    "DjangoCacheStore",
    "FlowResult",
    "IdempotencyStore",
    "MemoryStore",
    "Outcome",
    "RedisStore",
    "handle_once",
    "handle_once_async",
]

DEFAULT_LEASE_SECONDS = 60.0
"""How long a claim holds an event id while its handler runs, unless completed or released."""
DEFAULT_DONE_SECONDS = 7 * 24 * 3600.0
"""How long a handled event id is remembered: far longer than SharpAPI goes on retrying."""

_logger = logging.getLogger("sharpapi_webhooks")
T = TypeVar("T")


class ClaimState(enum.Enum):
    """What :meth:`IdempotencyStore.claim` found."""

    CLAIMED = "claimed"
    """The id is now this caller's to handle (and to complete or release)."""
    IN_PROGRESS = "in_progress"
    """Another request holds the id's claim and is handling it right now."""
    DONE = "done"
    """The event was handled already."""


@dataclass(frozen=True)
class Claim:
    """The answer of ``claim``; when ``state`` is ``CLAIMED``, ``token`` proves the claim is ours."""

    event_id: str
    state: ClaimState
    token: Optional[str] = None

    def _own_token(self) -> str:
        if self.state is not ClaimState.CLAIMED or self.token is None:
            raise ValueError(f"only a CLAIMED claim can be completed or released, not {self.state.name}")
        return self.token


class IdempotencyStore(Protocol):
    """Where claims live. ``claim`` must be atomic: of two concurrent claims of one id, one gets
    ``CLAIMED`` and the other ``IN_PROGRESS`` (or ``DONE``)."""

    def claim(self, event_id: str) -> Claim:
        """Claims ``event_id`` for a lease, unless it is claimed or done already."""
        ...

    def complete(self, claim: Claim) -> bool:
        """Marks the event done, if the claim is still the caller's; ``False`` when it is not."""
        ...

    def release(self, claim: Claim) -> bool:
        """Forgets the claim, if it is still the caller's; ``False`` when it is not."""
        ...


class AsyncIdempotencyStore(Protocol):
    """:class:`IdempotencyStore` for asyncio code: the same three methods, as coroutines."""

    async def claim(self, event_id: str) -> Claim:
        """Claims ``event_id`` for a lease, unless it is claimed or done already."""
        ...

    async def complete(self, claim: Claim) -> bool:
        """Marks the event done, if the claim is still the caller's; ``False`` when it is not."""
        ...

    async def release(self, claim: Claim) -> bool:
        """Forgets the claim, if it is still the caller's; ``False`` when it is not."""
        ...


def _milliseconds(seconds: float, what: str) -> int:
    if not seconds > 0 or math.isinf(seconds):
        raise ValueError(f"{what} must be a positive number of seconds, not {seconds!r}")
    return max(1, math.ceil(seconds * 1000))


def _new_token() -> str:
    return secrets.token_hex(16)


class MemoryStore:
    """Claims in this process's memory, behind a lock: right for one process (any number of
    threads, or one event loop; its methods never wait on anything but the lock, so async code
    may call them directly). Several processes or servers need a shared store
    (:class:`RedisStore`, :class:`DjangoCacheStore` over a shared cache). Expired entries are
    swept as new claims come in."""

    _SWEEP_EVERY = 1024

    def __init__(
        self,
        *,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        done_seconds: float = DEFAULT_DONE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        _milliseconds(lease_seconds, "lease_seconds")
        _milliseconds(done_seconds, "done_seconds")
        self._lease_seconds = lease_seconds
        self._done_seconds = done_seconds
        self._clock = clock
        self._lock = threading.Lock()
        # event id -> (the claim's token, or None once done; when the entry expires)
        self._entries: Dict[str, Tuple[Optional[str], float]] = {}
        self._claims_until_sweep = self._SWEEP_EVERY

    def __len__(self) -> int:
        """How many ids are claimed or done (expired ones included until swept)."""
        with self._lock:
            return len(self._entries)

    def claim(self, event_id: str) -> Claim:
        now = self._clock()
        with self._lock:
            self._claims_until_sweep -= 1
            if self._claims_until_sweep <= 0:
                self._claims_until_sweep = self._SWEEP_EVERY
                self._entries = {key: entry for key, entry in self._entries.items() if entry[1] > now}
            entry = self._entries.get(event_id)
            if entry is not None and entry[1] > now:
                return Claim(event_id, ClaimState.DONE if entry[0] is None else ClaimState.IN_PROGRESS)
            token = _new_token()
            self._entries[event_id] = (token, now + self._lease_seconds)
            return Claim(event_id, ClaimState.CLAIMED, token)

    def complete(self, claim: Claim) -> bool:
        token = claim._own_token()
        now = self._clock()
        with self._lock:
            entry = self._entries.get(claim.event_id)
            if entry is None or entry[0] != token:
                return False
            self._entries[claim.event_id] = (None, now + self._done_seconds)
            return True

    def release(self, claim: Claim) -> bool:
        token = claim._own_token()
        with self._lock:
            entry = self._entries.get(claim.event_id)
            if entry is None or entry[0] != token:
                return False
            del self._entries[claim.event_id]
            return True


# Redis: a claim is the key holding its token, with the lease as its expiry (SET NX PX); a done
# event is the key holding "done" for done_seconds. These scripts change the key only while it
# holds the caller's token (compare-and-set, compare-and-delete), atomically in Redis.
_DONE = "done"
_COMPLETE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""
_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
DEFAULT_PREFIX = "sharpapi-webhooks:event:"
"""What the shared stores put before an event id to make its key."""
# claim: SET NX fails, then GET finds nothing when the key expired in between; a few tries.
_CLAIM_TRIES = 3


def _state_of(value: object) -> Optional[ClaimState]:
    """A stored value's state: ``None`` (absent), done, or another's claim."""
    if value is None:
        return None
    return ClaimState.DONE if value in (_DONE, _DONE.encode()) else ClaimState.IN_PROGRESS


class RedisStore:
    """Claims in Redis, through redis-py (``pip install "sharpapi-webhooks[redis]"``): one store
    for every worker, process and server. ``claim`` is ``SET key token NX PX lease``; ``complete``
    and ``release`` are Lua scripts that compare the token and set or delete in one step.

    >>> store = RedisStore.from_url("redis://localhost:6379/0")
    """

    def __init__(
        self,
        client: "redis.Redis",
        *,
        prefix: str = DEFAULT_PREFIX,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        done_seconds: float = DEFAULT_DONE_SECONDS,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._lease_ms = _milliseconds(lease_seconds, "lease_seconds")
        self._done_ms = _milliseconds(done_seconds, "done_seconds")
        self._complete = client.register_script(_COMPLETE_SCRIPT)
        self._release = client.register_script(_RELEASE_SCRIPT)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> "RedisStore":
        """A store over ``redis.Redis.from_url(url)``; ``options`` go to the store."""
        import redis

        return cls(redis.Redis.from_url(url), **options)

    def claim(self, event_id: str) -> Claim:
        key = self._prefix + event_id
        token = _new_token()
        for _ in range(_CLAIM_TRIES):
            if self._client.set(key, token, nx=True, px=self._lease_ms):
                return Claim(event_id, ClaimState.CLAIMED, token)
            state = _state_of(self._client.get(key))
            if state is not None:
                return Claim(event_id, state)
        return Claim(event_id, ClaimState.IN_PROGRESS)

    def complete(self, claim: Claim) -> bool:
        token = claim._own_token()
        return bool(self._complete(keys=[self._prefix + claim.event_id], args=[token, _DONE, self._done_ms]))

    def release(self, claim: Claim) -> bool:
        token = claim._own_token()
        return bool(self._release(keys=[self._prefix + claim.event_id], args=[token]))


class AsyncRedisStore:
    """:class:`RedisStore` for asyncio apps (FastAPI, Starlette), over ``redis.asyncio``: the same
    keys and scripts, so both kinds of app may share one Redis."""

    def __init__(
        self,
        client: "redis.asyncio.Redis",
        *,
        prefix: str = DEFAULT_PREFIX,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        done_seconds: float = DEFAULT_DONE_SECONDS,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._lease_ms = _milliseconds(lease_seconds, "lease_seconds")
        self._done_ms = _milliseconds(done_seconds, "done_seconds")
        self._complete = client.register_script(_COMPLETE_SCRIPT)
        self._release = client.register_script(_RELEASE_SCRIPT)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> "AsyncRedisStore":
        """A store over ``redis.asyncio.Redis.from_url(url)``; ``options`` go to the store."""
        import redis.asyncio

        return cls(redis.asyncio.Redis.from_url(url), **options)

    async def claim(self, event_id: str) -> Claim:
        key = self._prefix + event_id
        token = _new_token()
        for _ in range(_CLAIM_TRIES):
            if await self._client.set(key, token, nx=True, px=self._lease_ms):
                return Claim(event_id, ClaimState.CLAIMED, token)
            state = _state_of(await self._client.get(key))
            if state is not None:
                return Claim(event_id, state)
        return Claim(event_id, ClaimState.IN_PROGRESS)

    async def complete(self, claim: Claim) -> bool:
        token = claim._own_token()
        return bool(await self._complete(keys=[self._prefix + claim.event_id], args=[token, _DONE, self._done_ms]))

    async def release(self, claim: Claim) -> bool:
        token = claim._own_token()
        return bool(await self._release(keys=[self._prefix + claim.event_id], args=[token]))


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,200}$")


class DjangoCacheStore:
    """Claims in Django's cache framework (``django.core.cache.cache``, or the cache given):
    ``claim`` is ``cache.add``, which stores a key only if it is absent.

    Whether that is atomic is the backend's: it is with Redis (``SET NX``), Memcached (``add``)
    and the database cache (the key is the table's primary key); the local-memory cache is
    atomic within one process only (a lock; each process has its own cache); the file cache
    checks, then writes (two requests can both claim), and the dummy cache keeps nothing (every
    delivery is handled). Django's cache has no compare-and-set, so ``complete`` and ``release``
    read the token, then write: safe unless the lease ran out and another request claimed the
    id between those two steps (keep the lease well above the handler's longest run). An event
    id that is not a short plain key is stored by its SHA-256, which every backend accepts.
    """

    def __init__(
        self,
        cache: Optional["BaseCache"] = None,
        *,
        prefix: str = DEFAULT_PREFIX,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        done_seconds: float = DEFAULT_DONE_SECONDS,
    ) -> None:
        if cache is None:
            from django.core.cache import cache as default_cache

            cache = default_cache
        self._cache = cache
        self._prefix = prefix
        # Django's timeouts are seconds; Memcached takes whole ones.
        self._lease = math.ceil(_milliseconds(lease_seconds, "lease_seconds") / 1000)
        self._done = math.ceil(_milliseconds(done_seconds, "done_seconds") / 1000)

    def _key(self, event_id: str) -> str:
        if _PLAIN_KEY.match(event_id):
            return self._prefix + event_id
        return self._prefix + "sha256:" + hashlib.sha256(event_id.encode("utf-8", "surrogatepass")).hexdigest()

    def claim(self, event_id: str) -> Claim:
        key = self._key(event_id)
        token = _new_token()
        for _ in range(_CLAIM_TRIES):
            if self._cache.add(key, token, timeout=self._lease):
                return Claim(event_id, ClaimState.CLAIMED, token)
            state = _state_of(self._cache.get(key))
            if state is not None:
                return Claim(event_id, state)
        return Claim(event_id, ClaimState.IN_PROGRESS)

    def complete(self, claim: Claim) -> bool:
        token = claim._own_token()
        key = self._key(claim.event_id)
        if self._cache.get(key) != token:
            return False
        self._cache.set(key, _DONE, timeout=self._done)
        return True

    def release(self, claim: Claim) -> bool:
        token = claim._own_token()
        key = self._key(claim.event_id)
        if self._cache.get(key) != token:
            return False
        self._cache.delete(key)
        return True


class Outcome(enum.Enum):
    """What the flow did with a verified event."""

    HANDLED = "handled"
    """The handler ran; its answer is the response."""
    DUPLICATE = "duplicate"
    """The event was handled already: answer 200, the handler did not run."""
    IN_PROGRESS = "in_progress"
    """Another request is handling it now: answer 409 so that SharpAPI retries."""


@dataclass(frozen=True)
class FlowResult(Generic[T]):
    """The flow's outcome, and the handler's answer when it ran."""

    outcome: Outcome
    answer: Optional[T] = None


def _always(_answer: object) -> bool:
    return True


def _claimed_or_result(claim: Claim) -> Optional[FlowResult[Any]]:
    if claim.state is ClaimState.DONE:
        return FlowResult(Outcome.DUPLICATE)
    if claim.state is ClaimState.IN_PROGRESS:
        return FlowResult(Outcome.IN_PROGRESS)
    return None


def _warn_lost(claim: Claim) -> None:
    _logger.warning(
        "sharpapi_webhooks: the claim on event %s ran out before its handler finished, and another "
        "request may have handled the event too; make the lease longer than the handler's longest run",
        claim.event_id,
    )


def _log_release_failure(claim: Claim) -> None:
    _logger.exception(
        "sharpapi_webhooks: could not release the claim on event %s; SharpAPI's retries get 409 "
        "until its lease runs out",
        claim.event_id,
    )


def handle_once(
    store: Optional[IdempotencyStore],
    event_id: str,
    handler: Callable[[], T],
    *,
    succeeded: Callable[[T], bool] = _always,
) -> FlowResult[T]:
    """Runs ``handler`` for a verified event unless ``store`` says it ran already or is running
    now (see the module's documentation); without a store, just runs it. ``succeeded(answer)``
    tells whether the handler's answer counts as handled (an integration passes "the status is
    2xx"); when it does not, or the handler raises, the claim is released (and the exception
    raised again)."""
    if store is None:
        return FlowResult(Outcome.HANDLED, handler())
    claim = store.claim(event_id)
    early = _claimed_or_result(claim)
    if early is not None:
        return early
    try:
        answer = handler()
    except BaseException:
        try:
            store.release(claim)
        except Exception:
            _log_release_failure(claim)
        raise
    if succeeded(answer):
        if not store.complete(claim):
            _warn_lost(claim)
    else:
        store.release(claim)
    return FlowResult(Outcome.HANDLED, answer)


async def _result(value: Union[T, Awaitable[T]]) -> T:
    if inspect.isawaitable(value):
        return cast(T, await value)
    return value


async def handle_once_async(
    store: Union[AsyncIdempotencyStore, IdempotencyStore, None],
    event_id: str,
    handler: Callable[[], Awaitable[T]],
    *,
    succeeded: Callable[[T], bool] = _always,
) -> FlowResult[T]:
    """:func:`handle_once` for a coroutine handler. ``store`` may be an
    :class:`AsyncIdempotencyStore` or an :class:`IdempotencyStore`, whose methods are then called
    on the event loop: right for :class:`MemoryStore`, which never waits (the Starlette and
    FastAPI integrations run other synchronous stores in a worker thread)."""
    if store is None:
        return FlowResult(Outcome.HANDLED, await handler())
    claim: Claim = await _result(store.claim(event_id))
    early = _claimed_or_result(claim)
    if early is not None:
        return early
    try:
        answer = await handler()
    except BaseException:
        try:
            await _result(store.release(claim))
        except Exception:
            _log_release_failure(claim)
        raise
    if succeeded(answer):
        if not await _result(store.complete(claim)):
            _warn_lost(claim)
    else:
        await _result(store.release(claim))
    return FlowResult(Outcome.HANDLED, answer)
