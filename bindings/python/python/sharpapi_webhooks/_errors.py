"""The exceptions: one class per error code of the project, the same codes in every language."""

from __future__ import annotations

from typing import ClassVar, Dict, Type

__all__ = [
    "WebhookError",
    "InvalidSecret",
    "MissingSignature",
    "MalformedSignature",
    "InvalidSignature",
    "InvalidPayload",
]


class WebhookError(Exception):
    """A delivery was refused. ``code`` is the project's permanent number for the reason."""

    code: ClassVar[int] = 0

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidSecret(WebhookError):
    """A secret is empty, or no secret was given (code 1). A configuration error."""

    code = 1


class MissingSignature(WebhookError):
    """The request has no ``X-Signature`` header, or it is empty (code 2). Answer 401."""

    code = 2


class MalformedSignature(WebhookError):
    """``X-Signature`` is not 64 hex digits, or two headers disagree (code 3). Answer 401."""

    code = 3


class InvalidSignature(WebhookError):
    """No secret signed this body (code 4): pass the raw body bytes, check the secret. Answer 401."""

    code = 4


class InvalidPayload(WebhookError):
    """The verified body is not a SharpAPI event (code 5); the message says where. Answer 400."""

    code = 5


ERRORS_BY_CODE: Dict[int, Type[WebhookError]] = {
    error.code: error
    for error in (InvalidSecret, MissingSignature, MalformedSignature, InvalidSignature, InvalidPayload)
}
ERRORS_BY_NAME: Dict[str, Type[WebhookError]] = {
    error.__name__: error for error in ERRORS_BY_CODE.values()
}
