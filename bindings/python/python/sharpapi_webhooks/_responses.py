"""What the framework integrations answer for a refused delivery."""

from __future__ import annotations

from typing import Dict, Tuple

from ._errors import InvalidPayload, InvalidSecret, WebhookError

__all__ = ["error_response"]


def error_response(error: WebhookError) -> Tuple[int, Dict[str, object]]:
    """The HTTP status and JSON body for a refused delivery: 400 for a verified body that is not
    an event, 401 for a missing or wrong signature. A secret error is the server's own fault, so
    it is raised again for the framework to report as such."""
    if isinstance(error, InvalidSecret):
        raise error
    status = 400 if isinstance(error, InvalidPayload) else 401
    return status, {"error": type(error).__name__, "code": error.code, "message": str(error)}
