#!/usr/bin/env python3
"""construct_event through the Python package against the standard library's path, in one run.

The stdlib path is what the vendor's Python snippet does, done right: hmac.new(...).hexdigest(),
hmac.compare_digest, json.loads of the whole body. Ours is Verifier.construct_event (the C ABI
through ctypes); "+parsed" also reads event.result, the result parsed, which the stdlib path has
too; "headers" is construct_event_from_headers with a request's typical headers, as the Flask and
Django integrations call it. Each figure is the best of several interleaved rounds of the
process's CPU time, so that both sides see the same machine.

At 64 KiB and 1 MiB the figures include the page faults of the allocator's fresh memory (glibc
gives a freed block back to the system and faults it in again on the next call): both sides pay
them, not equally, and what they cost depends on the machine. MALLOC_TRIM_THRESHOLD_=268435456
MALLOC_MMAP_THRESHOLD_=67108864 in the environment tell glibc to keep freed memory, which shows
the figures without them.

    scripts/bench_python.sh [--profile]   # target/python/venv-3.11/bin/python scripts/bench_python.py
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import hmac
import json
import pstats
import time
import timeit
from typing import Callable, Dict

import sharpapi_webhooks

SECRET = "whsec_benchmark"
SIZES = {"200 B": 200, "1 KiB": 1 << 10, "64 KiB": 64 << 10, "1 MiB": 1 << 20}


def delivery(size: int) -> bytes:
    head = b'{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"content":"'
    tail = b'"}}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def request_headers(signature: str) -> Dict[str, str]:
    """The headers of a delivery as a web framework gives them."""
    return {
        "Host": "example.com",
        "User-Agent": "SharpAPIWebhook/1.0",
        "Accept": "*/*",
        "Accept-Encoding": "gzip, deflate",
        "Content-Type": "application/json",
        "Content-Length": "1024",
        "X-Forwarded-For": "203.0.113.7",
        "X-Signature": signature,
    }


def best_per_call(calls: Dict[str, Callable[[], object]], rounds: int = 7) -> Dict[str, float]:
    # The process's CPU time, not the wall clock: on a shared machine another process's turn on
    # the CPU is not ours, and the wall clock would charge it to whichever side ran then.
    numbers = {name: max(1, timeit.Timer(call, timer=time.process_time).autorange()[0]) for name, call in calls.items()}
    best = {name: float("inf") for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            number = numbers[name]
            best[name] = min(best[name], timeit.timeit(call, number=number, timer=time.process_time) / number)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--profile", action="store_true", help="cProfile construct_event (+ result) and construct_event_from_headers at 200 B"
    )
    args = parser.parse_args()

    key = SECRET.encode()
    verifier = sharpapi_webhooks.Verifier(SECRET)
    print(f"sharpapi_webhooks {sharpapi_webhooks.__version__}: construct_event vs the stdlib path (µs per call)")
    print(
        f"{'size':>7} | {'ours':>8} | {'stdlib':>8} | {'ratio':>6} | {'+parsed':>8} | {'ratio':>6}"
        f" | {'headers':>8} | {'ratio':>6}"
    )
    ratios = []
    for label, size in SIZES.items():
        body = delivery(size)
        signature = hmac.new(key, body, hashlib.sha256).hexdigest()
        headers = request_headers(signature)

        def stdlib() -> object:
            computed = hmac.new(key, body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(computed, signature):
                raise ValueError("invalid signature")
            return json.loads(body)

        def ours() -> object:
            return verifier.construct_event(body, signature)

        def ours_with_result() -> object:
            return verifier.construct_event(body, signature).result

        def from_headers() -> object:
            return verifier.construct_event_from_headers(body, headers)

        assert verifier.construct_event(body, signature).id == stdlib()["id"]  # type: ignore[index]
        calls = {"ours": ours, "stdlib": stdlib, "result": ours_with_result, "headers": from_headers}
        times = {name: seconds * 1e6 for name, seconds in best_per_call(calls).items()}
        stdlib_us = times["stdlib"]
        print(
            f"{label:>7} | {times['ours']:8.2f} | {stdlib_us:8.2f} | {times['ours'] / stdlib_us:5.2f}x"
            f" | {times['result']:8.2f} | {times['result'] / stdlib_us:5.2f}x"
            f" | {times['headers']:8.2f} | {times['headers'] / stdlib_us:5.2f}x"
        )
        ratios.append((f"construct_event {label.replace(' ', '')}", times["ours"], stdlib_us))
        ratios.append((f"construct_event + parsed result {label.replace(' ', '')}", times["result"], stdlib_us))

    # One line each, gathered by scripts/bench.sh: the peer is hmac + compare_digest + json.loads.
    for what, ours_us, peer_us in ratios:
        ratio = ours_us / peer_us
        print(
            f"ratio python {what}: ours {ours_us:.3f} µs, stdlib hmac+json.loads {peer_us:.3f} µs"
            f" = {ratio:.3f}x (target <= 1.0: {'meets' if ratio <= 1.0 else 'MISSES'})"
        )

    if args.profile:
        # Where the Python side of a small delivery goes. cProfile lists no ctypes call: the time
        # of the foreign calls is in their callers' own time (tottime).
        body = delivery(200)
        signature = hmac.new(key, body, hashlib.sha256).hexdigest()
        headers = request_headers(signature)
        for what, call in (
            ("construct_event(...).result", lambda: verifier.construct_event(body, signature).result),
            ("construct_event_from_headers", lambda: verifier.construct_event_from_headers(body, headers)),
        ):
            print(f"\n== cProfile: {what} at 200 B, 20,000 calls")
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [call() for _ in range(20000)])
            pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
