"""Every shared vector through the public API. With SHARPAPI_CONFORMANCE_DIR set, the outcomes the
package produced are also written to $SHARPAPI_CONFORMANCE_DIR/python.json, for the
cross-language table (scripts/conformance.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

import sharpapi_webhooks as webhooks

from .conftest import load_vectors, raw_body, text

VECTORS = load_vectors()
Outcome = Dict[str, Any]


def outcome(call: Callable[[], webhooks.WebhookEvent]) -> Outcome:
    try:
        event = call()
    except webhooks.WebhookError as error:
        if isinstance(error, webhooks.InvalidPayload):
            assert " at line " in str(error) and " column " in str(error), str(error)
        return {"error": type(error).__name__}
    return {
        "event": {
            "id": event.id,
            "status": event.status.value,
            "type": event.type.value,
            "result": event.result_json,
            "status_known": event.status.is_known,
            "type_known": event.type.is_known,
        }
    }


def verdict(call: Callable[[], bool]) -> str:
    try:
        assert call() is True
    except webhooks.WebhookError as error:
        return type(error).__name__
    return "ok"


def signed(body: bytes, secret: str) -> Optional[str]:
    try:
        return webhooks.sign(body, secret)
    except webhooks.InvalidSecret:
        return None


@pytest.fixture(scope="module")
def conformance() -> Iterator[Dict[str, Outcome]]:
    outcomes: Dict[str, Outcome] = {}
    yield outcomes
    directory = os.environ.get("SHARPAPI_CONFORMANCE_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        report = {"language": "python", "outcomes": outcomes}
        (Path(directory) / "python.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(vector: Dict[str, Any], conformance: Dict[str, Outcome]) -> None:
    body = raw_body(vector)
    secrets: List[str] = [text(secret) for secret in vector["secrets"]]

    def verifier() -> webhooks.Verifier:
        return webhooks.Verifier(secrets)

    actual: Outcome = {"sign": [signed(body, secret) for secret in secrets]}
    if "headers" in vector:
        # Every header as its own pair, repeated ones included: never joined.
        headers = [(name, value) for name, value in vector["headers"]]
        actual["construct_event"] = outcome(lambda: verifier().construct_event_from_headers(body, headers))
    else:
        signature: Optional[str] = vector["signature"]
        actual["verify"] = verdict(lambda: verifier().verify(body, signature))
        actual["construct_event"] = outcome(lambda: verifier().construct_event(body, signature))
    actual["parse_event_unverified"] = outcome(lambda: webhooks.parse_event_unverified(body))
    conformance[vector["name"]] = actual
    assert actual == vector["expected"]

    # The other ways to the same answers.
    if "headers" in vector:
        if len(secrets) == 1:
            got = outcome(lambda: webhooks.construct_event_from_headers(body, headers, secrets[0]))
            assert got == vector["expected"]["construct_event"]
        return
    if actual["verify"] != "InvalidSecret":
        assert verifier().is_valid(body, signature) == (actual["verify"] == "ok")
    # The same delivery handed over as a header (none when the signature is absent), and as bytes.
    header_list = [] if signature is None else [("X-Signature", signature)]
    assert outcome(lambda: verifier().construct_event_from_headers(body, header_list)) == actual["construct_event"]
    if signature is not None:
        as_bytes = signature.encode("utf-8", "surrogatepass")
        assert outcome(lambda: verifier().construct_event(body, as_bytes)) == actual["construct_event"]
    if len(secrets) == 1:
        assert verdict(lambda: webhooks.verify(body, signature, secrets[0])) == actual["verify"]
        assert outcome(lambda: webhooks.construct_event(body, signature, secrets[0])) == actual["construct_event"]
