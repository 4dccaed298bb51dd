"""Verify and parse the webhooks SharpAPI sends when an AI job finishes.

>>> verifier = Verifier("whsec_...")                      # once
>>> event = verifier.construct_event(request.get_data(), request.headers.get("X-Signature"))

The checks run in the project's Rust core (the same in every language): the signature is the
HMAC-SHA256 of the raw body bytes, compared in constant time against every secret.
"""

from ._cabi import VERSION as _NATIVE_VERSION
from ._errors import (
    InvalidPayload,
    InvalidSecret,
    InvalidSignature,
    MalformedSignature,
    MissingSignature,
    WebhookError,
)
from ._event import JobStatus, JobType, WebhookEvent
from ._verifier import (
    RawBody,
    Secrets,
    Verifier,
    construct_event,
    parse_event_unverified,
    sign,
    verify,
)

__all__ = [
    "SIGNATURE_HEADER",
    "InvalidPayload",
    "InvalidSecret",
    "InvalidSignature",
    "JobStatus",
    "JobType",
    "MalformedSignature",
    "MissingSignature",
    "RawBody",
    "Secrets",
    "Verifier",
    "WebhookError",
    "WebhookEvent",
    "__version__",
    "construct_event",
    "parse_event_unverified",
    "sign",
    "verify",
]

__version__: str = _NATIVE_VERSION
"""The version of the native library, which is the package's."""

SIGNATURE_HEADER = "X-Signature"
"""The header that carries SharpAPI's signature."""
