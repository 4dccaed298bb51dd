"""Django REST framework integration: a view class that verifies a delivery before DRF's
parsers, authentication or permissions see the request, then hands the event to
``handle_event``, once per event.

.. code-block:: python

    class SharpApiWebhook(WebhookView):
        idempotency_store = DjangoCacheStore()               # or MemoryStore(), RedisStore(...)

        def handle_event(self, request: Request, event: WebhookEvent) -> Response:
            ...
            return Response({"id": event.id, "outcome": "handled"})

    urlpatterns = [path("webhooks/sharpapi", SharpApiWebhook.as_view())]

DRF parses ``request.data`` from the body stream, after which the raw bytes are gone
(``RawPostDataException``): verifying afterwards is impossible, and verifying a re-serialized
``request.data`` fails. So ``dispatch`` reads and verifies the raw body first, as
:mod:`sharpapi_webhooks.django` does (same settings, same limit, same answers), and only a
verified, first-seen delivery enters DRF's own dispatch, where ``request.data`` still works. The
signature is the authentication: ``authentication_classes``, ``permission_classes`` and
``throttle_classes`` are empty (a throttled or unauthenticated SharpAPI would only retry).
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional, Sequence, Type

from django.http import HttpRequest, HttpResponseBase
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from . import django as _django
from ._event import WebhookEvent
from ._integration import Answer, deliver
from ._integration import max_body_bytes as _body_limit
from .idempotency import IdempotencyStore

__all__ = ["WebhookView"]


class WebhookView(APIView):
    """A DRF view for SharpAPI's webhooks: subclass it and write :meth:`handle_event`. Set
    ``idempotency_store`` to handle each event id once, ``max_body_bytes`` to override the
    ``SHARPAPI_WEBHOOK_MAX_BODY_BYTES`` setting, ``explain_failures`` the
    ``SHARPAPI_WEBHOOK_EXPLAIN_FAILURES`` one (``True`` explains each refused signature in a
    warning on the ``django.request`` logger, never in the answer); the secret is
    ``SHARPAPI_WEBHOOK_SECRET``."""

    authentication_classes: Sequence[Type[BaseAuthentication]] = ()
    permission_classes: Sequence[Type[BasePermission]] = ()
    throttle_classes: Sequence[Type[BaseThrottle]] = ()
    idempotency_store: ClassVar[Optional[IdempotencyStore]] = None
    max_body_bytes: ClassVar[Optional[int]] = None
    explain_failures: ClassVar[Optional[bool]] = None

    event: WebhookEvent
    """The verified event of the request this view instance serves."""

    def handle_event(self, request: Request, event: WebhookEvent) -> HttpResponseBase:
        """Handles a verified event; a 2xx answer marks it handled. Raising (or answering other
        than 2xx) lets SharpAPI's retry run it again; an exception DRF does not answer itself
        becomes 500 ``"HandlerFailed"``, logged on the ``django.request`` logger."""
        raise NotImplementedError(f"{type(self).__name__} must define handle_event(request, event)")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        def handler(event: WebhookEvent) -> HttpResponseBase:
            self.event = event
            return super(WebhookView, self).dispatch(request, *args, **kwargs)

        configured = type(self).max_body_bytes
        outcome = deliver(
            method=request.method or "",
            read_body=lambda limit: _django.raw_body(request, limit),
            headers=lambda: request.headers,
            limit=_django.setting_limit() if configured is None else _body_limit(configured),
            verifier=_django.verifier,
            store=type(self).idempotency_store,
            handler=handler,
            status_of=lambda answer: answer.status_code,
            logger=_django.logger,
            explain_with=_django.explain_with(type(self).explain_failures),
        )
        return _django.response(outcome) if isinstance(outcome, Answer) else outcome

    def perform_authentication(self, request: Request) -> None:
        """Nothing: the signature authenticated the delivery; ``request.user`` stays lazy (and
        needs no ``django.contrib.auth`` unless the handler reads it)."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.handle_event(request, self.event)
