"""What the framework integrations share: their verifier, and their answer to a refused delivery."""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from ._errors import WebhookError
from ._verifier import Secrets, Verifier
from ._vocabulary import InvalidPayload, InvalidSecret

__all__ = ["ConfiguredVerifier", "configured_verifier", "error_response"]

ConfiguredVerifier = Tuple[Tuple[object, ...], Verifier]
"""A verifier with the configuration it was built from."""


def configured_verifier(
    secrets: Optional[Secrets], cached: Optional[ConfiguredVerifier]
) -> ConfiguredVerifier:
    """``cached`` while the configured secret(s) are the same, else a verifier built for them:
    once per configuration rather than per request."""
    key = (secrets,) if isinstance(secrets, (str, bytes)) or secrets is None else tuple(secrets)
    if cached is not None and cached[0] == key:
        return cached
    return key, Verifier(secrets)


def error_response(error: WebhookError) -> Tuple[int, Dict[str, object]]:
    """The HTTP status and JSON body for a refused delivery: 400 for a verified body that is not
    an event, 401 for a missing or wrong signature. A secret error is the server's own fault, so
    it is raised again for the framework to report as such."""
    if isinstance(error, InvalidSecret):
        raise error
    status = 400 if isinstance(error, InvalidPayload) else 401
    return status, {"error": type(error).__name__, "code": error.code, "message": str(error)}
