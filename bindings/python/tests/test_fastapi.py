"""The FastAPI and Starlette integrations, served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any, Dict, Iterator, List

import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import sharpapi_webhooks as webhooks
from sharpapi_webhooks.fastapi import VerifiedEvent, webhook_route
from sharpapi_webhooks.idempotency import Claim, IdempotencyStore, MemoryStore
from sharpapi_webhooks.starlette import WebhookEndpoint

from .servers import request, sign, uvicorn_server

SECRET = "whsec_fastapi"
PREVIOUS = "whsec_fastapi_previous"
URL = "/webhooks/sharpapi"


def body_of(job_id: str, **result: Any) -> bytes:
    event: Dict[str, Any] = {"id": job_id, "status": "success", "type": "content_summarize"}
    if result:
        event["result"] = result
    return json.dumps(event).encode()


def post(port: int, body: bytes, secret: str = SECRET, **options: Any) -> Any:
    headers = [("Content-Type", "application/json"), ("X-Signature", sign(body, secret))]
    return request(port, "POST", URL, headers, body, **options)


class Summary(BaseModel):
    id: str
    status: str


handled: List[str] = []


def fastapi_app(store: Any = None, max_body_bytes: Any = None) -> FastAPI:
    router = APIRouter(route_class=webhook_route([SECRET, PREVIOUS], store=store, max_body_bytes=max_body_bytes))

    @router.post(URL)
    async def sharpapi_webhook(event: VerifiedEvent) -> Dict[str, str]:
        result = event.result or {}
        if result.get("sleep"):
            await asyncio.sleep(result["sleep"])
        if result.get("fail"):
            raise RuntimeError("the summary store is away")
        handled.append(event.id)
        return {"id": event.id, "outcome": "handled"}

    @router.post("/with-a-body-model")
    async def with_model(event: VerifiedEvent, summary: Summary) -> Dict[str, str]:
        return {"event": event.id, "parsed": summary.id}

    app = FastAPI()
    app.include_router(router, prefix="")
    return app


@pytest.fixture()
def memory_store() -> MemoryStore:
    handled.clear()
    return MemoryStore()


@pytest.fixture()
def port(memory_store: MemoryStore) -> Iterator[int]:
    with uvicorn_server(fastapi_app(memory_store, max_body_bytes=256 * 1024)) as port:
        yield port


def test_a_delivery_is_handled_once(port: int) -> None:
    body = body_of("job-1")
    first = post(port, body)
    assert (first.status, first.json()) == (200, {"id": "job-1", "outcome": "handled"})
    assert post(port, body, PREVIOUS).json() == {"id": "job-1", "outcome": "duplicate"}
    assert handled == ["job-1"]


def test_refusals_are_the_contracts_json(port: int) -> None:
    body = body_of("job-2")
    tampered = request(port, "POST", URL, [("X-Signature", sign(body, SECRET))], body.replace(b"job-2", b"job-3"))
    assert (tampered.status, tampered.json()["error"], tampered.json()["code"]) == (401, "InvalidSignature", 4)
    array = b"[1, 2]"
    invalid = post(port, array)
    assert (invalid.status, invalid.json()["error"]) == (400, "InvalidPayload")
    for method in ("GET", "PUT", "DELETE"):
        other = request(port, method, URL)
        assert (other.status, other.json()["error"], other.headers["allow"]) == (405, "MethodNotAllowed", "POST")
    assert handled == []


def test_bodies_over_the_limit_are_413_before_they_are_read(port: int) -> None:
    big = body_of("job-big", text="x" * (256 * 1024))
    unsent = post(port, big, send_body=False)
    assert (unsent.status, unsent.json()["error"]) == (413, "PayloadTooLarge")
    streamed = post(port, big, chunked=True)
    assert (streamed.status, streamed.json()["error"]) == (413, "PayloadTooLarge")
    chunked = post(port, body_of("job-chunked", text="y" * 200_000), chunked=True)
    assert (chunked.status, chunked.json()["outcome"]) == (200, "handled")


def test_a_failing_endpoint_is_500_and_released(port: int, memory_store: MemoryStore) -> None:
    body = body_of("job-fail", fail=True)
    failed = post(port, body)
    assert failed.json() == {"error": "HandlerFailed", "message": "the webhook handler failed; SharpAPI will retry"}
    assert failed.status == 500
    assert memory_store.claim("job-fail").state.name == "CLAIMED"  # released: the retry may run


def test_a_concurrent_copy_is_409(port: int) -> None:
    body = body_of("job-slow", sleep=0.5)
    answers: List[int] = []
    first = threading.Thread(target=lambda: answers.append(post(port, body).status))
    first.start()
    time.sleep(0.2)
    second = post(port, body)
    first.join()
    assert (second.status, second.json()["error"]) == (409, "InProgress")
    assert answers == [200]


def test_a_body_parameter_still_parses(port: int) -> None:
    body = body_of("job-model")
    response = request(port, "POST", "/with-a-body-model",
                       [("Content-Type", "application/json"), ("X-Signature", sign(body, SECRET))], body)
    assert response.json() == {"event": "job-model", "parsed": "job-model"}


def test_a_sync_network_store_runs_off_the_event_loop() -> None:
    threads: List[str] = []

    class Recording(MemoryStore):
        """A store that is not a MemoryStore as far as the integration can tell."""

        def claim(self, event_id: str) -> Claim:
            threads.append(threading.current_thread().name)
            return super().claim(event_id)

    class Wrapped:
        def __init__(self) -> None:
            self.inner = Recording()

        def claim(self, event_id: str) -> Claim:
            return self.inner.claim(event_id)

        def complete(self, claim: Claim) -> bool:
            return self.inner.complete(claim)

        def release(self, claim: Claim) -> bool:
            return self.inner.release(claim)

    store: IdempotencyStore = Wrapped()
    with uvicorn_server(fastapi_app(store)) as port:
        assert post(port, body_of("job-thread")).status == 200
    assert threads and threads[0] != "MainThread" and "uvicorn" not in threads[0].lower()


def test_no_secret_fails_when_the_app_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHARPAPI_WEBHOOK_SECRET", raising=False)
    with pytest.raises(webhooks.InvalidSecret):
        webhook_route()
    monkeypatch.setenv("SHARPAPI_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("SHARPAPI_WEBHOOK_PREVIOUS_SECRET", PREVIOUS)
    with uvicorn_server(fastapi_app_from_env()) as port:
        assert post(port, body_of("job-env"), PREVIOUS).status == 200


def fastapi_app_from_env() -> FastAPI:
    router = APIRouter(route_class=webhook_route())

    @router.post(URL)
    def sync_endpoint(event: VerifiedEvent) -> Dict[str, str]:
        return {"id": event.id}

    app = FastAPI()
    app.include_router(router)
    return app


def test_verified_event_outside_a_webhook_route_says_so() -> None:
    app = FastAPI()

    @app.post("/plain")
    async def plain(event: VerifiedEvent) -> Dict[str, str]:
        return {"id": event.id}

    with uvicorn_server(app) as port:
        assert request(port, "POST", "/plain").status == 500


def test_starlettes_endpoint_with_sync_and_async_handlers() -> None:
    seen: List[bytes] = []

    def handle(request: Request, event: webhooks.WebhookEvent) -> Response:
        return JSONResponse({"id": event.id}, status_code=202)

    async def handle_async(request: Request, event: webhooks.WebhookEvent) -> Response:
        seen.append(await request.body())  # the body stays readable
        return Response(status_code=204)

    app = Starlette(routes=[
        Route(URL, WebhookEndpoint(handle, [SECRET], store=MemoryStore())),
        Route("/async", WebhookEndpoint(handle_async, SECRET, max_body_bytes=64)),
    ])
    with uvicorn_server(app) as port:
        body = body_of("job-starlette")
        assert (post(port, body).status, post(port, body).json()) == (202, {"id": "job-starlette", "outcome": "duplicate"})
        assert request(port, "PATCH", URL).status == 405
        headers = [("X-Signature", sign(body, SECRET))]
        assert request(port, "POST", "/async", headers, body).status == 413
        small = b'{"id":"s","status":"new","type":"x"}'
        assert request(port, "POST", "/async", [("X-Signature", sign(small, SECRET))], small).status == 204
    assert seen == [small]
