"""The idempotency stores (memory, Redis through redis-py against a real redis-server, Django's
cache) against one contract, and the flow every integration follows."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from typing import Callable, Iterator, List

import django
import pytest
import redis
import redis.asyncio

from sharpapi_webhooks.idempotency import (
    DEFAULT_PREFIX,
    AsyncRedisStore,
    Claim,
    ClaimState,
    DjangoCacheStore,
    IdempotencyStore,
    MemoryStore,
    Outcome,
    RedisStore,
    handle_once,
    handle_once_async,
)

from .servers import redis_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.django_project.settings")
django.setup()

from django.core.cache import caches  # noqa: E402  (needs the settings above)

MakeStore = Callable[..., IdempotencyStore]


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(params=["memory", "redis", "django-cache"])
def make_store(request: pytest.FixtureRequest) -> Iterator[MakeStore]:
    """A factory of stores of one kind, each over an empty backend."""
    if request.param == "memory":
        yield MemoryStore
    elif request.param == "redis":
        client = redis.Redis.from_url(request.getfixturevalue("redis_url"))
        client.flushdb()
        yield lambda **options: RedisStore(client, **options)
        client.close()
    else:
        cache = caches["default"]
        cache.clear()
        yield lambda **options: DjangoCacheStore(cache, **options)


def short_lease(make_store: MakeStore) -> float:
    """The shortest lease the store keeps exactly: Django's cache counts whole seconds."""
    return 1.0 if make_store(lease_seconds=1).__class__ is DjangoCacheStore else 0.2


def test_a_claim_then_complete_makes_the_event_done(make_store: MakeStore) -> None:
    store = make_store()
    claim = store.claim("job-1")
    assert claim.state is ClaimState.CLAIMED and claim.token
    assert store.claim("job-1").state is ClaimState.IN_PROGRESS
    assert store.complete(claim) is True
    assert store.claim("job-1") == Claim("job-1", ClaimState.DONE)
    assert store.claim("job-2").state is ClaimState.CLAIMED


def test_a_released_claim_can_be_claimed_again(make_store: MakeStore) -> None:
    store = make_store()
    first = store.claim("job-1")
    assert store.release(first) is True
    second = store.claim("job-1")
    assert second.state is ClaimState.CLAIMED and second.token != first.token


def test_only_the_claimer_completes_or_releases(make_store: MakeStore) -> None:
    store = make_store()
    stale = store.claim("job-1")
    store.release(stale)
    current = store.claim("job-1")
    assert store.complete(stale) is False
    assert store.release(stale) is False
    assert store.claim("job-1").state is ClaimState.IN_PROGRESS  # the current claim stands
    assert store.complete(current) is True
    assert store.release(current) is False  # done now: no claim left to release
    assert store.claim("job-1").state is ClaimState.DONE


def test_a_claim_is_a_lease(make_store: MakeStore) -> None:
    lease = short_lease(make_store)
    store = make_store(lease_seconds=lease)
    expired = store.claim("job-1")
    time.sleep(lease + 0.15)
    taken_over = store.claim("job-1")
    assert taken_over.state is ClaimState.CLAIMED
    assert store.complete(expired) is False
    assert store.complete(taken_over) is True


def test_a_done_event_is_forgotten_after_done_seconds(make_store: MakeStore) -> None:
    lease = short_lease(make_store)
    store = make_store(done_seconds=lease)
    store.complete(store.claim("job-1"))
    assert store.claim("job-1").state is ClaimState.DONE
    time.sleep(lease + 0.15)
    assert store.claim("job-1").state is ClaimState.CLAIMED


def test_only_a_claimed_claim_is_completed_or_released(make_store: MakeStore) -> None:
    store = make_store()
    store.claim("job-1")
    in_progress = store.claim("job-1")
    with pytest.raises(ValueError, match="IN_PROGRESS"):
        store.complete(in_progress)
    with pytest.raises(ValueError, match="IN_PROGRESS"):
        store.release(in_progress)


@pytest.mark.parametrize("event_id", ["with spaces and\ttabs", "caf\u00e9-\u2603", "x" * 300, ""])
def test_any_event_id_is_a_key(make_store: MakeStore, event_id: str) -> None:
    store = make_store()
    claim = store.claim(event_id)
    assert claim.state is ClaimState.CLAIMED
    assert store.complete(claim)
    assert store.claim(event_id).state is ClaimState.DONE


def test_of_concurrent_claims_one_wins(make_store: MakeStore) -> None:
    store = make_store()
    threads = 16
    barrier = threading.Barrier(threads)
    states: List[ClaimState] = []
    lock = threading.Lock()

    def claim() -> None:
        barrier.wait()
        state = store.claim("contested").state
        with lock:
            states.append(state)

    workers = [threading.Thread(target=claim) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert states.count(ClaimState.CLAIMED) == 1
    assert states.count(ClaimState.IN_PROGRESS) == threads - 1


def test_bad_durations_are_refused() -> None:
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="lease_seconds"):
            MemoryStore(lease_seconds=bad)
    with pytest.raises(ValueError, match="done_seconds"):
        MemoryStore(done_seconds=0)


def test_the_memory_store_sweeps_expired_entries() -> None:
    now = [0.0]
    store = MemoryStore(lease_seconds=10, done_seconds=100, clock=lambda: now[0])
    for index in range(1000):
        store.complete(store.claim(f"done-{index}"))
    store.claim("still-claimed")
    now[0] = 50.0
    assert len(store) == 1001  # nothing expired yet
    now[0] = 150.0
    for index in range(30):
        store.claim(f"new-{index}")
    assert len(store) == 30  # the 1024th claim swept the done and the expired claim


def test_redis_keeps_the_token_then_done_with_their_expiry(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    store = RedisStore(client, prefix="test:", lease_seconds=30, done_seconds=3600)
    claim = store.claim("job-1")
    assert client.get("test:job-1") == claim.token
    assert 29_000 < client.pttl("test:job-1") <= 30_000
    assert store.claim("job-1").state is ClaimState.IN_PROGRESS  # decoded replies work too
    store.complete(claim)
    assert client.get("test:job-1") == "done"
    assert 3_590_000 < client.pttl("test:job-1") <= 3_600_000
    assert store.claim("job-1").state is ClaimState.DONE
    from_url = RedisStore.from_url(redis_url, prefix="test:")
    assert from_url.claim("job-1").state is ClaimState.DONE
    from_url._client.close()
    assert client.exists(DEFAULT_PREFIX + "job-1") == 0
    client.close()


def test_the_async_redis_store_shares_the_sync_ones_keys(redis_url: str) -> None:
    sync_client = redis.Redis.from_url(redis_url)
    sync_store = RedisStore(sync_client, prefix="shared:")

    async def scenario() -> None:
        store = AsyncRedisStore.from_url(redis_url, prefix="shared:")
        claim = await store.claim("job-async")
        assert claim.state is ClaimState.CLAIMED
        assert (await store.claim("job-async")).state is ClaimState.IN_PROGRESS
        assert sync_store.claim("job-async").state is ClaimState.IN_PROGRESS
        assert await store.release(claim) is True
        claim = await store.claim("job-async")
        assert await store.complete(claim) is True
        assert await store.complete(claim) is False
        assert sync_store.claim("job-async").state is ClaimState.DONE
        await store._client.aclose()

    asyncio.run(scenario())
    sync_client.close()


# The flow.


def test_the_flow_handles_once_then_answers_duplicate() -> None:
    store = MemoryStore()
    calls: List[str] = []

    def handler() -> str:
        calls.append("ran")
        return "answer"

    first = handle_once(store, "job-1", handler)
    assert (first.outcome, first.answer) == (Outcome.HANDLED, "answer")
    again = handle_once(store, "job-1", handler)
    assert (again.outcome, again.answer) == (Outcome.DUPLICATE, None)
    assert calls == ["ran"]


def test_a_failing_handler_releases_its_claim() -> None:
    store = MemoryStore()

    def failing() -> str:
        raise RuntimeError("the handler failed")

    with pytest.raises(RuntimeError, match="the handler failed"):
        handle_once(store, "job-1", failing)
    assert handle_once(store, "job-1", lambda: "second try").answer == "second try"
    assert handle_once(store, "job-1", lambda: "third").outcome is Outcome.DUPLICATE


def test_an_answer_that_is_no_success_releases_the_claim() -> None:
    store = MemoryStore()
    result = handle_once(store, "job-1", lambda: 503, succeeded=lambda status: status < 300)
    assert (result.outcome, result.answer) == (Outcome.HANDLED, 503)
    assert handle_once(store, "job-1", lambda: 200, succeeded=lambda status: status < 300).answer == 200


def test_an_event_being_handled_is_in_progress() -> None:
    store = MemoryStore()
    store.claim("job-1")
    assert handle_once(store, "job-1", lambda: "never").outcome is Outcome.IN_PROGRESS


def test_without_a_store_the_handler_just_runs() -> None:
    assert [handle_once(None, "job-1", lambda: "ran").outcome for _ in range(2)] == [Outcome.HANDLED] * 2


def test_a_lease_that_ran_out_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    store = MemoryStore(lease_seconds=0.05)

    def slow() -> str:
        time.sleep(0.1)
        store.claim("job-1")  # another request takes the id over meanwhile
        return "done"

    with caplog.at_level(logging.WARNING, logger="sharpapi_webhooks"):
        assert handle_once(store, "job-1", slow).outcome is Outcome.HANDLED
    assert "ran out before its handler finished" in caplog.text


def test_a_store_failing_to_release_keeps_the_handlers_exception(caplog: pytest.LogCaptureFixture) -> None:
    class Unreachable(MemoryStore):
        def release(self, claim: Claim) -> bool:
            raise ConnectionError("the store is down")

    def failing() -> str:
        raise RuntimeError("the handler failed")

    with caplog.at_level(logging.ERROR, logger="sharpapi_webhooks"), pytest.raises(RuntimeError, match="handler"):
        handle_once(Unreachable(), "job-1", failing)
    assert "could not release the claim on event job-1" in caplog.text


def test_the_async_flow_with_a_sync_and_an_async_store(redis_url: str) -> None:
    async def scenario() -> None:
        client = redis.asyncio.Redis.from_url(redis_url)
        for store in (MemoryStore(), AsyncRedisStore(client, prefix="flow:")):
            calls: List[str] = []

            async def handler() -> str:
                calls.append("ran")
                return "answer"

            async def failing() -> str:
                raise RuntimeError("the handler failed")

            with pytest.raises(RuntimeError):
                await handle_once_async(store, "job-1", failing)
            assert (await handle_once_async(store, "job-1", handler)).answer == "answer"
            assert (await handle_once_async(store, "job-1", handler)).outcome is Outcome.DUPLICATE
            assert calls == ["ran"]
        await client.aclose()

    asyncio.run(scenario())
