"""Verify and parse the webhooks SharpAPI sends when an AI job finishes.

>>> verifier = Verifier("whsec_...")                      # once
>>> event = verifier.construct_event_from_headers(request.get_data(), request.headers)

The checks run in the project's Rust core (the same in every language), called through its C ABI:
the signature is the HMAC-SHA256 of the raw body bytes, compared in constant time against every
secret. :func:`explain` says why a signature does not match; :mod:`sharpapi_webhooks.testing`
builds deliveries as SharpAPI sends them, for an endpoint's tests.
"""

from ._errors import NativeLibraryError, WebhookError
from ._event import WebhookEvent
from ._explain import Explanation, explain
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
    CONTENT_TYPE,
    DEFAULT_MAX_BODY_BYTES,
    SIGNATURE_HEADER,
    USER_AGENT,
    VERSION,
    Cause,
    InvalidPayload,
    InvalidSecret,
    InvalidSignature,
    JobStatus,
    JobType,
    MalformedSignature,
    MissingSignature,
)

__all__ = [
    "CONTENT_TYPE",
    "DEFAULT_MAX_BODY_BYTES",
    "SIGNATURE_HEADER",
    "USER_AGENT",
    "Cause",
    "Explanation",
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
    "explain",
    "parse_event_unverified",
    "sign",
    "verify",
]

__version__: str = VERSION
"""The package's version, which is its native library's (checked when the library is loaded)."""
