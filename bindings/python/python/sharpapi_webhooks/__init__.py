"""Verify and parse the webhooks SharpAPI sends when an AI job finishes.

>>> verifier = Verifier("whsec_...")                      # once
>>> event = verifier.construct_event_from_headers(request.get_data(), request.headers)

The checks run in the project's Rust core (the same in every language), called through its C ABI:
the signature is the HMAC-SHA256 of the raw body bytes, compared in constant time against every
secret.
"""

from ._errors import NativeLibraryError, WebhookError
from ._event import WebhookEvent
from ._verifier import (
    Headers,
    RawBody,
    Secrets,
    Verifier,
    construct_event,
    construct_event_from_headers,
    parse_event_unverified,
    sign,
    verify,
)
from ._vocabulary import (
    DEFAULT_MAX_BODY_BYTES,
    SIGNATURE_HEADER,
    USER_AGENT,
    VERSION,
    InvalidPayload,
    InvalidSecret,
    InvalidSignature,
    JobStatus,
    JobType,
    MalformedSignature,
    MissingSignature,
)

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "SIGNATURE_HEADER",
    "USER_AGENT",
    "Headers",
    "InvalidPayload",
    "InvalidSecret",
    "InvalidSignature",
    "JobStatus",
    "JobType",
    "MalformedSignature",
    "MissingSignature",
    "NativeLibraryError",
    "RawBody",
    "Secrets",
    "Verifier",
    "WebhookError",
    "WebhookEvent",
    "__version__",
    "construct_event",
    "construct_event_from_headers",
    "parse_event_unverified",
    "sign",
    "verify",
]

__version__: str = VERSION
"""The package's version, which is its native library's (checked when the library is loaded)."""
