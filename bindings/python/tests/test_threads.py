"""One verifier shared by 8 threads, each checking 10,000 deliveries."""

from __future__ import annotations

import hashlib
import hmac
from concurrent.futures import ThreadPoolExecutor

from sharpapi_webhooks import Verifier

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
