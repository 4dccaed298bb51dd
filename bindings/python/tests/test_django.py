"""The Django integration, through the example project and Django's real test client."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
from typing import Any, Iterator, List

import django
import pytest

import sharpapi_webhooks as webhooks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.django_project.settings")
django.setup()

from django.core.cache import cache  # noqa: E402  (needs the settings above)
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse  # noqa: E402
from django.http.request import HttpHeaders  # noqa: E402
from django.test import AsyncClient, Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from sharpapi_webhooks.django import webhook_view  # noqa: E402
from sharpapi_webhooks.idempotency import MemoryStore  # noqa: E402

SECRET = "whsec_django"
BODY = (
    b'{\r\n  "id": "2d3a6c54-7b39-4c0e-8d57-0b93f3c5b0aa",\r\n  "status": "success",\r\n'
    b'  "type": "hr_parse_resume",\r\n  "result": {"name": "Zo\\u00eb", "years": 12.50}\r\n}'
)
URL = "/webhooks/sharpapi"


def signature(body: bytes = BODY, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture()
def client() -> Iterator[Client]:
    setup_test_environment()
    cache.clear()
    # enforce_csrf_checks: the view must be exempt, as SharpAPI sends no CSRF token.
    with override_settings(SHARPAPI_WEBHOOK_SECRET=SECRET):
        yield Client(enforce_csrf_checks=True)
    teardown_test_environment()


def post(client: Client, body: bytes, **headers: str) -> Any:
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def test_a_valid_delivery_reaches_the_view(client: Client) -> None:
    response = post(client, BODY, **{"X-Signature": signature()})
    assert response.status_code == 200
    assert response.json() == {"id": "2d3a6c54-7b39-4c0e-8d57-0b93f3c5b0aa", "outcome": "handled"}
    assert cache.get("sharpapi-result:2d3a6c54-7b39-4c0e-8d57-0b93f3c5b0aa") == '{"name": "Zo\\u00eb", "years": 12.50}'


@pytest.mark.parametrize("header", ["x-signature", "X-SIGNATURE", "X-Signature"])
def test_the_header_name_is_found_in_any_case(client: Client, header: str) -> None:
    assert post(client, BODY, **{header: signature()}).status_code == 200


def test_a_retried_delivery_is_handled_once(client: Client) -> None:
    outcomes = [post(client, BODY, **{"X-Signature": signature()}).json()["outcome"] for _ in range(3)]
    assert outcomes == ["handled", "duplicate", "duplicate"]


def test_a_tampered_body_is_401(client: Client) -> None:
    response = post(client, BODY.replace(b"12.50", b"13.50"), **{"X-Signature": signature()})
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidSignature"


def test_a_missing_header_is_401(client: Client) -> None:
    response = post(client, BODY)
    assert (response.status_code, response.json()["code"]) == (401, 2)


def test_a_verified_body_that_is_not_an_event_is_400(client: Client) -> None:
    body = b'["2d3a6c54", "success"]'
    response = post(client, body, **{"X-Signature": signature(body)})
    assert (response.status_code, response.json()["error"]) == (400, "InvalidPayload")


def test_only_post_is_accepted_and_405_is_json(client: Client) -> None:
    for method in ("get", "put", "delete", "options", "head"):
        response = getattr(client, method)(URL)
        assert (response.status_code, response["Allow"]) == (405, "POST"), method
        if method != "head":
            assert response.json()["error"] == "MethodNotAllowed"


def test_rotation_accepts_the_previous_secret(client: Client) -> None:
    with override_settings(SHARPAPI_WEBHOOK_SECRET=["whsec_django_next", SECRET]):
        assert post(client, BODY, **{"X-Signature": signature()}).status_code == 200
    with override_settings(SHARPAPI_WEBHOOK_SECRET=["whsec_django_next"]):
        assert post(client, BODY, **{"X-Signature": signature()}).status_code == 401


def test_django_headers_are_a_mapping_the_core_searches() -> None:
    headers = HttpHeaders({"HTTP_X_SIGNATURE": signature(), "CONTENT_TYPE": "application/json"})
    assert webhooks.Verifier(SECRET).construct_event_from_headers(BODY, headers).is_success
    with pytest.raises(webhooks.MissingSignature):
        webhooks.Verifier(SECRET).construct_event_from_headers(BODY, HttpHeaders({"HTTP_X_OTHER": signature()}))


def test_a_malformed_header_is_401(client: Client) -> None:
    response = post(client, BODY, **{"X-Signature": signature() + "\0junk"})
    assert (response.status_code, response.json()["error"]) == (401, "MalformedSignature")


def test_a_missing_secret_is_the_servers_error_in_json(client: Client) -> None:
    with override_settings(SHARPAPI_WEBHOOK_SECRET=None):
        response = post(client, BODY, **{"X-Signature": signature()})
    assert (response.status_code, response.json()["error"]) == (500, "InvalidSecret")


def test_a_body_over_data_upload_max_memory_size_is_verified(client: Client) -> None:
    body = BODY.replace(b'"Zo\\u00eb"', b'"' + b"Z" * (3 * 1024 * 1024) + b'"')
    assert len(body) > 2.5 * 1024 * 1024  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE, which request.body obeys
    response = post(client, body, **{"X-Signature": signature(body)})
    assert (response.status_code, response.json()["outcome"]) == (200, "handled")


def test_a_body_over_the_setting_is_413(client: Client) -> None:
    with override_settings(SHARPAPI_WEBHOOK_MAX_BODY_BYTES=len(BODY) - 1):
        response = post(client, BODY, **{"X-Signature": signature()})
        assert (response.status_code, response.json()["error"]) == (413, "PayloadTooLarge")
    with override_settings(SHARPAPI_WEBHOOK_MAX_BODY_BYTES=len(BODY)):
        assert post(client, BODY, **{"X-Signature": signature()}).status_code == 200


store = MemoryStore()
attempts: List[str] = []


@webhook_view(store=store, max_body_bytes=64 * 1024)
def flaky(request: HttpRequest, event: webhooks.WebhookEvent) -> HttpResponse:
    attempts.append(event.id)
    assert request.body.startswith(b"{")  # the body stays readable in the view
    if len(attempts) < 3:
        raise RuntimeError("the database is away")
    return JsonResponse({"id": event.id, "outcome": "handled"}, status=201)


@csrf_exempt
def read_first(request: HttpRequest) -> HttpResponseBase:
    request.read(1)  # as a middleware reading the stream would
    return flaky(request)


urlpatterns = [path("flaky", flaky), path("read-first", read_first)]


def test_a_failing_view_is_500_without_a_trace_and_its_retry_runs(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with override_settings(ROOT_URLCONF=__name__):
        answers = [
            client.post("/flaky", data=BODY, content_type="application/json", headers={"X-Signature": signature()})
            for _ in range(4)
        ]
    assert [answer.status_code for answer in answers] == [500, 500, 201, 200]
    assert answers[0].json() == {"error": "HandlerFailed", "message": "the webhook handler failed; SharpAPI will retry"}
    assert answers[3].json()["outcome"] == "duplicate"
    assert len(attempts) == 3
    assert "the database is away" in caplog.text
    assert any(record.name == "django.request" for record in caplog.records)


def test_a_body_read_before_the_view_is_a_server_error_that_says_so(client: Client) -> None:
    with override_settings(ROOT_URLCONF=__name__):
        response = client.post("/read-first", data=BODY, content_type="application/json",
                               headers={"X-Signature": signature()})
    assert (response.status_code, response.json()["error"]) == (500, "BodyAlreadyRead")


def test_under_asgi_too(client: Client) -> None:
    async def deliver() -> Any:
        return await AsyncClient().post(URL, data=BODY, content_type="application/json",
                                        headers={"X-Signature": signature()})

    with override_settings(SHARPAPI_WEBHOOK_SECRET=SECRET):
        response = asyncio.run(deliver())
    assert (response.status_code, response.json()["outcome"]) == (200, "handled")


def test_the_inbox_view_answers_202_then_200_duplicate(client: Client, tmp_path: Any) -> None:
    from huey import MemoryHuey

    from sharpapi_webhooks.django import inbox_view
    from sharpapi_webhooks.huey import HueyInbox
    from sharpapi_webhooks.inbox import SqliteInbox

    handled: List[str] = []
    store = SqliteInbox(str(tmp_path / "inbox.db"))
    queue = HueyInbox(store, MemoryHuey(immediate=True), metrics=False)
    queue.handler(lambda event: handled.append(event.id))
    class Urls:  # a urlconf of this test's own (Django takes any hashable object with urlpatterns)
        urlpatterns = [path("inbox", inbox_view(queue))]

    with override_settings(ROOT_URLCONF=Urls):
        answers = [
            client.post("/inbox", data=BODY, content_type="application/json", headers={"X-Signature": signature()})
            for _ in range(2)
        ]
        tampered = client.post("/inbox", data=BODY + b" ", content_type="application/json", headers={"X-Signature": signature()})
    event_id = "2d3a6c54-7b39-4c0e-8d57-0b93f3c5b0aa"
    assert [(answer.status_code, answer.json()) for answer in answers] == [
        (202, {"id": event_id, "outcome": "accepted"}),
        (200, {"id": event_id, "outcome": "duplicate"}),
    ]
    assert tampered.status_code == 401
    assert handled == [event_id]
    store.close()
