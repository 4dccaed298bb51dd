"""The Pythonic layer: types, exceptions, enums, and the mistakes it refuses."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

import sharpapi_webhooks as webhooks
from sharpapi_webhooks import JobStatus, JobType, Verifier

SECRET = "whsec_python"
BODY = (
    b'{\n  "id": "bf683177-3a48-47d1-9c4e-0b4de39517fa",\n  "status": "success",\n'
    b'  "type": "content_translate",\n  "result": {"content": "ciao \\u00e8", "score": 0.10}\n}'
)


def stdlib_signature(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_a_delivery_signed_by_the_stdlib_is_accepted() -> None:
    event = Verifier(SECRET).construct_event(BODY, stdlib_signature(BODY))
    assert event.id == "bf683177-3a48-47d1-9c4e-0b4de39517fa"
    assert event.status is JobStatus.SUCCESS and event.is_success
    assert event.type is JobType.CONTENT_TRANSLATE
    assert event.result_json == '{"content": "ciao \\u00e8", "score": 0.10}'
    assert event.result == {"content": "ciao \u00e8", "score": 0.1}
    assert webhooks.sign(BODY, SECRET) == stdlib_signature(BODY)


def test_a_str_body_is_refused_with_the_fix() -> None:
    with pytest.raises(TypeError, match=r"request\.get_data\(\).*request\.body"):
        Verifier(SECRET).construct_event(BODY.decode(), stdlib_signature(BODY))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        webhooks.verify(BODY.decode(), stdlib_signature(BODY), SECRET)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        webhooks.parse_event_unverified(json.loads(BODY))


def test_bytearray_and_memoryview_bodies_are_bytes_too() -> None:
    verifier = Verifier(SECRET)
    assert verifier.is_valid(bytearray(BODY), stdlib_signature(BODY))
    assert verifier.is_valid(memoryview(BODY), stdlib_signature(BODY))


def test_the_reserialized_body_of_the_vendor_snippet_fails_with_advice() -> None:
    reserialized = json.dumps(json.loads(BODY)).encode()
    with pytest.raises(webhooks.InvalidSignature, match="raw request body") as raised:
        Verifier(SECRET).construct_event(reserialized, stdlib_signature(BODY))
    assert raised.value.code == 4


def test_every_error_has_its_code_and_a_common_base() -> None:
    codes = {
        webhooks.InvalidSecret: 1,
        webhooks.MissingSignature: 2,
        webhooks.MalformedSignature: 3,
        webhooks.InvalidSignature: 4,
        webhooks.InvalidPayload: 5,
    }
    for error, code in codes.items():
        assert issubclass(error, webhooks.WebhookError) and error.code == code
    with pytest.raises(webhooks.InvalidSecret):
        Verifier([])
    with pytest.raises(webhooks.InvalidSecret):
        Verifier(["ok", ""])
    with pytest.raises(webhooks.MissingSignature):
        Verifier(SECRET).verify(BODY, None)
    with pytest.raises(webhooks.MalformedSignature):
        Verifier(SECRET).verify(BODY, "sha256=" + stdlib_signature(BODY))
    with pytest.raises(webhooks.MalformedSignature):
        Verifier(SECRET).verify(BODY, "\udcff" * 64)  # an undecodable header, surrogate-escaped


def test_an_invalid_payload_says_where() -> None:
    body = b'{"id": "1",\n"status": 200, "type": "x"}'
    with pytest.raises(webhooks.InvalidPayload, match="line 2 column") as raised:
        Verifier(SECRET).construct_event(body, stdlib_signature(body))
    assert raised.value.code == 5


def test_a_nul_cuts_nothing_short() -> None:
    # C reads strings up to a NUL: the package must not let it shorten a secret or a signature.
    with pytest.raises(webhooks.InvalidSecret, match="NUL"):
        Verifier("whsec_a\0b")
    verifier = Verifier(SECRET)
    padded = stdlib_signature(BODY) + "\0junk"
    assert not verifier.is_valid(BODY, padded)
    with pytest.raises(webhooks.MalformedSignature):
        verifier.verify(BODY, padded)
    with pytest.raises(webhooks.MalformedSignature):
        verifier.construct_event(BODY, padded)
    with pytest.raises(webhooks.MalformedSignature):
        verifier.construct_event_from_headers(BODY, {"X-Signature": padded})


def test_wrong_argument_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        Verifier([b"bytes secret"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        Verifier(SECRET).verify(BODY, stdlib_signature(BODY).encode())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        webhooks.sign(BODY, None)  # type: ignore[arg-type]


def test_unknown_values_are_kept_and_compare_as_strings() -> None:
    body = b'{"id": "1", "status": "cancelled", "type": "content_write_poem"}'
    event = webhooks.parse_event_unverified(body)
    assert event.status == "cancelled" and event.status.value == "cancelled"
    assert not event.status.is_known and not event.type.is_known
    assert isinstance(event.status, JobStatus) and isinstance(event.type, JobType)
    assert JobStatus("success") is JobStatus.SUCCESS and JobStatus.SUCCESS.is_known
    assert str(JobType.SEO_GENERATE_TAGS) == "seo_generate_tags"
    assert event.result is None and event.result_json is None


def test_secrets_are_not_shown() -> None:
    verifier = Verifier(["whsec_first", "whsec_second"])
    assert repr(verifier) == "Verifier(secrets=[REDACTED; 2])"


def test_headers_may_be_a_mapping_or_pairs_in_any_case() -> None:
    signature = stdlib_signature(BODY)
    verifier = Verifier(SECRET)
    for headers in ({"x-signature": signature}, [("X-SIGNATURE", signature), ("User-Agent", "SharpAPIWebhook/1.0")]):
        assert verifier.construct_event_from_headers(BODY, headers).id.startswith("bf683177")
    with pytest.raises(webhooks.MissingSignature):
        verifier.construct_event_from_headers(BODY, {})


def test_rotation_accepts_the_previous_secret() -> None:
    verifier = Verifier(["whsec_new", "whsec_old"])
    assert verifier.verify(BODY, stdlib_signature(BODY, "whsec_old"))
    assert not verifier.is_valid(BODY, stdlib_signature(BODY, "whsec_other"))


def test_the_version_is_the_native_librarys() -> None:
    from importlib.metadata import version

    assert webhooks.__version__ == version("sharpapi-webhooks")
