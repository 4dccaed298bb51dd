"""explain_failures in every integration: a refused signature is explained in the server's log,
naming the cause, and the answer is the same as without it. Each app is driven by its framework's
own test client, with deliveries from sharpapi_webhooks.testing."""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Callable, Dict, List, Optional, Tuple

import django
import pytest
from fastapi import APIRouter, FastAPI

import sharpapi_webhooks as webhooks
from sharpapi_webhooks import _integration
from sharpapi_webhooks.testing import TestDelivery, test_delivery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.django_project.settings")
django.setup()

from django.http import HttpRequest, JsonResponse  # noqa: E402  (needs the settings above)
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from sharpapi_webhooks.django import webhook_view as django_webhook_view  # noqa: E402
from sharpapi_webhooks.drf import WebhookView  # noqa: E402
from sharpapi_webhooks.fastapi import VerifiedEvent, webhook_route  # noqa: E402

SECRET = "whsec_explain_TOPSECRET"
URL = "/webhooks/sharpapi"
Answer = Tuple[int, Dict[str, Any]]
Send = Callable[[bytes, List[Tuple[str, str]]], Answer]


@django_webhook_view(explain_failures=True)
def django_explained(request: HttpRequest, event: webhooks.WebhookEvent) -> JsonResponse:
    return JsonResponse({"id": event.id})


@django_webhook_view
def django_by_setting(request: HttpRequest, event: webhooks.WebhookEvent) -> JsonResponse:
    return JsonResponse({"id": event.id})


class DrfExplained(WebhookView):
    explain_failures = True

    def handle_event(self, request: Request, event: webhooks.WebhookEvent) -> Response:
        return Response({"id": event.id})


class DrfQuiet(WebhookView):
    def handle_event(self, request: Request, event: webhooks.WebhookEvent) -> Response:
        return Response({"id": event.id})


urlpatterns = [
    path("django/explained", django_explained),
    path("django/setting", django_by_setting),
    path("drf/explained", DrfExplained.as_view()),
    path("drf/quiet", DrfQuiet.as_view()),
]


def flask_sender(explain_failures: Optional[bool], config: Optional[bool] = None) -> Send:
    from flask import Flask

    from sharpapi_webhooks.flask import webhook_view

    app = Flask(__name__)
    app.config.update(TESTING=True, SHARPAPI_WEBHOOK_SECRET=["whsec_previous", SECRET])
    if config is not None:
        app.config["SHARPAPI_WEBHOOK_EXPLAIN_FAILURES"] = config

    @app.route(URL)
    @webhook_view(explain_failures=explain_failures)
    def hook(event: webhooks.WebhookEvent) -> Dict[str, str]:
        return {"id": event.id}

    client = app.test_client()

    def send(body: bytes, headers: List[Tuple[str, str]]) -> Answer:
        response = client.post(URL, data=body, headers=headers)
        return response.status_code, response.get_json()

    return send


def django_sender(url: str, setting: Optional[bool] = None) -> Send:
    def send(body: bytes, headers: List[Tuple[str, str]]) -> Answer:
        settings: Dict[str, Any] = {"ROOT_URLCONF": __name__, "SHARPAPI_WEBHOOK_SECRET": [SECRET]}
        if setting is not None:
            settings["SHARPAPI_WEBHOOK_EXPLAIN_FAILURES"] = setting
        with override_settings(**settings):
            response = Client().post(url, data=body, content_type="application/json", headers=dict(headers))
        return response.status_code, json.loads(response.content)

    return send


def asgi_sender(app: Any) -> Send:
    from starlette.testclient import TestClient

    def send(body: bytes, headers: List[Tuple[str, str]]) -> Answer:
        with TestClient(app) as client:
            response = client.post(URL, content=body, headers=headers)
        return response.status_code, response.json()

    return send


def starlette_sender(explain_failures: bool) -> Send:
    from starlette.applications import Starlette
    from starlette.requests import Request as StarletteRequest
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from sharpapi_webhooks.starlette import WebhookEndpoint

    async def handle(request: StarletteRequest, event: webhooks.WebhookEvent) -> JSONResponse:
        return JSONResponse({"id": event.id})

    endpoint = WebhookEndpoint(handle, SECRET, explain_failures=explain_failures)
    return asgi_sender(Starlette(routes=[Route(URL, endpoint)]))


def fastapi_sender(explain_failures: bool) -> Send:
    router = APIRouter(route_class=webhook_route([SECRET], explain_failures=explain_failures))

    @router.post(URL)
    async def hook(event: VerifiedEvent) -> Dict[str, str]:
        return {"id": event.id}

    app = FastAPI()
    app.include_router(router)
    return asgi_sender(app)


SENDERS: Dict[str, Callable[[bool], Send]] = {
    "flask": lambda on: flask_sender(on),
    "flask-config": lambda on: flask_sender(None, config=on),
    "django": lambda on: django_sender("/django/explained" if on else "/django/setting"),
    "django-setting": lambda on: django_sender("/django/setting", setting=on),
    "drf": lambda on: django_sender("/drf/explained" if on else "/drf/quiet"),
    "starlette": starlette_sender,
    "fastapi": fastapi_sender,
}


def explanations(caplog: pytest.LogCaptureFixture) -> List[logging.LogRecord]:
    return [record for record in caplog.records if hasattr(record, "sharpapi_webhook_causes")]


@pytest.fixture()
def delivery() -> TestDelivery:
    return test_delivery(SECRET, id="job-explained", result={"content": "Hallo", "url": "https://sharpapi.com"})


@pytest.mark.parametrize("framework", SENDERS)
def test_a_refused_signature_is_explained_in_the_log_and_the_answer_is_unchanged(
    framework: str, delivery: TestDelivery, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    # What a layer that parses and writes the JSON again hands over: spaced, "/" unescaped.
    reserialized = json.dumps(json.loads(delivery.body)).encode()
    refusals = {
        "InvalidSignature": (reserialized, list(delivery.headers.items()), ["json_whitespace", "json_escaping"]),
        "MissingSignature": (delivery.body, [("Content-Type", "application/json")], ["missing_signature"]),
        "MalformedSignature": (delivery.body, [("X-Signature", "sha256=" + delivery.signature)], ["signature_prefix"]),
    }
    for name, (body, headers, causes) in refusals.items():
        caplog.clear()
        quiet = SENDERS[framework](False)(body, headers)
        assert not explanations(caplog), f"{framework}: explained while off"
        explained = SENDERS[framework](True)(body, headers)
        assert explained == quiet and quiet[0] == 401 and quiet[1]["error"] == name, (framework, explained, quiet)
        [record] = explanations(caplog)
        assert record.levelno == logging.WARNING
        assert (record.sharpapi_webhook_error, record.sharpapi_webhook_causes) == (name, causes)  # type: ignore[attr-defined]
        message = record.getMessage()
        assert f"refused with {name}; explained: {causes[0]}: " in message, message
        assert webhooks.Cause(causes[0]).description in message
        assert "TOPSECRET" not in caplog.text and "TOPSECRET" not in json.dumps(explained[1])

    # A delivery that verifies, and one that verifies but is no event, are not explained.
    caplog.clear()
    assert SENDERS[framework](True)(delivery.body, list(delivery.headers.items()))[1] == {"id": "job-explained"}
    not_an_event = b'{"id":"job-explained","status":"success","type":7}'
    assert SENDERS[framework](True)(not_an_event, [("X-Signature", webhooks.sign(not_an_event, SECRET))])[0] == 400
    assert not explanations(caplog)


def test_headers_that_disagree_have_no_one_signature_to_explain(
    delivery: TestDelivery, caplog: pytest.LogCaptureFixture
) -> None:
    # Starlette hands over every header as received: two X-Signature values that differ.
    headers = [("X-Signature", delivery.signature), ("X-Signature", "0" * 64)]
    assert starlette_sender(True)(delivery.body, headers)[1]["error"] == "MalformedSignature"
    [record] = explanations(caplog)
    assert record.sharpapi_webhook_causes == []  # type: ignore[attr-defined]
    assert "X-Signature headers differ from each other" in record.getMessage()


def test_a_failure_to_explain_is_logged_and_changes_no_answer(
    delivery: TestDelivery, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("the explainer is away")

    monkeypatch.setattr(_integration, "explain", broken)
    answer = flask_sender(True)(delivery.body + b"\n", list(delivery.headers.items()))
    assert answer[0] == 401 and answer[1]["error"] == "InvalidSignature"
    assert "a refused delivery could not be explained" in caplog.text and "the explainer is away" in caplog.text


def test_explain_failures_takes_only_true_or_false() -> None:
    from sharpapi_webhooks.flask import webhook_view

    with pytest.raises(TypeError, match="explain_failures must be True or False"):
        webhook_view(explain_failures="yes")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="explain_failures must be True or False"):
        django_webhook_view(explain_failures=1)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="explain_failures must be True or False"):
        starlette_sender("on")  # type: ignore[arg-type]
    send = flask_sender(None, config="on")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="explain_failures must be True or False"):
        send(b"{}", [])


def test_no_refusal_without_explain_failures_costs_an_explanation(
    delivery: TestDelivery, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: List[Any] = []
    monkeypatch.setattr(_integration, "explain", lambda *args: calls.append(args))
    for framework, make in SENDERS.items():
        make(False)(delivery.body + b"\n", list(delivery.headers.items()))
    assert calls == []
