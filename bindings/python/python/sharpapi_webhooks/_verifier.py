"""Verifying deliveries: the `Verifier` and the module-level shortcuts.

This module only converts Python values into what the C ABI takes (see ``_cabi``); every rule
about what is valid (secrets, signatures, header names, bodies) is the core's.
"""

from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _cabi
from ._event import WebhookEvent

__all__ = [
    "Headers",
    "RawBody",
    "Secrets",
    "Verifier",
    "construct_event",
    "construct_event_from_headers",
    "parse_event_unverified",
    "sign",
    "verify",
]

RawBody = Union[bytes, bytearray, memoryview]
"""The request body exactly as received: ``request.get_data()`` (Flask), ``request.body`` (Django)."""
Secret = Union[str, bytes]
Secrets = Union[Secret, Sequence[Secret]]
"""One webhook secret, or several while rotating them (the current one first)."""
HeaderText = Union[str, bytes]
Headers = Union[
    Mapping[str, Union[HeaderText, Sequence[HeaderText]]],
    Iterable[Tuple[HeaderText, HeaderText]],
]
"""The request's headers: a mapping (``request.headers`` of Flask or Django; a list value is a
repeated header), or (name, value) pairs with a repeated header as several pairs."""


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


def _encoded(text: object, what: str) -> _cabi.Text:
    """The one conversion of a text for the C ABI: a str as UTF-8, where a lone surrogate stays
    the bytes "surrogatepass" gives (not UTF-8, so the core refuses it as it refuses any such
    bytes at that place); bytes as they are; None as absent (NULL with a length of 0)."""
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")
    if text is None or isinstance(text, bytes):
        return text
    if isinstance(text, bytearray):
        return bytes(text)
    raise TypeError(f"{what} must be str or bytes, not {type(text).__name__}")


def _encoded_secrets(secrets: object) -> List[_cabi.Text]:
    """A str (or bytes) is one secret, as in Stripe's and Svix's libraries; a list or tuple holds
    several. None is no secret at all, and a None in the list an empty one: the core refuses both
    as InvalidSecret."""
    if secrets is None:
        return []
    if isinstance(secrets, (str, bytes, bytearray)):
        return [_encoded(secrets, "a webhook secret")]
    try:
        listed = list(secrets)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"the webhook secrets must be a str or a list of str, not {type(secrets).__name__}") from None
    return [_encoded(secret, "a webhook secret") for secret in listed]


def _signature(signature: object) -> _cabi.Text:
    return _encoded(signature, "the X-Signature value")


def _header_texts(headers: object) -> List[bytes]:
    """Every header's name and value as bytes (name, value, name, value, ...), a repeated header
    as several pairs: the pairs of ``headers.items()`` when it has one (a mapping, werkzeug's
    ``Headers``, which gives repeated headers as such), else of iterating it; a list or tuple
    value is a repeated header. A ``None`` value is an empty one, as the C ABI takes NULL."""
    if isinstance(headers, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"the headers must be a mapping or (name, value) pairs, not {type(headers).__name__}")
    items = getattr(headers, "items", None)
    source: Any = items() if callable(items) else headers
    try:
        pairs = iter(source)
    except TypeError:
        raise TypeError(f"the headers must be a mapping or (name, value) pairs, not {type(headers).__name__}") from None
    encoded: List[bytes] = []
    append = encoded.append
    # The usual case, a tuple of two str, takes the fewest steps: this loop and _cabi._headers are
    # about half the time of construct_event_from_headers on a small delivery.
    for pair in pairs:
        if pair.__class__ is not tuple and not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"a header must be a (name, value) pair, not {type(pair).__name__}")
        name, value = pair
        name = name.encode("utf-8", "surrogatepass") if name.__class__ is str else _encoded(name, "a header name") or b""
        if value.__class__ is str:
            append(name)
            append(value.encode("utf-8", "surrogatepass"))
        elif isinstance(value, (list, tuple)):
            for each in value:
                append(name)
                append(_encoded(each, "a header value") or b"")
        else:
            append(name)
            append(_encoded(value, "a header value") or b"")
    return encoded


class Verifier:
    """Checks deliveries against one or more webhook secrets.

    Build it once, with the secret from the SharpAPI dashboard (a ``str``; or a list of the
    current and the previous one while rotating), and share it: it is safe to use from many
    threads. The secrets' text is not kept; ``repr`` shows only how many there are. No secret
    (``None``, ``[]``) or an empty one (``""``, a ``None`` in the list) raises
    :class:`InvalidSecret`.
    """

    __slots__ = ("_secret_count", "_c_verifier", "_handle")

    def __init__(self, secrets: Optional[Secrets]) -> None:
        encoded = _encoded_secrets(secrets)
        self._c_verifier = _cabi.CVerifier(encoded)
        self._handle = self._c_verifier.handle  # alive with _c_verifier, which frees it
        self._secret_count = len(encoded)

    def __repr__(self) -> str:
        return f"Verifier(secrets=[REDACTED; {self._secret_count}])"

    def verify(self, payload: RawBody, signature: Optional[HeaderText]) -> bool:
        """Checks that ``signature`` (the ``X-Signature`` header, ``None`` when absent) signs
        ``payload``; returns ``True``, or raises :class:`MissingSignature`,
        :class:`MalformedSignature` or :class:`InvalidSignature`."""
        _cabi.verify(self._handle, _raw_body(payload), _signature(signature))
        return True

    def is_valid(self, payload: RawBody, signature: Optional[HeaderText]) -> bool:
        """Whether :meth:`verify` would succeed; never raises for a bad signature."""
        return not _cabi.verify_status(self._handle, _raw_body(payload), _signature(signature))

    def construct_event(self, payload: RawBody, signature: Optional[HeaderText]) -> WebhookEvent:
        """Verifies the delivery, then parses it; a body whose signature does not match is never
        parsed. Raises the errors of :meth:`verify`, then :class:`InvalidPayload`."""
        # bytes and str, the usual case, without a call each to _raw_body and _signature: a
        # twentieth of the time of a small delivery.
        return _construct_event(
            self._handle,
            payload if payload.__class__ is bytes else _raw_body(payload),
            signature.encode("utf-8", "surrogatepass") if signature.__class__ is str else _signature(signature),
        )

    def construct_event_from_headers(self, payload: RawBody, headers: Headers) -> WebhookEvent:
        """:meth:`construct_event` with ``X-Signature`` looked up among the request's headers, in
        any ASCII case: ``request.headers`` of Flask or Django, any mapping, or (name, value)
        pairs. Pass a repeated header as several pairs, never joined: the same value twice counts
        once, two different values raise :class:`MalformedSignature`."""
        return _cabi.construct_event_from_headers(
            self._handle, payload if payload.__class__ is bytes else _raw_body(payload), _header_texts(headers)
        )


_construct_event = _cabi.construct_event


def construct_event(payload: RawBody, signature: Optional[HeaderText], secret: Optional[Secrets]) -> WebhookEvent:
    """Verifies a delivery with ``secret`` (or any of several) and parses it; see
    :meth:`Verifier.construct_event`. To check many deliveries, build one :class:`Verifier`."""
    return Verifier(secret).construct_event(payload, signature)


def construct_event_from_headers(payload: RawBody, headers: Headers, secret: Optional[Secrets]) -> WebhookEvent:
    """Verifies a delivery with ``secret``, its signature looked up among ``headers``, and parses
    it; see :meth:`Verifier.construct_event_from_headers`."""
    return Verifier(secret).construct_event_from_headers(payload, headers)


def verify(payload: RawBody, signature: Optional[HeaderText], secret: Optional[Secrets]) -> bool:
    """Checks a delivery's signature with ``secret``; see :meth:`Verifier.verify`."""
    return Verifier(secret).verify(payload, signature)


def sign(payload: RawBody, secret: Optional[Secret]) -> str:
    """The lowercase hex HMAC-SHA256 of ``payload`` under ``secret``, as SharpAPI signs: for tests
    and for simulating deliveries. Raises :class:`InvalidSecret` for an empty or ``None`` secret."""
    return _cabi.sign(_raw_body(payload), _encoded(secret, "a webhook secret"))


def parse_event_unverified(payload: RawBody) -> WebhookEvent:
    """Parses a body WITHOUT verifying it: for tests, and for replaying deliveries that were
    verified when they arrived. Raises :class:`InvalidPayload`."""
    return _cabi.parse_event_unverified(_raw_body(payload))
