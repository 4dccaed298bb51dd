"""Deliveries exactly as SharpAPI sends them, for the tests of an endpoint.

.. code-block:: python

    from sharpapi_webhooks import testing

    def test_a_translation_is_handled(client):               # your app's test client
        delivery = testing.test_delivery("whsec_test", result={"content": "Hallo"})
        response = delivery.post(client, "/webhooks/sharpapi")
        assert response.status_code == 200

The native library writes the body and signs it (``sharpapi_test_delivery_*`` of the C ABI):
nothing is signed or assembled in Python, so a test needs no signing code of its own and sends
what SharpAPI would.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Dict, Optional

from . import _cabi
from ._verifier import Secret, _encoded
from ._vocabulary import CONTENT_TYPE, SIGNATURE_HEADER, TEST_DELIVERY_STATUS, TEST_DELIVERY_TYPE, USER_AGENT

__all__ = ["TestDelivery", "test_delivery"]


@dataclass(frozen=True)
class TestDelivery:
    """A delivery as SharpAPI sends it: the body and the headers of the POST."""

    # Not a test class, for pytest, though its name says Test: a test module may import it.
    __test__ = False

    body: bytes
    """The exact bytes that were signed, to send as they are."""
    signature: str
    """The ``X-Signature`` value: 64 lowercase hex digits."""

    @property
    def headers(self) -> Dict[str, str]:
        """The headers SharpAPI sends: ``Content-Type: application/json``, its ``User-Agent`` and
        ``X-Signature`` (a new dict each time). Pass them, with the body, to
        :meth:`Verifier.construct_event_from_headers`, or to a test client."""
        return {"Content-Type": CONTENT_TYPE, "User-Agent": USER_AGENT, SIGNATURE_HEADER: self.signature}

    def post(self, client: Any, url: str) -> Any:
        """POSTs the delivery to ``url`` with a framework's test client, and returns what its
        ``post`` returns (the response; with ``httpx.AsyncClient``, the coroutine to await):
        Flask's ``app.test_client()`` (werkzeug), Django's ``Client`` (and Django REST
        framework's ``APIClient``), Starlette's and FastAPI's ``TestClient`` or any ``httpx`` (or
        ``httpx2``) client."""
        kinds = {cls.__module__.partition(".")[0] for cls in type(client).__mro__}
        if "httpx" in kinds or "httpx2" in kinds:  # Starlette's TestClient is either's Client
            return client.post(url, content=self.body, headers=self.headers)
        if "django" in kinds:
            return client.post(url, data=self.body, content_type=CONTENT_TYPE, headers=self.headers)
        if "werkzeug" in kinds:
            return client.post(url, data=self.body, headers=self.headers)
        raise TypeError(
            f"TestDelivery.post takes the test client of Flask, Django, Starlette or FastAPI (or an "
            f"httpx client), not {type(client).__name__}: send delivery.body with delivery.headers yourself"
        )


def test_delivery(
    secret: Secret,
    *,
    id: Optional[str] = None,
    status: str = TEST_DELIVERY_STATUS,
    type: str = TEST_DELIVERY_TYPE,
    result: Any = None,
    result_json: Optional[str] = None,
) -> TestDelivery:
    """The delivery of a job's outcome, signed with ``secret`` (the endpoint's, or another to test
    a refusal): the body ``{"id", "status", "type", "result"}`` in SharpAPI's member order and
    escaping (PHP's ``\\/`` and ``\\u00e9``, in the id, status and type too).

    ``id`` is a new random UUID (version 4) unless given; ``status`` and ``type`` are any text (a
    value this version does not know, too). The result is left out unless given, either as a
    value, ``result={"content": "Hallo"}``, which :func:`json.dumps` writes as SharpAPI's PHP
    does (no spaces, ``\\u00e9`` and ``\\/`` escaped), or as JSON text written as it is without
    surrounding whitespace, ``result_json='{"content":"Hallo"}'`` (``"null"`` for a result of null).

    Raises :class:`InvalidSecret` for an empty secret, :class:`InvalidPayload` when
    ``result_json`` is not one JSON value a verifier accepts, ``ValueError`` when both results
    are given or ``json.dumps`` cannot write ``result`` (NaN too), and ``TypeError`` for a value
    it cannot write at all."""
    if result is not None:
        if result_json is not None:
            raise ValueError("give result or result_json, not both")
        # ensure_ascii (json.dumps's default) escapes non-ASCII as \u00e9, as PHP's json_encode
        # does; a "/" only ever stands inside a string there, where "\/" is the same character.
        result_json = json.dumps(result, separators=(",", ":"), allow_nan=False).replace("/", "\\/")
    body, signature = _cabi.make_test_delivery(
        _encoded(secret, "a webhook secret"),
        _text(str(uuid.uuid4()) if id is None else id, "id"),
        _text(status, "status"),
        _text(type, "type"),
        None if result_json is None else _text(result_json, "result_json"),
    )
    return TestDelivery(body, signature)


# Not a test, for pytest, though its name says test_: a test module may import it.
test_delivery.__test__ = False  # type: ignore[attr-defined]


def _text(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be str, not {text.__class__.__name__}")
    return text.encode("utf-8", "surrogatepass")
