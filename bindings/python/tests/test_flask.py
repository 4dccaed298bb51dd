"""The Flask integration, through the example app, Flask's test client and werkzeug's server."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any, Dict, List, Tuple

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from werkzeug.datastructures import Headers

import sharpapi_webhooks as webhooks
from examples.flask_app import create_app
from sharpapi_webhooks.flask import webhook_view
from sharpapi_webhooks.idempotency import MemoryStore

from .servers import request as http_request
from .servers import werkzeug_server

SECRET = "whsec_flask"
# Pretty-printed, with escaped Unicode and a trailing newline: parsing and serializing it again
# (what the vendor's JavaScript snippet does) gives other bytes, which must not matter here.
BODY = (
    b'{\n    "id": "7c5a0f0e-1f7b-4c43-9a55-5d2d1c0b8a11",\n    "status": "success",\n'
    b'    "type": "content_translate",\n    "result": {"content": "caf\\u00e9", "to_language": "French"}\n}\n'
)
URL = "/webhooks/sharpapi"


def signature(body: bytes = BODY, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture()
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture()
def app(store: MemoryStore) -> Flask:
    app = create_app(store)
    app.config.update(TESTING=True, SHARPAPI_WEBHOOK_SECRET=SECRET)
    return app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def post(client: FlaskClient, body: bytes, headers: Dict[str, str]) -> Any:
    return client.post(URL, data=body, headers={"Content-Type": "application/json", **headers})


def test_a_valid_delivery_reaches_the_view(app: Flask, client: FlaskClient) -> None:
    response = post(client, BODY, {"X-Signature": signature()})
    assert response.status_code == 200
    assert response.get_json() == {"id": "7c5a0f0e-1f7b-4c43-9a55-5d2d1c0b8a11", "outcome": "handled"}
    assert app.extensions["translations"] == {"7c5a0f0e-1f7b-4c43-9a55-5d2d1c0b8a11": "caf\u00e9"}
    assert json.dumps(json.loads(BODY)).encode() != BODY.strip()


@pytest.mark.parametrize("header", ["x-signature", "X-SIGNATURE", "X-Signature"])
def test_the_header_name_is_found_in_any_case(client: FlaskClient, header: str) -> None:
    assert post(client, BODY, {header: signature()}).status_code == 200


def test_a_retried_delivery_is_handled_once(client: FlaskClient) -> None:
    outcomes: List[str] = [post(client, BODY, {"X-Signature": signature()}).get_json()["outcome"] for _ in range(3)]
    assert outcomes == ["handled", "duplicate", "duplicate"]


def test_a_tampered_body_is_401_and_never_reaches_the_view(app: Flask, client: FlaskClient) -> None:
    tampered = BODY.replace(b"French", b"German")
    response = post(client, tampered, {"X-Signature": signature()})
    assert response.status_code == 401
    assert response.get_json()["error"] == "InvalidSignature"
    assert response.get_json()["code"] == 4
    assert app.extensions["translations"] == {}


def test_a_missing_or_malformed_header_is_401(client: FlaskClient) -> None:
    missing = post(client, BODY, {})
    assert (missing.status_code, missing.get_json()["error"]) == (401, "MissingSignature")
    malformed = post(client, BODY, {"X-Signature": signature()[:40]})
    assert (malformed.status_code, malformed.get_json()["error"]) == (401, "MalformedSignature")


def test_a_verified_body_that_is_not_an_event_is_400(client: FlaskClient) -> None:
    body = b'{"id": "", "status": "success", "type": "content_translate"}'
    response = post(client, body, {"X-Signature": signature(body)})
    assert response.status_code == 400
    assert response.get_json()["error"] == "InvalidPayload"
    assert "line 1 column" in response.get_json()["message"]


def test_rotation_accepts_the_previous_secret(app: Flask, client: FlaskClient) -> None:
    app.config["SHARPAPI_WEBHOOK_SECRET"] = ["whsec_flask_next", SECRET]
    assert post(client, BODY, {"X-Signature": signature()}).status_code == 200
    app.config["SHARPAPI_WEBHOOK_SECRET"] = ["whsec_flask_next"]
    assert post(client, BODY, {"X-Signature": signature()}).status_code == 401


def test_a_missing_secret_is_the_servers_error_in_json(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.config.update(SHARPAPI_WEBHOOK_SECRET="")
    response = post(client, BODY, {"X-Signature": signature()})
    assert (response.status_code, response.get_json()["error"], response.get_json()["code"]) == (500, "InvalidSecret", 1)
    assert "no usable webhook secret" in caplog.text


def test_werkzeug_headers_pass_every_pair() -> None:
    verifier = webhooks.Verifier(SECRET)
    repeated = Headers([("X-Signature", signature()), ("Content-Type", "application/json"), ("x-signature", signature())])
    assert verifier.construct_event_from_headers(BODY, repeated).is_success
    repeated.add("X-Signature", signature(secret="whsec_other"))
    with pytest.raises(webhooks.MalformedSignature):
        verifier.construct_event_from_headers(BODY, repeated)


def test_a_repeated_header_reaches_a_wsgi_app_joined(client: FlaskClient) -> None:
    # WSGI has one environ entry per header name, so the server joins repeated headers with ", "
    # before the app sees them: one value, which is not 64 hex digits.
    response = client.post(URL, data=BODY, headers=[("X-Signature", signature()), ("X-Signature", signature())])
    assert (response.status_code, response.get_json()["error"]) == (401, "MalformedSignature")


def test_every_other_method_is_405_in_json(client: FlaskClient) -> None:
    for method in ("GET", "PUT", "DELETE", "OPTIONS", "PATCH"):
        response = client.open(URL, method=method)
        assert (response.status_code, response.get_json()["error"]) == (405, "MethodNotAllowed"), method
        assert response.headers["Allow"] == "POST"


def test_a_failing_view_is_500_without_a_trace_and_its_retry_runs(
    store: MemoryStore, caplog: pytest.LogCaptureFixture
) -> None:
    app = Flask(__name__)
    app.config["SHARPAPI_WEBHOOK_SECRET"] = SECRET
    attempts: List[str] = []

    @app.route(URL)
    @webhook_view(store=store)
    def flaky(event: webhooks.WebhookEvent) -> Tuple[Dict[str, str], int]:
        attempts.append(event.id)
        if len(attempts) < 3:
            raise RuntimeError("the database is away")
        return {"id": event.id}, 201

    client = app.test_client()
    answers = [post(client, BODY, {"X-Signature": signature()}) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [500, 500, 201, 200]
    assert answers[0].get_json() == {"error": "HandlerFailed", "message": "the webhook handler failed; SharpAPI will retry"}
    assert answers[3].get_json()["outcome"] == "duplicate"
    assert len(attempts) == 3
    assert "the database is away" in caplog.text and "Traceback" in caplog.text  # logged, not answered


def test_an_answer_other_than_2xx_lets_the_retry_run_the_view(store: MemoryStore) -> None:
    app = Flask(__name__)
    app.config["SHARPAPI_WEBHOOK_SECRET"] = SECRET
    statuses = [503, 200]

    @app.route(URL)
    @webhook_view(store=store)
    def busy(event: webhooks.WebhookEvent) -> Tuple[str, int]:
        return "", statuses.pop(0)

    client = app.test_client()
    assert [post(client, BODY, {"X-Signature": signature()}).status_code for _ in range(3)] == [503, 200, 200]


def test_an_event_being_handled_is_409(store: MemoryStore, client: FlaskClient) -> None:
    store.claim("7c5a0f0e-1f7b-4c43-9a55-5d2d1c0b8a11")  # another request is handling it
    response = post(client, BODY, {"X-Signature": signature()})
    assert (response.status_code, response.get_json()["error"]) == (409, "InProgress")


def test_a_body_over_the_limit_is_413_in_json(app: Flask, client: FlaskClient) -> None:
    app.config["SHARPAPI_WEBHOOK_MAX_BODY_BYTES"] = len(BODY) - 1
    response = post(client, BODY, {"X-Signature": signature()})
    assert (response.status_code, response.get_json()["error"]) == (413, "PayloadTooLarge")
    assert response.get_json()["message"] == f"the request body is too large: limit {len(BODY) - 1} bytes"
    app.config["SHARPAPI_WEBHOOK_MAX_BODY_BYTES"] = len(BODY)
    assert post(client, BODY, {"X-Signature": signature()}).status_code == 200


def test_the_decorators_limit_wins_and_a_bad_one_fails_at_once() -> None:
    app = Flask(__name__)
    app.config.update(SHARPAPI_WEBHOOK_SECRET=SECRET, SHARPAPI_WEBHOOK_MAX_BODY_BYTES=10)

    @app.route(URL)
    @webhook_view(max_body_bytes=len(BODY))
    def view(event: webhooks.WebhookEvent) -> Tuple[str, int]:
        return "", 204

    assert post(app.test_client(), BODY, {"X-Signature": signature()}).status_code == 204
    with pytest.raises(TypeError, match="max_body_bytes must be an int"):
        webhook_view(max_body_bytes="16MB")  # type: ignore[call-overload]


def test_the_view_can_read_the_body_and_a_hook_may_read_it_first() -> None:
    app = Flask(__name__)
    app.config["SHARPAPI_WEBHOOK_SECRET"] = SECRET
    seen: List[bytes] = []

    @app.before_request
    def parse_json_first() -> None:
        request.get_json(silent=True)  # reads (and keeps) the body before the view

    @app.route(URL)
    @webhook_view
    def view(event: webhooks.WebhookEvent) -> Tuple[str, int]:
        seen.append(request.get_data())
        return "", 204

    assert post(app.test_client(), BODY, {"X-Signature": signature()}).status_code == 204
    assert seen == [BODY]


def test_over_werkzeugs_server_chunked_and_oversized_bodies(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    app.config["SHARPAPI_WEBHOOK_MAX_BODY_BYTES"] = 256 * 1024
    headers = [("Content-Type", "application/json"), ("X-Signature", signature())]
    caplog.set_level(logging.ERROR, logger="werkzeug")
    with werkzeug_server(app) as port:
        chunked = http_request(port, "POST", URL, headers, BODY, chunked=True)
        assert (chunked.status, chunked.json()["outcome"]) == (200, "handled")
        big = BODY + b" " * (256 * 1024)
        unsent = http_request(port, "POST", URL, headers, big, send_body=False)
        assert (unsent.status, unsent.json()["error"]) == (413, "PayloadTooLarge")  # answered unread
        streamed = http_request(port, "POST", URL, headers, big, chunked=True)
        assert (streamed.status, streamed.json()["error"]) == (413, "PayloadTooLarge")
        assert http_request(port, "GET", URL).headers["allow"] == "POST"
