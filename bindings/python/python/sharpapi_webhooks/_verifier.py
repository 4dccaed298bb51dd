"""Verifying deliveries: the `Verifier` and the module-level shortcuts."""

from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _cabi, _native
from ._errors import ERRORS_BY_NAME, InvalidPayload, InvalidSecret, WebhookError
from ._event import JobStatus, JobType, WebhookEvent

__all__ = [
    "RawBody",
    "Secrets",
    "Verifier",
    "construct_event",
    "parse_event_unverified",
    "sign",
    "verify",
]

RawBody = Union[bytes, bytearray, memoryview]
"""The request body exactly as received: ``request.get_data()`` (Flask), ``request.body`` (Django)."""
Secrets = Union[str, Sequence[str]]
"""One webhook secret, or several while rotating them."""
Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]]]

_STATUSES: List[JobStatus] = list(JobStatus)
_TYPES: List[JobType] = list(JobType)


def _raw_body(payload: object) -> bytes:
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, (bytearray, memoryview)):
        return bytes(payload)
    if isinstance(payload, str):
        raise TypeError(
            "sharpapi_webhooks takes the raw request body as bytes, not str: pass "
            "request.get_data() in Flask or request.body in Django. A decoded or re-serialized "
            "body is not what SharpAPI signed."
        )
    raise TypeError(f"the request body must be bytes, not {type(payload).__name__}")


def _signature(signature: object) -> Optional[bytes]:
    if signature is None:
        return None
    if not isinstance(signature, str):
        raise TypeError(f"the X-Signature value must be str or None, not {type(signature).__name__}")
    # Lone surrogates (an undecodable header) become bytes that are not UTF-8: a malformed
    # signature, as it should be, instead of an encoding error.
    return signature.encode("utf-8", "surrogateescape")


def _secret_list(secrets: object) -> List[str]:
    listed = [secrets] if isinstance(secrets, str) else list(secrets)  # type: ignore[call-overload]
    for secret in listed:
        if not isinstance(secret, str):
            raise TypeError(f"a webhook secret must be str, not {type(secret).__name__}")
    return listed


def _encoded_secrets(secrets: List[str]) -> List[bytes]:
    try:
        encoded = [secret.encode("utf-8") for secret in secrets]
    except UnicodeEncodeError:
        raise InvalidSecret("invalid secret: a webhook secret is not valid Unicode text") from None
    # The C ABI reads NUL-terminated strings: a NUL would silently cut the key short.
    if any(b"\0" in secret for secret in encoded):
        raise InvalidSecret("invalid secret: a webhook secret cannot contain a NUL character")
    return encoded


def _from_native_error(error: Exception) -> WebhookError:
    return ERRORS_BY_NAME[type(error).__name__](str(error))


def _from_native_event(event: Any) -> WebhookEvent:
    """The UniFFI record as this package's event: a variant's class is named as the member."""

    def member(enum: Any, value: Any) -> Any:
        name = type(value).__name__.rsplit(".", 1)[-1]
        return enum(value[0]) if name == "OTHER" else enum[name]

    return WebhookEvent(
        event.id, member(JobStatus, event.status), member(JobType, event.job_type), event.result
    )


def _from_fields(fields: _cabi.EventFields) -> WebhookEvent:
    job_id, status_code, status_text, type_code, type_text, result = fields
    # The C ABI numbers known values from 1 in the order of the enums above; 0 is any other.
    status = _STATUSES[status_code - 1] if status_code else JobStatus(status_text)
    job_type = _TYPES[type_code - 1] if type_code else JobType(type_text)
    return WebhookEvent._with_result_from(job_id, status, job_type, result)


def _invalid_payload(raw_body: bytes) -> InvalidPayload:
    """The detailed InvalidPayload (line and column) for a body the C ABI found invalid."""
    try:
        _native.parse_event_unverified(raw_body)
    except _native.WebhookError as error:
        detailed = _from_native_error(error)
        if isinstance(detailed, InvalidPayload):
            return detailed
    return InvalidPayload("invalid payload: the verified body is not a SharpAPI webhook event")


class Verifier:
    """Checks deliveries against one or more webhook secrets.

    Build it once, with the secret from the SharpAPI dashboard (or the current and the previous
    one while rotating), and share it: it is safe to use from many threads. The secrets' text is
    not kept; ``repr`` shows only how many there are.
    """

    __slots__ = ("_secret_count", "_fast", "_general")

    def __init__(self, secrets: Secrets) -> None:
        secret_list = _secret_list(secrets)
        self._secret_count = len(secret_list)
        self._fast = _cabi.CVerifier(_encoded_secrets(secret_list))
        # The UniFFI verifier serves the header lookup. Made now, so that no copy of the secrets
        # outlives this constructor.
        try:
            self._general: Any = _native.Verifier(secret_list)
        except _native.WebhookError as error:
            raise _from_native_error(error) from None

    def __repr__(self) -> str:
        return f"Verifier(secrets=[REDACTED; {self._secret_count}])"

    def verify(self, payload: RawBody, signature: Optional[str]) -> bool:
        """Checks that ``signature`` (the ``X-Signature`` header, ``None`` when absent) signs
        ``payload``; returns ``True``, or raises :class:`MissingSignature`,
        :class:`MalformedSignature` or :class:`InvalidSignature`."""
        _cabi.raise_for_status(self._fast.verify_status(_raw_body(payload), _signature(signature)))
        return True

    def is_valid(self, payload: RawBody, signature: Optional[str]) -> bool:
        """Whether :meth:`verify` would succeed; never raises for a bad signature."""
        return self._fast.verify_status(_raw_body(payload), _signature(signature)) == 0

    def construct_event(self, payload: RawBody, signature: Optional[str]) -> WebhookEvent:
        """Verifies the delivery, then parses it; a body whose signature does not match is never
        parsed. Raises the errors of :meth:`verify`, then :class:`InvalidPayload`."""
        raw_body = _raw_body(payload)
        try:
            return _from_fields(self._fast.construct_event(raw_body, _signature(signature)))
        except InvalidPayload:
            raise _invalid_payload(raw_body) from None

    def construct_event_from_headers(self, payload: RawBody, headers: Headers) -> WebhookEvent:
        """:meth:`construct_event` with ``X-Signature`` looked up in the request's headers, in
        any case: ``request.headers`` of Flask or Django, or any mapping or list of pairs."""
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        native_headers = [_native.HttpHeader(name=name, value=value) for name, value in pairs]
        try:
            return _from_native_event(
                self._general.construct_event_from_headers(_raw_body(payload), native_headers)
            )
        except _native.WebhookError as error:
            raise _from_native_error(error) from None


def construct_event(payload: RawBody, signature: Optional[str], secret: Secrets) -> WebhookEvent:
    """Verifies a delivery with ``secret`` (or any of several) and parses it; see
    :meth:`Verifier.construct_event`. To check many deliveries, build one :class:`Verifier`."""
    return Verifier(secret).construct_event(payload, signature)


def verify(payload: RawBody, signature: Optional[str], secret: Secrets) -> bool:
    """Checks a delivery's signature with ``secret``; see :meth:`Verifier.verify`."""
    return Verifier(secret).verify(payload, signature)


def sign(payload: RawBody, secret: str) -> str:
    """The lowercase hex HMAC-SHA256 of ``payload`` under ``secret``, as SharpAPI signs: for tests
    and for simulating deliveries."""
    if not isinstance(secret, str):
        raise TypeError(f"a webhook secret must be str, not {type(secret).__name__}")
    try:
        signature: str = _native.sign(_raw_body(payload), secret)
    except _native.WebhookError as error:
        raise _from_native_error(error) from None
    return signature


def parse_event_unverified(payload: RawBody) -> WebhookEvent:
    """Parses a body WITHOUT verifying it: for tests, and for replaying deliveries that were
    verified when they arrived. Raises :class:`InvalidPayload`."""
    try:
        return _from_native_event(_native.parse_event_unverified(_raw_body(payload)))
    except _native.WebhookError as error:
        raise _from_native_error(error) from None
