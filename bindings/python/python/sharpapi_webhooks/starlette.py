"""Starlette integration: :class:`WebhookEndpoint`, an ASGI endpoint that hands a verified event
to your handler, once per event.

.. code-block:: python

    async def handle(request: Request, event: WebhookEvent) -> Response:
        ...
        return JSONResponse({"id": event.id, "outcome": "handled"})

    app = Starlette(routes=[Route("/webhooks/sharpapi", WebhookEndpoint(handle, store=MemoryStore()))])

The body is read once from the request's stream, counted as it comes: a Content-Length over the
limit is answered 413 before any of it is read, a chunked body as soon as it passes the limit.
The answers are the project's contract (see :mod:`sharpapi_webhooks.flask`); a failing handler is
logged on the ``sharpapi_webhooks`` logger, and with ``explain_failures=True`` each refused
signature is explained in a warning there (see :func:`sharpapi_webhooks.explain`), the answer
staying the same. :mod:`sharpapi_webhooks.fastapi` builds on this.
"""

from __future__ import annotations

import inspect
import logging
import os
from typing import Awaitable, Callable, List, Optional, Union, cast

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from ._event import WebhookEvent
from ._integration import (
    Acceptor,
    Answer,
    BodyAlreadyRead,
    ExplainWith,
    PayloadTooLarge,
    accept_delivery_async,
    content_length,
    deliver_async,
)
from ._integration import explain_failures as _explain_setting
from ._integration import max_body_bytes as _body_limit
from ._verifier import Headers, Secrets, Verifier
from .idempotency import AsyncIdempotencyStore, Claim, IdempotencyStore, MemoryStore

__all__ = ["PREVIOUS_SECRET_ENV", "SECRET_ENV", "Handler", "InboxEndpoint", "Webhook", "WebhookEndpoint", "secrets_from_env"]

SECRET_ENV = "SHARPAPI_WEBHOOK_SECRET"
"""The environment variable of the secret, when none is passed."""
PREVIOUS_SECRET_ENV = "SHARPAPI_WEBHOOK_PREVIOUS_SECRET"
"""The environment variable of the previous secret while rotating, when none is passed."""

Handler = Callable[[Request, WebhookEvent], Union[Awaitable[Response], Response]]
"""A handler: ``handler(request, event) -> Response``, a coroutine or a plain function (which runs
in Starlette's thread pool)."""

logger = logging.getLogger("sharpapi_webhooks")


def secrets_from_env() -> List[str]:
    """``SHARPAPI_WEBHOOK_SECRET``, then ``SHARPAPI_WEBHOOK_PREVIOUS_SECRET`` when it is set (the
    secret being rotated out). An unset ``SHARPAPI_WEBHOOK_SECRET`` gives no secret, which the
    verifier refuses with :class:`InvalidSecret` when the app starts."""
    current = os.environ.get(SECRET_ENV)
    if current is None:
        return []
    previous = os.environ.get(PREVIOUS_SECRET_ENV)
    return [current, previous] if previous else [current]


class _StoreInThreads:
    """A synchronous store that may wait on the network (Redis, a Django cache), run in
    Starlette's thread pool so that the event loop never waits on it."""

    def __init__(self, store: IdempotencyStore) -> None:
        self._store = store

    async def claim(self, event_id: str) -> Claim:
        return await run_in_threadpool(self._store.claim, event_id)

    async def complete(self, claim: Claim) -> bool:
        return await run_in_threadpool(self._store.complete, claim)

    async def release(self, claim: Claim) -> bool:
        return await run_in_threadpool(self._store.release, claim)


def _on_the_loop(
    store: Union[AsyncIdempotencyStore, IdempotencyStore, None],
) -> Union[AsyncIdempotencyStore, IdempotencyStore, None]:
    if store is None or isinstance(store, MemoryStore) or inspect.iscoroutinefunction(store.claim):
        return store
    return _StoreInThreads(cast(IdempotencyStore, store))


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, read once with ``limit`` (:class:`PayloadTooLarge`) and kept where
    Starlette keeps it, so that ``await request.body()`` gives it again."""
    length = content_length(request.headers.get("content-length"))
    if length is not None and length > limit:
        raise PayloadTooLarge(limit)
    body = bytearray()
    stream = request.stream()
    try:
        async for chunk in stream:
            body += chunk
            if len(body) > limit:
                raise PayloadTooLarge(limit)
    except RuntimeError as error:  # "Stream consumed": read before, and not kept
        raise BodyAlreadyRead() from error
    finally:
        await stream.aclose()
    raw_body = bytes(body)
    setattr(request, "_body", raw_body)
    return raw_body


def response(answer: Answer) -> Response:
    """An answer of the contract as a JSON response."""
    return JSONResponse(answer.body, status_code=answer.status, headers=answer.headers)


class Webhook:
    """The configuration every request shares: the verifier (made at once, so that a missing
    secret fails at start-up), the store and the limit. :class:`WebhookEndpoint` and
    :func:`sharpapi_webhooks.fastapi.webhook_route` take the same arguments.
    ``explain_failures=True``, while debugging, explains each refused signature in a warning on
    the ``sharpapi_webhooks`` logger, never in the answer; it keeps the secrets' text to do so."""

    def __init__(
        self,
        secrets: Optional[Secrets] = None,
        *,
        store: Union[AsyncIdempotencyStore, IdempotencyStore, None] = None,
        max_body_bytes: Optional[int] = None,
        explain_failures: bool = False,
    ) -> None:
        secrets = secrets_from_env() if secrets is None else secrets
        self.verifier = Verifier(secrets)
        self.store = _on_the_loop(store)
        self.max_body_bytes = _body_limit(max_body_bytes)
        # The secrets' text, which the verifier does not keep, is kept only to explain refusals.
        self._explain_with: Optional[ExplainWith] = (lambda: secrets) if _explain_setting(explain_failures) else None

    async def answer(self, request: Request, handler: Callable[[WebhookEvent], Awaitable[Response]]) -> Response:
        """The response to one request: the contract's answer, or ``handler``'s for a verified,
        first-seen event."""
        # The raw header pairs as received, repeats kept, for the core to find X-Signature in.
        raw_headers = cast(Headers, request.scope["headers"])
        outcome = await deliver_async(
            method=request.method,
            read_body=lambda limit: read_body(request, limit),
            headers=lambda: raw_headers,
            limit=self.max_body_bytes,
            verifier=lambda: self.verifier,
            store=self.store,
            handler=handler,
            status_of=lambda answer: answer.status_code,
            logger=logger,
            explain_with=self._explain_with,
        )
        return response(outcome) if isinstance(outcome, Answer) else outcome


class WebhookEndpoint(Webhook):
    """An ASGI endpoint for ``Route(path, WebhookEndpoint(handler, ...))``. Being an ASGI app
    rather than a function, it receives every method, and answers all but POST with its own 405.
    ``secrets`` default to the environment (:func:`secrets_from_env`)."""

    def __init__(
        self,
        handler: Handler,
        secrets: Optional[Secrets] = None,
        *,
        store: Union[AsyncIdempotencyStore, IdempotencyStore, None] = None,
        max_body_bytes: Optional[int] = None,
        explain_failures: bool = False,
    ) -> None:
        super().__init__(secrets, store=store, max_body_bytes=max_body_bytes, explain_failures=explain_failures)
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)

        async def handle(event: WebhookEvent) -> Response:
            if inspect.iscoroutinefunction(self.handler):
                return await cast(Callable[[Request, WebhookEvent], Awaitable[Response]], self.handler)(request, event)
            return await run_in_threadpool(cast(Callable[[Request, WebhookEvent], Response], self.handler), request, event)

        answer = await self.answer(request, handle)
        await answer(scope, receive, send)


class InboxEndpoint:
    """An ASGI endpoint that acknowledges first and processes later (Starlette, and FastAPI
    with ``app.add_route(path, InboxEndpoint(inbox))``): each verified delivery goes to ``inbox``
    (a :class:`sharpapi_webhooks.huey.HueyInbox`, or any inbox of :mod:`sharpapi_webhooks.inbox`),
    stored off the event loop, and is answered 202 ``"accepted"``, 200 ``"duplicate"``, or 503
    ``"StoreUnavailable"`` when the inbox could not store it; refusals as
    :class:`WebhookEndpoint`'s. Your handler runs in the worker. One log line per delivery on the
    ``sharpapi_webhooks`` logger, counted in the inbox's metrics."""

    def __init__(
        self,
        inbox: Acceptor,
        secrets: Optional[Secrets] = None,
        *,
        max_body_bytes: Optional[int] = None,
        explain_failures: bool = False,
    ) -> None:
        secrets = secrets_from_env() if secrets is None else secrets
        self.verifier = Verifier(secrets)
        self.inbox = inbox
        self.max_body_bytes = _body_limit(max_body_bytes)
        self._explain_with: Optional[ExplainWith] = (lambda: secrets) if _explain_setting(explain_failures) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        raw_headers = cast(Headers, request.scope["headers"])
        answer = await accept_delivery_async(
            method=request.method,
            read_body=lambda limit: read_body(request, limit),
            headers=lambda: raw_headers,
            limit=self.max_body_bytes,
            verifier=lambda: self.verifier,
            inbox=self.inbox,
            accept=lambda event, raw_body: run_in_threadpool(self.inbox.accept, event, raw_body),
            logger=logger,
            explain_with=self._explain_with,
        )
        await response(answer)(scope, receive, send)
