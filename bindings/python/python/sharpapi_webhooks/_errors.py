"""The base of the package's exceptions. The exception of each error code, and the table that maps
the C ABI's statuses to them, are generated in ``_vocabulary`` from the project's one vocabulary."""

from __future__ import annotations

from typing import ClassVar

__all__ = ["WebhookError"]


class WebhookError(Exception):
    """A delivery was refused. ``code`` is the project's permanent number for the reason, the same
    in every language; ``message`` says what to fix (for InvalidPayload, at which line and column)."""

    code: ClassVar[int]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
