"""Django integration: ``@webhook_view`` hands a verified event to the view, once per event.

.. code-block:: python

    # settings.py
    SHARPAPI_WEBHOOK_SECRET = "whsec_..."                    # or a list while rotating

    # views.py
    @webhook_view(store=DjangoCacheStore())                  # or MemoryStore(), RedisStore(...)
    def sharpapi_webhook(request: HttpRequest, event: WebhookEvent) -> HttpResponse:
        ...
        return JsonResponse({"id": event.id, "outcome": "handled"})

The view is exempt from CSRF (SharpAPI signs its requests instead). It reads the body itself,
once, from the request's stream: up to its own limit (``SHARPAPI_WEBHOOK_MAX_BODY_BYTES``, 16 MiB
by default), not ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MiB), and a chunked body where the server
ends the stream (gunicorn does; see :func:`sharpapi_webhooks._integration.read_wsgi_body`).
Its answers are the project's contract, as :mod:`sharpapi_webhooks.flask` lists them; a failing
view is logged on the ``django.request`` logger, as Django logs its own server errors. With
``explain_failures`` (or the ``SHARPAPI_WEBHOOK_EXPLAIN_FAILURES`` setting), each refused signature
is explained in a warning on that logger (see :func:`sharpapi_webhooks.explain`); the answer
stays the same.
"""

from __future__ import annotations

import functools
import logging
from io import BytesIO
from typing import Any, Callable, Optional, overload

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from ._integration import (
    Acceptor,
    Answer,
    BodyAlreadyRead,
    ConfiguredVerifier,
    ExplainWith,
    PayloadTooLarge,
    accept_delivery,
    configured_verifier,
    content_length,
    deliver,
    read_capped,
    read_wsgi_body,
)
from ._integration import explain_failures as _explain_setting
from ._integration import max_body_bytes as _body_limit
from ._verifier import Verifier
from .idempotency import IdempotencyStore

# explain_with, raw_body, response, setting_limit and verifier serve sharpapi_webhooks.drf too.
__all__ = ["EXPLAIN_FAILURES_SETTING", "MAX_BODY_SETTING", "SETTING", "inbox_view", "webhook_view"]

SETTING = "SHARPAPI_WEBHOOK_SECRET"
"""The setting that holds the secret, or the list of secrets while rotating (current first)."""
MAX_BODY_SETTING = "SHARPAPI_WEBHOOK_MAX_BODY_BYTES"
"""The setting of the body limit in bytes (default: ``DEFAULT_MAX_BODY_BYTES``, 16 MiB)."""
EXPLAIN_FAILURES_SETTING = "SHARPAPI_WEBHOOK_EXPLAIN_FAILURES"
"""The setting that turns on the explanation of refused signatures in the log (off by default)."""

_configured: Optional[ConfiguredVerifier] = None
logger = logging.getLogger("django.request")
View = Callable[..., HttpResponseBase]


def verifier() -> Verifier:
    """The verifier of the configured secret(s), made again only when the setting changes."""
    global _configured
    _configured = configured_verifier(getattr(settings, SETTING, None), _configured)
    return _configured[1]


def explain_with(configured: object) -> Optional[ExplainWith]:
    """Where the secrets to explain a refused signature with come from (the setting of the
    secret), when ``configured`` (else the ``SHARPAPI_WEBHOOK_EXPLAIN_FAILURES`` setting) says to
    explain refusals; else ``None``."""
    if configured is None:
        configured = getattr(settings, EXPLAIN_FAILURES_SETTING, None)
    return _setting_secrets if _explain_setting(configured) else None


def _setting_secrets() -> Any:
    return getattr(settings, SETTING, None)


def setting_limit() -> int:
    """The body limit of the settings (the vocabulary's default when unset)."""
    return _body_limit(getattr(settings, MAX_BODY_SETTING, None))


def raw_body(request: HttpRequest, limit: int) -> bytes:
    """The request's body, read once with ``limit`` and kept where Django keeps it, so that
    ``request.body`` in the view gives it. Read from the server's stream, not through
    ``request.body``: that one is capped by ``DATA_UPLOAD_MAX_MEMORY_SIZE`` and, under WSGI,
    reads a body without Content-Length (chunked) as empty."""
    if hasattr(request, "_body"):  # request.body was read (Django's limit applied already)
        body: bytes = getattr(request, "_body")
        if len(body) > limit:
            raise PayloadTooLarge(limit)
        return body
    if getattr(request, "_read_started", False):  # read as a stream, or parsed as a form
        raise BodyAlreadyRead()
    if "wsgi.input" in request.META:
        body = read_wsgi_body(request.META, limit)
    else:  # ASGI: Django has the whole body in a file by now
        length = content_length(request.META.get("CONTENT_LENGTH"))
        if length is not None and length > limit:
            raise PayloadTooLarge(limit)
        body = read_capped(request.read, None, limit)
    # What HttpRequest.body leaves behind, so that request.body and request.POST work after us.
    setattr(request, "_body", body)
    setattr(request, "_stream", BytesIO(body))
    return body


def response(answer: Answer) -> JsonResponse:
    """An answer of the contract as Django's JSON response."""
    json_response = JsonResponse(answer.body, status=answer.status)
    for name, value in answer.headers.items():
        json_response[name] = value
    return json_response


@overload
def webhook_view(view: View, /) -> View: ...


@overload
def webhook_view(
    *,
    store: Optional[IdempotencyStore] = None,
    max_body_bytes: Optional[int] = None,
    explain_failures: Optional[bool] = None,
) -> Callable[[View], View]: ...


def webhook_view(
    view: Optional[View] = None,
    /,
    *,
    store: Optional[IdempotencyStore] = None,
    max_body_bytes: Optional[int] = None,
    explain_failures: Optional[bool] = None,
) -> Any:
    """Decorates a view ``view(request, event, ...)``: ``@webhook_view``, or
    ``@webhook_view(store=..., max_body_bytes=..., explain_failures=...)``. With a ``store``
    (:mod:`sharpapi_webhooks.idempotency`), each event id runs the view once. ``max_body_bytes``
    overrides the ``SHARPAPI_WEBHOOK_MAX_BODY_BYTES`` setting, ``explain_failures`` the
    ``SHARPAPI_WEBHOOK_EXPLAIN_FAILURES`` one: while debugging, ``True`` explains each refused
    signature in a warning on the ``django.request`` logger, never in the answer."""
    limit = None if max_body_bytes is None else _body_limit(max_body_bytes)
    _explain_setting(explain_failures)  # a wrong type fails here, when the view is decorated

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def verified_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            outcome = deliver(
                method=request.method or "",
                read_body=lambda limit: raw_body(request, limit),
                headers=lambda: request.headers,
                limit=limit if limit is not None else setting_limit(),
                verifier=verifier,
                store=store,
                handler=lambda event: view(request, event, *args, **kwargs),
                status_of=lambda answer: answer.status_code,
                logger=logger,
                explain_with=explain_with(explain_failures),
            )
            return response(outcome) if isinstance(outcome, Answer) else outcome

        exempt: View = csrf_exempt(verified_view)
        return exempt

    return decorate if view is None else decorate(view)



def inbox_view(
    inbox: Acceptor,
    *,
    max_body_bytes: Optional[int] = None,
    explain_failures: Optional[bool] = None,
) -> View:
    """A view that acknowledges first and processes later: each verified delivery goes to
    ``inbox`` (a :class:`sharpapi_webhooks.huey.HueyInbox`, or any inbox of
    :mod:`sharpapi_webhooks.inbox`) and is answered 202 ``"accepted"``, 200 ``"duplicate"``, or
    503 ``"StoreUnavailable"`` when the inbox could not store it; refusals as
    :func:`webhook_view`'s. Your handler runs in the worker. Route it with
    ``path("webhooks/sharpapi", inbox_view(inbox))``; it is exempt from CSRF. One log line per
    delivery on the ``sharpapi_webhooks`` logger, counted in the inbox's metrics."""
    limit = None if max_body_bytes is None else _body_limit(max_body_bytes)
    _explain_setting(explain_failures)

    def view(request: HttpRequest) -> HttpResponseBase:
        return response(
            accept_delivery(
                method=request.method or "",
                read_body=lambda limit: raw_body(request, limit),
                headers=lambda: request.headers,
                limit=limit if limit is not None else setting_limit(),
                verifier=verifier,
                inbox=inbox,
                logger=logger,
                explain_with=explain_with(explain_failures),
            )
        )

    exempt: View = csrf_exempt(view)
    return exempt
