"""FastAPI integration: a route class that reads and verifies each delivery before FastAPI
handles the request, and ``VerifiedEvent``, the typed event for the endpoint.

.. code-block:: python

    router = APIRouter(route_class=webhook_route(store=MemoryStore()))  # secrets: from the env

    @router.post("/webhooks/sharpapi")
    async def sharpapi_webhook(event: VerifiedEvent) -> dict[str, str]:
        ...
        return {"id": event.id, "outcome": "handled"}

    app.include_router(router)

Every route of such a router runs the endpoint only for a verified, first-seen delivery (with
a store); the route class answers the rest as the project's contract says, in JSON, including
405 for any method but POST (FastAPI's own 405 would be ``{"detail": ...}``). The body is read
once, with a streaming cap (:func:`sharpapi_webhooks.starlette.read_body`), and kept, so that a
body parameter of the endpoint still parses. An endpoint that raises is answered 500
``"HandlerFailed"`` (HTTPException included: to answer otherwise, return a response; any answer
other than 2xx lets SharpAPI's retry run the endpoint again).
"""

from __future__ import annotations

from typing import Annotated, Any, Callable, Coroutine, Optional, Type, Union

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ._event import WebhookEvent
from ._integration import method_not_allowed
from ._verifier import Secrets
from .idempotency import AsyncIdempotencyStore, IdempotencyStore
from .starlette import Webhook, response

__all__ = ["VerifiedEvent", "verified_event", "webhook_route"]

_EVENT_KEY = "sharpapi_webhooks.event"


def verified_event(request: Request) -> WebhookEvent:
    """The verified event of a route of :func:`webhook_route`, as a FastAPI dependency."""
    event = request.scope.get(_EVENT_KEY)
    if not isinstance(event, WebhookEvent):
        raise RuntimeError(
            "VerifiedEvent is only set in routes whose class is webhook_route(...): "
            "APIRouter(route_class=webhook_route(...))"
        )
    return event


VerifiedEvent = Annotated[WebhookEvent, Depends(verified_event)]
"""The endpoint parameter's type for the verified event: ``event: VerifiedEvent``."""


def webhook_route(
    secrets: Optional[Secrets] = None,
    *,
    store: Union[AsyncIdempotencyStore, IdempotencyStore, None] = None,
    max_body_bytes: Optional[int] = None,
    explain_failures: bool = False,
) -> Type[APIRoute]:
    """A route class for ``APIRouter(route_class=...)``. ``secrets`` default to the environment
    (``SHARPAPI_WEBHOOK_SECRET``, then ``SHARPAPI_WEBHOOK_PREVIOUS_SECRET``); a missing secret
    raises :class:`InvalidSecret` here, when the app starts. ``store`` (sync or async; a sync
    network store runs in the thread pool) handles each event once; ``max_body_bytes`` defaults
    to ``DEFAULT_MAX_BODY_BYTES``; ``explain_failures=True``, while debugging, explains each
    refused signature in a warning on the ``sharpapi_webhooks`` logger, never in the answer."""
    webhook = Webhook(secrets, store=store, max_body_bytes=max_body_bytes, explain_failures=explain_failures)

    class WebhookRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            endpoint = super().get_route_handler()

            async def verified_endpoint(request: Request) -> Response:
                async def handle(event: WebhookEvent) -> Response:
                    request.scope[_EVENT_KEY] = event
                    return await endpoint(request)

                return await webhook.answer(request, handle)

            return verified_endpoint

        async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
            # Another method reaches a POST route only as a partial match, which FastAPI
            # answers with its own 405: answer it here, in the contract's JSON.
            if scope["type"] == "http" and scope["method"] != "POST":
                await response(method_not_allowed(scope["method"]))(scope, receive, send)
                return
            await super().handle(scope, receive, send)

    return WebhookRoute

