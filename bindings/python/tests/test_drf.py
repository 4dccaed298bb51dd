"""The Django REST framework integration, through Django's test client (with CSRF checks)."""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any, Iterator, List, Optional

import django
import pytest

import sharpapi_webhooks as webhooks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.django_project.settings")
django.setup()

from django.test import Client  # noqa: E402  (needs the settings above)
from django.test.utils import override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.exceptions import ValidationError  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from sharpapi_webhooks.drf import WebhookView  # noqa: E402
from sharpapi_webhooks.idempotency import MemoryStore  # noqa: E402

SECRET = "whsec_drf"
BODY = b'{"id": "0b0d7f5e-drf", "status": "success", "type": "content_keywords", "result": {"keywords": ["a", "b"]}}'
calls: List[str] = []


def signature(body: bytes = BODY, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Keywords(WebhookView):
    idempotency_store = MemoryStore()

    def handle_event(self, request: Request, event: webhooks.WebhookEvent) -> Response:
        # DRF's parsers still work after the view read the raw body.
        assert isinstance(request.data, dict) and request.data["id"] == event.id
        behaviour = calls.pop(0) if calls else "ok"
        if behaviour == "invalid":
            raise ValidationError({"keywords": "not now"})
        if behaviour == "crash":
            raise RuntimeError("the search index is away")
        return Response({"id": event.id, "outcome": "handled", "keywords": event.result["keywords"]})


class Small(WebhookView):
    max_body_bytes = 16

    def handle_event(self, request: Request, event: webhooks.WebhookEvent) -> Response:
        return Response(status=204)


urlpatterns = [path("webhooks/sharpapi", Keywords.as_view()), path("small", Small.as_view())]


@pytest.fixture()
def client() -> Iterator[Client]:
    Keywords.idempotency_store = MemoryStore()
    calls.clear()
    # Global DRF settings that would refuse SharpAPI: the webhook view opts out of them.
    with override_settings(
        ROOT_URLCONF=__name__,
        SHARPAPI_WEBHOOK_SECRET=[SECRET, "whsec_drf_previous"],
        REST_FRAMEWORK={
            "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        },
    ):
        yield Client(enforce_csrf_checks=True)


def post(client: Client, body: bytes = BODY, *, url: str = "/webhooks/sharpapi", signed: Optional[str] = None,
         header: str = "X-Signature") -> Any:
    headers = {} if signed is None else {header: signed}
    return client.post(url, data=body, content_type="application/json", headers=headers)


def test_a_valid_delivery_reaches_handle_event_once(client: Client) -> None:
    first = post(client, signed=signature())
    assert (first.status_code, first.json()) == (200, {"id": "0b0d7f5e-drf", "outcome": "handled", "keywords": ["a", "b"]})
    again = post(client, signed=signature(), header="x-signature")
    assert (again.status_code, again.json()) == (200, {"id": "0b0d7f5e-drf", "outcome": "duplicate"})


def test_the_previous_secret_still_verifies(client: Client) -> None:
    assert post(client, signed=signature(secret="whsec_drf_previous")).status_code == 200


def test_refusals_are_the_contracts_json(client: Client) -> None:
    tampered = post(client, BODY.replace(b'"a"', b'"c"'), signed=signature())
    assert (tampered.status_code, tampered.json()["error"], tampered.json()["code"]) == (401, "InvalidSignature", 4)
    missing = post(client)
    assert (missing.status_code, missing.json()["error"]) == (401, "MissingSignature")
    array = b'[{"id": "x"}]'
    assert post(client, array, signed=signature(array)).status_code == 400
    get = client.get("/webhooks/sharpapi")
    assert (get.status_code, get.json()["error"], get["Allow"]) == (405, "MethodNotAllowed", "POST")
    too_big = post(client, url="/small", signed=signature())
    assert (too_big.status_code, too_big.json()["error"]) == (413, "PayloadTooLarge")


def test_an_api_exception_is_drfs_answer_and_releases_the_claim(client: Client) -> None:
    calls.extend(["invalid"])
    refused = post(client, signed=signature())
    assert (refused.status_code, refused.json()) == (400, {"keywords": "not now"})
    assert post(client, signed=signature()).json()["outcome"] == "handled"


def test_a_crashing_handler_is_500_handler_failed_and_its_retry_runs(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    calls.extend(["crash"])
    failed = post(client, signed=signature())
    assert (failed.status_code, failed.json()["error"]) == (500, "HandlerFailed")
    assert "the search index is away" not in failed.content.decode()
    assert "the search index is away" in caplog.text
    assert post(client, signed=signature()).json()["outcome"] == "handled"


def test_a_body_over_data_upload_max_memory_size_is_verified(client: Client) -> None:
    body = BODY.replace(b'"b"]', b'"' + b"b" * (3 * 1024 * 1024) + b'"]')
    response = post(client, body, signed=signature(body))
    assert (response.status_code, response.json()["outcome"]) == (200, "handled")
