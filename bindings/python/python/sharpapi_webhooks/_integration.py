"""What the framework integrations share: their configuration, the capped reading of the body,
and every answer of the project's contract (bindings/INTEGRATIONS.md of the repository), decided
once here so that Flask, Django, Django REST framework, Starlette and FastAPI give the same answer
to the same request, and the opt-in explanation of a refused signature in the server's log. An
integration only adapts its framework's request and response to these."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Protocol, Tuple, TypeVar, Union, cast

from ._errors import StoreUnavailable, WebhookError
from ._event import WebhookEvent
from ._explain import explain, signature_among
from ._observe import Observer
from ._verifier import Headers, Secrets, Verifier
from ._vocabulary import DEFAULT_MAX_BODY_BYTES, InvalidPayload, InvalidSecret, MalformedSignature
from .idempotency import (
    AsyncIdempotencyStore,
    IdempotencyStore,
    Outcome,
    handle_once,
    handle_once_async,
)

__all__ = [
    "BODY_ALREADY_READ",
    "STORE_UNAVAILABLE",
    "Acceptor",
    "accept_delivery",
    "accept_delivery_async",
    "accepted",
    "observer_of",
    "HANDLER_FAILED",
    "WEBHOOK_METHODS",
    "Answer",
    "BodyAlreadyRead",
    "ConfiguredVerifier",
    "ExplainWith",
    "PayloadTooLarge",
    "configured_verifier",
    "content_length",
    "deliver",
    "deliver_async",
    "duplicate",
    "explain_failures",
    "in_progress",
    "is_success",
    "max_body_bytes",
    "method_not_allowed",
    "payload_too_large",
    "read_capped",
    "read_wsgi_body",
    "refused",
]

R = TypeVar("R")

WEBHOOK_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
"""The methods a webhook route takes, so that the integration answers every one but POST with its
own 405 (JSON, ``Allow: POST``) rather than the framework's page."""

ConfiguredVerifier = Tuple[Tuple[object, ...], Verifier]
"""A verifier with the configuration it was built from."""

ExplainWith = Callable[[], Optional[Secrets]]
"""Where the secrets to explain a refused signature with come from, when refusals are explained."""

_CHUNK = 64 * 1024


def configured_verifier(
    secrets: Optional[Secrets], cached: Optional[ConfiguredVerifier]
) -> ConfiguredVerifier:
    """``cached`` while the configured secret(s) are the same, else a verifier built for them:
    once per configuration rather than per request."""
    key = (secrets,) if isinstance(secrets, (str, bytes)) or secrets is None else tuple(secrets)
    if cached is not None and cached[0] == key:
        return cached
    return key, Verifier(secrets)


def max_body_bytes(configured: object) -> int:
    """The body limit from an integration's setting: the vocabulary's default when unset."""
    if configured is None:
        return DEFAULT_MAX_BODY_BYTES
    if isinstance(configured, bool) or not isinstance(configured, int):
        raise TypeError(f"max_body_bytes must be an int (bytes), not {type(configured).__name__}")
    if configured < 0:
        raise ValueError(f"max_body_bytes must be 0 or more, not {configured}")
    return configured


def explain_failures(configured: object) -> bool:
    """The ``explain_failures`` setting of an integration: off unless ``True``."""
    if configured is None:
        return False
    if not isinstance(configured, bool):
        raise TypeError(f"explain_failures must be True or False, not {type(configured).__name__}")
    return configured


class PayloadTooLarge(Exception):
    """The body is over the limit: answered 413, the rest of it unread."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is too large: limit {limit} bytes")
        self.limit = limit


class BodyAlreadyRead(Exception):
    """Something read the request's body before the webhook integration could: a server error."""


def read_capped(read: Callable[[int], bytes], length: Optional[int], limit: int) -> bytes:
    """Reads ``length`` bytes (until the end when ``None``) with ``read(n)``, raising
    :class:`PayloadTooLarge` as soon as more than ``limit`` came."""
    body = bytearray()
    while length is None or len(body) < length:
        chunk = read(_CHUNK if length is None else min(_CHUNK, length - len(body)))
        if not chunk:
            break
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(limit)
    return bytes(body)


def content_length(value: Optional[str]) -> Optional[int]:
    """A Content-Length value as a number, or ``None`` when it is absent (or no number, which
    servers refuse before the app sees it)."""
    if value is None:
        return None
    try:
        length = int(value)
    except ValueError:
        return None
    return length if length >= 0 else None


def read_wsgi_body(environ: Mapping[str, Any], limit: int) -> bytes:
    """The body of a WSGI request, read once from ``wsgi.input`` with the limit: refused unread
    when Content-Length is over it, else read up to Content-Length. Without one (a chunked
    request), the server must end the stream itself (``wsgi.input_terminated``: gunicorn,
    werkzeug's server, mod_wsgi when configured so); the body is counted while read and refused
    as soon as it passes the limit. A server that sets neither gives no safe end to read to, so
    the body counts as empty, as werkzeug does."""
    length = content_length(environ.get("CONTENT_LENGTH"))
    if length is not None and length > limit:
        raise PayloadTooLarge(limit)
    stream = environ["wsgi.input"]
    if length is None and not environ.get("wsgi.input_terminated"):
        return b""
    return read_capped(stream.read, length, limit)


@dataclass(frozen=True)
class Answer:
    """An answer of the integration's own: status, JSON body, headers."""

    status: int
    body: Dict[str, object]
    headers: Dict[str, str] = field(default_factory=dict)


HANDLER_FAILED = Answer(500, {"error": "HandlerFailed", "message": "the webhook handler failed; SharpAPI will retry"})
BODY_ALREADY_READ = Answer(
    500,
    {
        "error": "BodyAlreadyRead",
        "message": "the request body was read before the webhook view (by a middleware, or "
        "request.POST or request.data): nothing may read it before the view verifies it",
    },
)


def method_not_allowed(method: str) -> Answer:
    return Answer(
        405,
        {"error": "MethodNotAllowed", "message": f"{method} is not allowed: SharpAPI sends webhooks with POST"},
        {"Allow": "POST"},
    )


def payload_too_large(error: PayloadTooLarge) -> Answer:
    return Answer(413, {"error": "PayloadTooLarge", "message": str(error)})


def refused(error: WebhookError) -> Answer:
    """401 for a missing or wrong signature, 400 for a verified body that is not an event, 500
    for no usable secret (the server's own fault), each with the core's name, code and message."""
    status = 500 if isinstance(error, InvalidSecret) else 400 if isinstance(error, InvalidPayload) else 401
    return Answer(status, {"error": type(error).__name__, "code": error.code, "message": str(error)})


def duplicate(event_id: str) -> Answer:
    return Answer(200, {"id": event_id, "outcome": "duplicate"})


def in_progress(event_id: str) -> Answer:
    return Answer(
        409,
        {"error": "InProgress", "message": f"event {event_id} is being handled by another request; SharpAPI will retry"},
    )


def is_success(status: int) -> bool:
    """Whether a handler's answer counts as handled: a 2xx. Any other answer releases the claim,
    so that SharpAPI's retry runs the handler again."""
    return 200 <= status < 300


def _verified(
    verifier: Callable[[], Verifier],
    raw_body: bytes,
    headers: Headers,
    logger: logging.Logger,
    explain_with: Optional[ExplainWith],
) -> Union[Answer, WebhookEvent]:
    try:
        return verifier().construct_event_from_headers(raw_body, headers)
    except InvalidSecret as error:
        logger.error("SharpAPI webhook: the server has no usable webhook secret: %s", error)
        return refused(error)
    except WebhookError as error:
        if explain_with is not None and not isinstance(error, InvalidPayload):
            _log_explanation(logger, raw_body, headers, error, explain_with)
        return refused(error)


def _log_explanation(
    logger: logging.Logger, raw_body: bytes, headers: Headers, error: WebhookError, explain_with: ExplainWith
) -> None:
    """Writes to the log, as a warning, why a signature was refused, as :func:`explain` finds it:
    for the endpoint's owner, never in the answer, which this never changes (a failure here is
    logged too). The record carries the refusal's name and the causes' wire names as
    ``sharpapi_webhook_error`` and ``sharpapi_webhook_causes``, for a structured log."""
    name = type(error).__name__
    try:
        try:
            signature = signature_among(headers)
        except MalformedSignature:
            # The core finds no one signature to explain among X-Signature headers that differ.
            logger.warning(
                "SharpAPI webhook: a delivery was refused with %s: its X-Signature headers differ from "
                "each other, so there is no one signature to explain",
                name,
                extra={"sharpapi_webhook_error": name, "sharpapi_webhook_causes": []},
            )
            return
        causes = explain(raw_body, signature, explain_with()).causes
        logger.warning(
            "SharpAPI webhook: a delivery was refused with %s; explained: %s",
            name,
            "; ".join(f"{cause.value}: {cause.description}" for cause in causes),
            extra={"sharpapi_webhook_error": name, "sharpapi_webhook_causes": [cause.value for cause in causes]},
        )
    except Exception:
        logger.exception("SharpAPI webhook: a refused delivery could not be explained")


def _body_already_read(logger: logging.Logger) -> Answer:
    logger.error("SharpAPI webhook: %s", BODY_ALREADY_READ.body["message"])
    return BODY_ALREADY_READ


def _log_handler_failure(logger: logging.Logger, event: WebhookEvent) -> None:
    logger.exception("SharpAPI webhook: the handler failed on event %s; answered 500 so that SharpAPI retries", event.id)


def deliver(
    *,
    method: str,
    read_body: Callable[[int], bytes],
    headers: Callable[[], Headers],
    limit: int,
    verifier: Callable[[], Verifier],
    store: Optional[IdempotencyStore],
    handler: Callable[[WebhookEvent], R],
    status_of: Callable[[R], int],
    logger: logging.Logger,
    explain_with: Optional[ExplainWith] = None,
) -> Union[Answer, R]:
    """One delivery, from the method to the handler's answer: 405 for any method but POST; the
    body read with ``limit`` (413); verified (401, 400; 500 without a usable secret); then the
    idempotency flow around ``handler`` (200 duplicate, 409 in progress, 500 when it raised).
    With ``explain_with`` (the integration's ``explain_failures``), a refused signature is
    explained in ``logger`` with the secrets it gives."""
    if method != "POST":
        return method_not_allowed(method)
    try:
        raw_body = read_body(limit)
    except PayloadTooLarge as error:
        return payload_too_large(error)
    except BodyAlreadyRead:
        return _body_already_read(logger)
    event = _verified(verifier, raw_body, headers(), logger, explain_with)
    if isinstance(event, Answer):
        return event
    try:
        result = handle_once(store, event.id, lambda: handler(event), succeeded=lambda answer: is_success(status_of(answer)))
    except Exception:
        _log_handler_failure(logger, event)
        return HANDLER_FAILED
    return _answer(event, result.outcome, result.answer)


async def deliver_async(
    *,
    method: str,
    read_body: Callable[[int], Awaitable[bytes]],
    headers: Callable[[], Headers],
    limit: int,
    verifier: Callable[[], Verifier],
    store: Union[AsyncIdempotencyStore, IdempotencyStore, None],
    handler: Callable[[WebhookEvent], Awaitable[R]],
    status_of: Callable[[R], int],
    logger: logging.Logger,
    explain_with: Optional[ExplainWith] = None,
) -> Union[Answer, R]:
    """:func:`deliver` for asyncio frameworks."""
    if method != "POST":
        return method_not_allowed(method)
    try:
        raw_body = await read_body(limit)
    except PayloadTooLarge as error:
        return payload_too_large(error)
    except BodyAlreadyRead:
        return _body_already_read(logger)
    event = _verified(verifier, raw_body, headers(), logger, explain_with)
    if isinstance(event, Answer):
        return event
    try:
        result = await handle_once_async(
            store, event.id, lambda: handler(event), succeeded=lambda answer: is_success(status_of(answer))
        )
    except Exception:
        _log_handler_failure(logger, event)
        return HANDLER_FAILED
    return _answer(event, result.outcome, result.answer)


def _answer(event: WebhookEvent, outcome: Outcome, answer: Optional[R]) -> Union[Answer, R]:
    if outcome is Outcome.DUPLICATE:
        return duplicate(event.id)
    if outcome is Outcome.IN_PROGRESS:
        return in_progress(event.id)
    return cast(R, answer)  # HANDLED: the handler's answer


STORE_UNAVAILABLE = Answer(
    503, {"error": "StoreUnavailable", "message": "the webhook inbox is unavailable; SharpAPI will retry"}
)


def accepted(event_id: str) -> Answer:
    return Answer(202, {"id": event_id, "outcome": "accepted"})


class Acceptor(Protocol):
    """What acknowledge-then-process mode hands a verified delivery to: an inbox
    (:mod:`sharpapi_webhooks.inbox`), or one with its queue (:class:`sharpapi_webhooks.huey.HueyInbox`,
    whose ``metrics`` and ``log_bodies`` the integration uses too)."""

    def accept(self, event: WebhookEvent, raw_body: bytes) -> str: ...


def observer_of(inbox: Acceptor) -> Observer:
    """The inbox's observer (log and metrics), or one that only logs."""
    observer = getattr(inbox, "observer", None)
    return observer if isinstance(observer, Observer) else Observer()


class _Received:
    """What one delivery told so far, for its log line."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.raw_body = b""


def _told(answer: Answer, received: _Received, event: Optional[WebhookEvent], observer: Observer) -> Answer:
    """Logs the delivery's answer in one line, and counts it."""
    if answer.status in (200, 202) and event is not None:
        outcome, error = str(answer.body["outcome"]), None
    elif answer is STORE_UNAVAILABLE:
        outcome, error = "store_unavailable", "StoreUnavailable"
    else:
        outcome, error = "refused", str(answer.body.get("error", "Refused"))
    observer.delivery(
        outcome=outcome,
        seconds=time.perf_counter() - received.started,
        body_bytes=len(received.raw_body),
        job_id=event.id if event else None,
        type=event.type.value if event else None,
        status=event.status.value if event else None,
        error_code=error,
        body=received.raw_body,
    )
    return answer


def _stored(outcome: str, event: WebhookEvent) -> Answer:
    return accepted(event.id) if outcome == "accepted" else duplicate(event.id)


def _log_store_failure(observer: Observer, event: WebhookEvent, error: StoreUnavailable) -> None:
    observer.logger.error("SharpAPI webhook: job %s could not be stored, answered 503: %s", event.id, error)


def accept_delivery(
    *,
    method: str,
    read_body: Callable[[int], bytes],
    headers: Callable[[], Headers],
    limit: int,
    verifier: Callable[[], Verifier],
    inbox: Acceptor,
    logger: logging.Logger,
    explain_with: Optional[ExplainWith] = None,
) -> Answer:
    """Acknowledge-then-process: the checks of :func:`deliver` (405, 413, 401, 400), then
    ``inbox.accept``: 202 ``"accepted"``, 200 ``"duplicate"``, or 503 ``"StoreUnavailable"`` when
    the store failed (SharpAPI retries). One log line per delivery, and its metrics."""
    received = _Received()
    observer = observer_of(inbox)
    if method != "POST":
        return _told(method_not_allowed(method), received, None, observer)
    try:
        received.raw_body = read_body(limit)
    except PayloadTooLarge as error:
        return _told(payload_too_large(error), received, None, observer)
    except BodyAlreadyRead:
        return _told(_body_already_read(logger), received, None, observer)
    verified = _verified(verifier, received.raw_body, headers(), logger, explain_with)
    if isinstance(verified, Answer):
        return _told(verified, received, None, observer)
    try:
        outcome = inbox.accept(verified, received.raw_body)
    except StoreUnavailable as error:
        _log_store_failure(observer, verified, error)
        return _told(STORE_UNAVAILABLE, received, verified, observer)
    return _told(_stored(outcome, verified), received, verified, observer)


async def accept_delivery_async(
    *,
    method: str,
    read_body: Callable[[int], Awaitable[bytes]],
    headers: Callable[[], Headers],
    limit: int,
    verifier: Callable[[], Verifier],
    inbox: Acceptor,
    accept: Callable[[WebhookEvent, bytes], Awaitable[str]],
    logger: logging.Logger,
    explain_with: Optional[ExplainWith] = None,
) -> Answer:
    """:func:`accept_delivery` for asyncio frameworks; ``accept`` runs ``inbox.accept`` off the loop."""
    received = _Received()
    observer = observer_of(inbox)
    if method != "POST":
        return _told(method_not_allowed(method), received, None, observer)
    try:
        received.raw_body = await read_body(limit)
    except PayloadTooLarge as error:
        return _told(payload_too_large(error), received, None, observer)
    except BodyAlreadyRead:
        return _told(_body_already_read(logger), received, None, observer)
    verified = _verified(verifier, received.raw_body, headers(), logger, explain_with)
    if isinstance(verified, Answer):
        return _told(verified, received, None, observer)
    try:
        outcome = await accept(verified, received.raw_body)
    except StoreUnavailable as error:
        _log_store_failure(observer, verified, error)
        return _told(STORE_UNAVAILABLE, received, verified, observer)
    return _told(_stored(outcome, verified), received, verified, observer)
