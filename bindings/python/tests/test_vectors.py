"""Every shared vector through both paths of the package: the public API (whose per-request
calls take the C ABI) and the generated UniFFI module (the general surface)."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Union

import pytest

import sharpapi_webhooks as webhooks
from sharpapi_webhooks import _native

from .conftest import load_vectors, raw_body

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


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_through_the_public_api(vector: Dict[str, Any]) -> None:
    body = raw_body(vector)
    expected = vector["expected"]
    secrets = vector["secrets"]

    for secret, expected_signature in zip(secrets, expected["sign"]):
        if expected_signature is None:
            with pytest.raises(webhooks.InvalidSecret):
                webhooks.sign(body, secret)
        else:
            assert webhooks.sign(body, secret) == expected_signature

    def verifier() -> webhooks.Verifier:
        return webhooks.Verifier(secrets)

    if "headers" in vector:
        headers = [(name, value) for name, value in vector["headers"]]
        got = outcome(lambda: verifier().construct_event_from_headers(body, headers))
        assert got == expected["construct_event"]
    else:
        signature: Optional[str] = vector["signature"]
        assert outcome(lambda: verifier().construct_event(body, signature)) == expected["construct_event"]
        assert verdict(lambda: verifier().verify(body, signature)) == expected["verify"]
        if expected["verify"] != "InvalidSecret":
            assert verifier().is_valid(body, signature) == (expected["verify"] == "ok")
        # The same delivery handed over as a header, which the UniFFI surface looks up.
        header_list = [] if signature is None else [("X-Signature", signature)]
        got = outcome(lambda: verifier().construct_event_from_headers(body, header_list))
        assert got == expected["construct_event"]
        if len(secrets) == 1:
            assert verdict(lambda: webhooks.verify(body, signature, secrets[0])) == expected["verify"]
            got = outcome(lambda: webhooks.construct_event(body, signature, secrets[0]))
            assert got == expected["construct_event"]

    assert outcome(lambda: webhooks.parse_event_unverified(body)) == expected["parse_event_unverified"]


def native_outcome(call: Callable[[], Any]) -> Outcome:
    """The generated module's result, spelled as the vectors spell it."""
    try:
        event = call()
    except _native.WebhookError as error:
        return {"error": type(error).__name__}

    def wire(value: Any, enum: Union[type[webhooks.JobStatus], type[webhooks.JobType]]) -> Any:
        name = type(value).__name__.rsplit(".", 1)[-1]
        return (value[0], False) if name == "OTHER" else (enum[name].value, True)

    status, status_known = wire(event.status, webhooks.JobStatus)
    job_type, type_known = wire(event.job_type, webhooks.JobType)
    return {
        "event": {
            "id": event.id,
            "status": status,
            "type": job_type,
            "result": event.result,
            "status_known": status_known,
            "type_known": type_known,
        }
    }


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_through_the_uniffi_module(vector: Dict[str, Any]) -> None:
    body = raw_body(vector)
    expected = vector["expected"]
    secrets = vector["secrets"]

    def verifier() -> Any:
        return _native.Verifier(secrets)

    if "headers" in vector:
        headers = [_native.HttpHeader(name=name, value=value) for name, value in vector["headers"]]
        got = native_outcome(lambda: verifier().construct_event_from_headers(body, headers))
    else:
        signature = (vector["signature"] or "").encode("utf-8")
        got = native_outcome(lambda: verifier().construct_event(body, signature))
    assert got == expected["construct_event"]
    assert native_outcome(lambda: _native.parse_event_unverified(body)) == expected["parse_event_unverified"]
