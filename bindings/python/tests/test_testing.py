"""The test helpers: sharpapi_webhooks.testing.test_delivery, checked by the package's own Verifier
and byte for byte; explain, through every vector of tests/vectors/explain/; the generated Cause,
against the vocabulary and the library. A test that needs a framework is skipped where it is not
installed (the runs on other Python versions install none)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import re
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest

import sharpapi_webhooks as webhooks
from sharpapi_webhooks import Cause, Explanation, Verifier, explain, testing
from sharpapi_webhooks.testing import TestDelivery, test_delivery

from .conftest import VECTOR_DIR, raw_body, text

SECRET = "whsec_test_delivery"
# The contract's fixed input (spec/TEST_HELPERS.md), and the body it gives.
FIXED_BODY = b'{"id":"job-1","status":"success","type":"content_translate","result":{"content":"Hallo"}}'
VOCABULARY = json.loads((Path(__file__).resolve().parents[2] / "vocabulary.json").read_text(encoding="utf-8"))
HEADER = (Path(__file__).resolve().parents[2] / "c" / "include" / "sharpapi_webhooks.h").read_text(encoding="utf-8")


def explain_vectors() -> List[Dict[str, Any]]:
    vectors: List[Dict[str, Any]] = []
    for path in sorted((VECTOR_DIR / "explain").glob("*.json")):
        vectors += json.loads(path.read_text(encoding="utf-8"))["vectors"]
    return vectors


EXPLAIN_VECTORS = explain_vectors()
TEST_DELIVERY_VECTORS = json.loads((VECTOR_DIR / "test_delivery" / "deliveries.json").read_text(encoding="utf-8"))["vectors"]


def test_a_test_delivery_is_the_body_and_headers_sharpapi_sends() -> None:
    delivery = test_delivery(SECRET, id="job-1", result_json='{"content":"Hallo"}')
    assert delivery.body == FIXED_BODY
    assert delivery.signature == hmac.new(SECRET.encode(), FIXED_BODY, hashlib.sha256).hexdigest()
    assert delivery.signature == webhooks.sign(FIXED_BODY, SECRET)
    assert delivery.headers == {
        "Content-Type": VOCABULARY["content_type"],
        "User-Agent": VOCABULARY["user_agent"],
        VOCABULARY["signature_header"]: delivery.signature,
    }
    assert list(delivery.headers.items())[:2] == [("Content-Type", "application/json"), ("User-Agent", "SharpAPIWebhook/1.0")]

    event = Verifier(["whsec_previous", SECRET]).construct_event_from_headers(delivery.body, delivery.headers)
    assert event == webhooks.WebhookEvent("job-1", webhooks.JobStatus.SUCCESS, webhooks.JobType.CONTENT_TRANSLATE, '{"content":"Hallo"}')
    assert event.result == {"content": "Hallo"}
    with pytest.raises(webhooks.InvalidSignature):
        Verifier("whsec_someone_else").construct_event_from_headers(delivery.body, delivery.headers)


def test_a_result_given_as_a_value_is_written_as_sharpapis_php_writes_it() -> None:
    assert test_delivery(SECRET, id="job-1", result={"content": "Hallo"}).body == FIXED_BODY
    # No spaces; non-ASCII and "/" escaped, as json_encode's defaults do.
    value = test_delivery(SECRET, id="job-2", result={"content": "Caf\u00e9 https://sharpapi.com", "n": [1, 2.5, None, True]})
    event = Verifier(SECRET).construct_event(value.body, value.signature)
    assert event.result_json == '{"content":"Caf\\u00e9 https:\\/\\/sharpapi.com","n":[1,2.5,null,true]}'
    assert event.result == {"content": "Caf\u00e9 https://sharpapi.com", "n": [1, 2.5, None, True]}
    assert test_delivery(SECRET, result=[]).body.endswith(b',"result":[]}')
    assert test_delivery(SECRET, result_json="null").body.endswith(b',"result":null}')
    with pytest.raises(ValueError, match="not both"):
        test_delivery(SECRET, result={"content": "Hallo"}, result_json='{"content":"Hallo"}')


def test_a_result_json_cannot_write_is_its_error() -> None:
    with pytest.raises(ValueError):
        test_delivery(SECRET, result={"score": float("nan")})  # not JSON
    with pytest.raises(TypeError):
        test_delivery(SECRET, result={"when": object()})


def test_by_default_a_test_delivery_is_a_successful_translation_with_a_new_uuid_and_no_result() -> None:
    first, second = test_delivery(SECRET), test_delivery(SECRET)
    event = webhooks.parse_event_unverified(first.body)
    assert uuid.UUID(event.id).version == 4 and str(uuid.UUID(event.id)) == event.id
    assert webhooks.parse_event_unverified(second.body).id != event.id
    assert (event.status, event.type, event.result_json) == (webhooks.JobStatus.SUCCESS, webhooks.JobType.CONTENT_TRANSLATE, None)
    assert first.body == f'{{"id":"{event.id}","status":"success","type":"content_translate"}}'.encode()
    from sharpapi_webhooks import _vocabulary

    assert (_vocabulary.TEST_DELIVERY_STATUS, _vocabulary.TEST_DELIVERY_TYPE) == ("success", "content_translate")


def test_a_test_delivery_takes_any_status_type_and_id_text() -> None:
    id = 'quote " backslash \\ nul \0 \u00e9'
    delivery = test_delivery(SECRET, id=id, status="archived", type="content_rhyme", result_json=" [1, 2] ")
    event = Verifier(SECRET).construct_event(delivery.body, delivery.signature)
    assert (event.id, event.status, event.type, event.result_json) == (id, "archived", "content_rhyme", "[1, 2]")
    assert not event.status.is_known and not event.type.is_known
    # A member of the enums is its text.
    known = test_delivery(SECRET, status=webhooks.JobStatus.FAILED, type=webhooks.JobType.SEO_GENERATE_TAGS)
    assert webhooks.parse_event_unverified(known.body).type is webhooks.JobType.SEO_GENERATE_TAGS


@pytest.mark.parametrize(
    ("error", "secret", "options"),
    [
        (webhooks.InvalidSecret, "", {}),
        (webhooks.InvalidSecret, None, {}),
        (webhooks.InvalidSecret, "whsec_\ud800", {}),  # not valid Unicode
        (webhooks.InvalidPayload, SECRET, {"result_json": "{nope"}),
        (webhooks.InvalidPayload, SECRET, {"result_json": ""}),
        (webhooks.InvalidPayload, SECRET, {"result_json": "1 2"}),
        (webhooks.InvalidPayload, SECRET, {"id": "lone \udc80"}),
    ],
)
def test_a_test_delivery_refuses_what_the_native_library_refuses(error: type, secret: Any, options: Dict[str, str]) -> None:
    with pytest.raises(error):
        test_delivery(secret, **options)


def test_wrong_argument_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        test_delivery(SECRET, id=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        test_delivery(SECRET, status=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        test_delivery(SECRET, result_json=b"{}")  # type: ignore[arg-type]


def test_a_test_delivery_keeps_no_secret_and_is_immutable() -> None:
    delivery = test_delivery(SECRET)
    assert SECRET not in repr(delivery) and SECRET not in str(dataclasses.asdict(delivery))
    with pytest.raises(dataclasses.FrozenInstanceError):
        delivery.body = b"{}"  # type: ignore[misc]
    # A tampered copy keeps the headers of the signature.
    tampered = dataclasses.replace(delivery, body=delivery.body.replace(b"success", b"failed"))
    with pytest.raises(webhooks.InvalidSignature):
        Verifier(SECRET).construct_event_from_headers(tampered.body, tampered.headers)
    headers = delivery.headers
    headers["X-Signature"] = "0" * 64
    assert delivery.headers["X-Signature"] == delivery.signature


def test_pytest_collects_neither_helper_from_a_test_module() -> None:
    # Imported into a test module, test_delivery and TestDelivery would look like a test and a
    # test class: both say they are not.
    assert getattr(test_delivery, "__test__") is False and getattr(TestDelivery, "__test__") is False
    assert testing.__all__ == ["TestDelivery", "test_delivery"]


def test_post_sends_the_delivery_with_each_frameworks_test_client() -> None:
    pytest.importorskip("flask")
    pytest.importorskip("starlette")
    from flask import Flask, request

    flask_app = Flask(__name__)
    seen: List[Any] = []

    @flask_app.post("/hook")
    def hook() -> Dict[str, str]:
        seen.append((request.get_data(), request.headers.get("Content-Type"), request.headers.get("User-Agent"),
                     request.headers.get("X-Signature")))
        return {"ok": "yes"}

    delivery = test_delivery(SECRET, result={"content": "Hallo"})
    expected = (delivery.body, "application/json", "SharpAPIWebhook/1.0", delivery.signature)
    assert delivery.post(flask_app.test_client(), "/hook").get_json() == {"ok": "yes"}

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    async def endpoint(request: Request) -> JSONResponse:
        headers = request.headers
        seen.append((await request.body(), headers["content-type"], headers["user-agent"], headers["x-signature"]))
        return JSONResponse({"ok": "yes"})

    with TestClient(Starlette(routes=[Route("/hook", endpoint, methods=["POST"])])) as client:
        assert delivery.post(client, "/hook").json() == {"ok": "yes"}
    assert seen == [expected, expected]

    with pytest.raises(TypeError, match="Flask, Django, Starlette or FastAPI"):
        delivery.post(object(), "/hook")


def test_post_with_djangos_request_factory() -> None:
    # Django's Client and DRF's APIClient post as its RequestFactory does (the integrations'
    # tests post through them); the factory gives the request itself to look at.
    import os

    django = pytest.importorskip("django")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.django_project.settings")
    django.setup()
    from django.test import RequestFactory

    delivery = test_delivery(SECRET)
    request = delivery.post(RequestFactory(), "/hook")
    assert request.body == delivery.body and request.content_type == "application/json"
    assert (request.headers["User-Agent"], request.headers["X-Signature"]) == ("SharpAPIWebhook/1.0", delivery.signature)
    assert Verifier(SECRET).construct_event_from_headers(request.body, request.headers).id


@pytest.mark.parametrize("vector", TEST_DELIVERY_VECTORS, ids=[vector["name"] for vector in TEST_DELIVERY_VECTORS])
def test_test_delivery_vector(vector: Dict[str, Any]) -> None:
    given, expected = vector["given"], vector["expected"]
    options = {"id": given["id"], "status": given["status"], "type": given["type"], "result_json": given.get("result_json")}
    if "error" in expected:
        with pytest.raises(getattr(webhooks, expected["error"])):
            test_delivery(given["secret"], **options)
        return
    delivery = test_delivery(given["secret"], **options)
    assert delivery.body == expected["body"].encode("utf-8")
    assert delivery.signature == expected["signature"]
    assert list(delivery.headers.items()) == [tuple(pair) for pair in expected["headers"]]
    assert Verifier(given["secret"]).construct_event_from_headers(delivery.body, delivery.headers).id == given["id"]


def test_every_test_delivery_vector_is_read() -> None:
    names = [vector["name"] for vector in TEST_DELIVERY_VECTORS]
    assert len(names) >= 17 and len(set(names)) == len(names)
    assert sum("error" in vector["expected"] for vector in TEST_DELIVERY_VECTORS) >= 5


@pytest.mark.parametrize("vector", EXPLAIN_VECTORS, ids=[vector["name"] for vector in EXPLAIN_VECTORS])
def test_explain(vector: Dict[str, Any]) -> None:
    secrets = [text(secret) for secret in vector["secrets"]]
    explanation = explain(raw_body(vector), vector["signature"], secrets)
    assert [cause.value for cause in explanation.causes] == vector["expected"]["causes"]
    assert explanation.is_valid is (vector["expected"]["causes"] == ["signature_matches"])
    assert str(explanation) == explanation.summary == "; ".join(cause.description for cause in explanation.causes)


def test_every_explain_vector_is_read() -> None:
    assert (VECTOR_DIR / "explain" / "transformations.json").is_file()
    names = [vector["name"] for vector in EXPLAIN_VECTORS]
    assert len(names) >= 17 and len(set(names)) == len(names)


def test_explain_names_what_changed_a_test_delivery() -> None:
    delivery = test_delivery(SECRET, result_json='{"content":"Hallo"}')
    explanation = explain(delivery.body + b"\n", delivery.signature, ["whsec_previous", SECRET])
    assert explanation == Explanation((Cause.TRAILING_NEWLINE,)) and not explanation.is_valid
    assert "newline" in str(explanation)
    assert explain(delivery.body, delivery.signature, SECRET).is_valid
    assert explain(bytearray(delivery.body), delivery.signature.encode(), (SECRET,)).is_valid
    # A pasted secret with whitespace around it; an empty one is skipped, not refused.
    assert explain(delivery.body, delivery.signature, ["", f" {SECRET}\n"]).causes == (Cause.SECRET_WHITESPACE,)
    assert explain(delivery.body, delivery.signature, None).causes == (Cause.UNEXPLAINED,)
    assert explain(delivery.body, delivery.signature, []).causes == (Cause.UNEXPLAINED,)
    assert explain(delivery.body, None, SECRET).causes == (Cause.MISSING_SIGNATURE,)
    assert explain(delivery.body, "", SECRET).causes == (Cause.MISSING_SIGNATURE,)
    assert explain(delivery.body, "\0" + delivery.signature, SECRET).causes == (Cause.MALFORMED_SIGNATURE,)
    reserialized = json.dumps(json.loads(delivery.body)).encode()
    assert explain(reserialized, delivery.signature, SECRET).causes == (Cause.JSON_WHITESPACE,)
    with pytest.raises(TypeError):
        explain(delivery.body.decode(), delivery.signature, SECRET)  # type: ignore[arg-type]


def test_the_causes_are_the_vocabularys_and_the_librarys() -> None:
    from sharpapi_webhooks import _cabi, _vocabulary

    expected = VOCABULARY["explain_causes"]
    assert [(cause.name, cause.value, cause.code) for cause in Cause] == [
        (re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", cause["name"]).upper(), cause["wire"], cause["code"]) for cause in expected
    ]
    for entry in expected:
        cause = Cause(entry["wire"])
        assert (cause.description, str(cause), _vocabulary.CAUSE_BY_CODE[entry["code"]]) == (entry["description"], entry["wire"], cause)
        # The C header has the same number under the vocabulary's C name, the library the same texts.
        assert f"\n#define {entry['c_name']} {entry['code']}\n" in HEADER
        assert _cabi._lib.sharpapi_cause_name(cause.code).decode() == cause.value
        assert _cabi._lib.sharpapi_cause_description(cause.code).decode() == cause.description
    assert _cabi._lib.sharpapi_cause_name(len(expected) + 1) is None
    assert webhooks.CONTENT_TYPE == VOCABULARY["content_type"]


def test_the_secret_is_in_no_error_of_the_helpers() -> None:
    secret = "whsec_TOPSECRET_0123456789"
    for call in (
        lambda: test_delivery(secret, result_json="{nope"),
        lambda: test_delivery(secret + "\ud800"),
        lambda: explain("body", None, secret),  # type: ignore[arg-type]
    ):
        with pytest.raises(Exception) as raised:
            call()
        shown = f"{raised.value} {raised.value!r} {raised.value.args}"
        assert "TOPSECRET" not in shown, shown


def test_the_helpers_need_no_framework() -> None:
    # testing imports no framework: post() looks at the client it is given.
    import subprocess

    program = (
        "import sys, sharpapi_webhooks.testing as t; d = t.test_delivery('s', id='job-1');"
        "print(d.body.decode(), sorted(m for m in ('flask', 'django', 'starlette', 'httpx', 'httpx2') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True).stdout
    assert output == '{"id":"job-1","status":"success","type":"content_translate"} []\n'
