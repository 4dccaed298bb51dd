"""One verifier shared by 8 threads, each checking 10,000 deliveries."""

from __future__ import annotations

import hashlib
import hmac
from concurrent.futures import ThreadPoolExecutor

from sharpapi_webhooks import InvalidPayload, Verifier

SECRETS = ["whsec_threads_new", "whsec_threads_old"]
THREADS = 8
DELIVERIES = 10_000


def delivery(thread: int, index: int) -> bytes:
    return f'{{"id":"job-{thread}-{index}","status":"success","type":"content_summarize"}}'.encode()


def check_deliveries(verifier: Verifier, thread: int) -> int:
    correct = 0
    for index in range(DELIVERIES):
        body = delivery(thread, index)
        secret = SECRETS[index % 2].encode()
        signature = hmac.new(secret, body, hashlib.sha256).hexdigest()
        if index % 3 == 0:
            # A tampered delivery must fail in every thread too.
            correct += not verifier.is_valid(body + b" ", signature)
        else:
            correct += verifier.construct_event(body, signature).id == f"job-{thread}-{index}"
    return correct


def test_threads_share_one_verifier() -> None:
    verifier = Verifier(SECRETS)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda thread: check_deliveries(verifier, thread), range(THREADS)))
    assert results == [DELIVERIES] * THREADS


def invalid_delivery(index: int) -> bytes:
    """A body that is no event, whose error stands at a column of its own (the padding's length)."""
    return f'{{"padding":"{"x" * index}","id":{index}}}'.encode()


def failure_message(verifier: Verifier, body: bytes) -> str:
    signature = hmac.new(SECRETS[0].encode(), body, hashlib.sha256).hexdigest()
    try:
        verifier.construct_event(body, signature)
    except InvalidPayload as error:
        return str(error)
    raise AssertionError("an invalid delivery was accepted")


def test_each_thread_gets_the_message_of_its_own_failure() -> None:
    # The library keeps the last failure's message per thread: every thread must read the message
    # of the body that it sent (its own column), whatever the other threads are doing.
    verifier = Verifier(SECRETS)
    expected = [failure_message(verifier, invalid_delivery(index)) for index in range(100)]
    assert len(set(expected)) == 100 and all(" at line 1 column " in message for message in expected)

    def check(thread: int) -> int:
        return sum(
            failure_message(verifier, invalid_delivery(index % 100)) == expected[index % 100]
            for index in range(thread, thread + 2_000)
        )

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        assert list(pool.map(check, range(THREADS))) == [2_000] * THREADS
