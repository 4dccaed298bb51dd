"""Flask integration: ``@webhook_view`` hands a verified event to the view, once per event.

.. code-block:: python

    app.config["SHARPAPI_WEBHOOK_SECRET"] = "whsec_..."      # or a list while rotating
    store = MemoryStore()                                     # or RedisStore.from_url(...)

    @app.route("/webhooks/sharpapi")                          # every method: 405 is answered here
    @webhook_view(store=store)
    def sharpapi_webhook(event: WebhookEvent) -> dict[str, str]:
        ...
        return {"id": event.id, "outcome": "handled"}

Every answer but the view's own is JSON, as the project's contract says: 405 (``Allow: POST``)
for any method but POST, 413 for a body over the limit (decided from Content-Length before
reading it, else while reading), 401 for a missing or wrong signature, 400 for a verified body
that is not an event, 200 ``"duplicate"`` and 409 ``"InProgress"`` from the idempotency store,
500 ``"HandlerFailed"`` when the view raised (logged with ``app.logger``; the claim is released so
that SharpAPI's retry runs the view again), 500 ``"InvalidSecret"`` when the app has no usable
secret. A view's answer other than 2xx releases the claim too. With ``explain_failures`` (or the
app's ``SHARPAPI_WEBHOOK_EXPLAIN_FAILURES``), each refused signature is explained in a warning on
``app.logger`` (see :func:`sharpapi_webhooks.explain`); the answer stays the same.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional, overload

from flask import Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from ._integration import (
    WEBHOOK_METHODS,
    Acceptor,
    Answer,
    ConfiguredVerifier,
    PayloadTooLarge,
    accept_delivery,
    configured_verifier,
    deliver,
    read_wsgi_body,
)
from ._integration import explain_failures as _explain_setting
from ._integration import max_body_bytes as _body_limit
from ._verifier import Verifier
from .idempotency import IdempotencyStore

__all__ = ["CONFIG_KEY", "EXPLAIN_FAILURES_CONFIG_KEY", "MAX_BODY_CONFIG_KEY", "inbox_view", "webhook_view"]

CONFIG_KEY = "SHARPAPI_WEBHOOK_SECRET"
"""The app config key of the secret, or of the list of secrets while rotating (current first)."""
MAX_BODY_CONFIG_KEY = "SHARPAPI_WEBHOOK_MAX_BODY_BYTES"
"""The app config key of the body limit in bytes (default: ``DEFAULT_MAX_BODY_BYTES``, 16 MiB)."""
EXPLAIN_FAILURES_CONFIG_KEY = "SHARPAPI_WEBHOOK_EXPLAIN_FAILURES"
"""The app config key that turns on the explanation of refused signatures in the log (off by default)."""

_EXTENSION = "sharpapi_webhooks"
View = Callable[..., ResponseReturnValue]


def _verifier() -> Verifier:
    configured: Optional[ConfiguredVerifier] = current_app.extensions.get(_EXTENSION)
    configured = configured_verifier(current_app.config.get(CONFIG_KEY), configured)
    current_app.extensions[_EXTENSION] = configured
    return configured[1]


def _config_secrets() -> Any:
    return current_app.config.get(CONFIG_KEY)


def _explains(configured: Optional[bool]) -> bool:
    """The decorator's ``explain_failures``, else the app's setting."""
    if configured is None:
        return _explain_setting(current_app.config.get(EXPLAIN_FAILURES_CONFIG_KEY))
    return configured


def _raw_body(limit: int) -> bytes:
    # get_data() (or get_json()) in a before_request hook keeps the bytes it read: use them.
    cached = getattr(request, "_cached_data", None)
    if isinstance(cached, bytes):
        if len(cached) > limit:
            raise PayloadTooLarge(limit)
        return cached
    raw_body = read_wsgi_body(request.environ, limit)
    # What werkzeug's get_data() keeps, so that request.get_data() in the view gives the body.
    setattr(request, "_cached_data", raw_body)
    return raw_body


def _response(answer: Answer) -> Response:
    response = jsonify(answer.body)
    response.status_code = answer.status
    response.headers.update(answer.headers)
    return response


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
    """Decorates a view that takes the verified event as its first argument: ``@webhook_view``,
    or ``@webhook_view(store=..., max_body_bytes=..., explain_failures=...)``. With a ``store``
    (:mod:`sharpapi_webhooks.idempotency`), each event id runs the view once. ``max_body_bytes``
    overrides the app's ``SHARPAPI_WEBHOOK_MAX_BODY_BYTES``, ``explain_failures`` its
    ``SHARPAPI_WEBHOOK_EXPLAIN_FAILURES``: while debugging, ``True`` explains each refused
    signature in a warning on ``app.logger``, never in the answer. The view carries every method,
    so ``@app.route(rule)`` (no ``methods``) routes them all here and this answers 405 itself."""
    limit = None if max_body_bytes is None else _body_limit(max_body_bytes)
    _explain_setting(explain_failures)  # a wrong type fails here, when the view is decorated

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def verified_view(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            outcome = deliver(
                method=request.method,
                read_body=_raw_body,
                headers=lambda: request.headers,
                limit=limit if limit is not None else _body_limit(current_app.config.get(MAX_BODY_CONFIG_KEY)),
                verifier=_verifier,
                store=store,
                handler=lambda event: current_app.make_response(view(event, *args, **kwargs)),
                status_of=lambda response: response.status_code,
                logger=current_app.logger,
                explain_with=_config_secrets if _explains(explain_failures) else None,
            )
            return _response(outcome) if isinstance(outcome, Answer) else outcome

        setattr(verified_view, "methods", list(WEBHOOK_METHODS))
        return verified_view

    return decorate if view is None else decorate(view)



def inbox_view(
    inbox: Acceptor,
    *,
    max_body_bytes: Optional[int] = None,
    explain_failures: Optional[bool] = None,
    name: str = "sharpapi_webhook",
) -> View:
    """A view that acknowledges first and processes later: each verified delivery goes to
    ``inbox`` (a :class:`sharpapi_webhooks.huey.HueyInbox`, or any inbox of
    :mod:`sharpapi_webhooks.inbox` whose records you claim yourself) and is answered 202
    ``"accepted"``, 200 ``"duplicate"`` for a job id the inbox holds already, 503
    ``"StoreUnavailable"`` when the inbox could not store it; the refusals are the same as
    :func:`webhook_view`'s. Your handler runs in the worker. Route it with
    ``app.add_url_rule(rule, view_func=inbox_view(inbox))``. Each delivery is logged on the
    ``sharpapi_webhooks`` logger (one line, fields in ``extra``) and counted in the inbox's metrics."""
    limit = None if max_body_bytes is None else _body_limit(max_body_bytes)
    _explain_setting(explain_failures)

    def view() -> ResponseReturnValue:
        answer = accept_delivery(
            method=request.method,
            read_body=_raw_body,
            headers=lambda: request.headers,
            limit=limit if limit is not None else _body_limit(current_app.config.get(MAX_BODY_CONFIG_KEY)),
            verifier=_verifier,
            inbox=inbox,
            logger=current_app.logger,
            explain_with=_config_secrets if _explains(explain_failures) else None,
        )
        return _response(answer)

    view.__name__ = name
    setattr(view, "methods", list(WEBHOOK_METHODS))
    return view
