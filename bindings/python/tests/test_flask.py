"""The Flask integration, through the example app and Flask's real test client."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Dict, List

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import Headers

import sharpapi_webhooks as webhooks
from examples.flask_app import create_app

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
def app() -> Flask:
    app = create_app()
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
    assert response.get_json() == {"job": "7c5a0f0e-1f7b-4c43-9a55-5d2d1c0b8a11", "outcome": "handled"}
    assert app.extensions["translations"] == {"7c5a0f0e-1f7b-4c43-9a55-5d2d1c0b8a11": "caf\u00e9"}
    assert json.dumps(json.loads(BODY)).encode() != BODY.strip()


@pytest.mark.parametrize("header", ["x-signature", "X-SIGNATURE", "X-Signature"])
def test_the_header_name_is_found_in_any_case(client: FlaskClient, header: str) -> None:
    assert post(client, BODY, {header: signature()}).status_code == 200


def test_a_retried_delivery_is_handled_once(client: FlaskClient) -> None:
    outcomes: List[str] = [post(client, BODY, {"X-Signature": signature()}).get_json()["outcome"] for _ in range(3)]
    assert outcomes == ["handled", "already handled", "already handled"]


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


def test_a_missing_secret_is_the_servers_error(app: Flask, client: FlaskClient) -> None:
    app.config.update(SHARPAPI_WEBHOOK_SECRET="", TESTING=False, PROPAGATE_EXCEPTIONS=False)
    assert post(client, BODY, {"X-Signature": signature()}).status_code == 500


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
