"""The base of the package's exceptions, and the exception of the C ABI's own statuses. The
exception of each error code, the table that maps the C ABI's statuses to them, and the names of
the C ABI's own statuses are generated in ``_vocabulary`` from the project's one vocabulary."""

from __future__ import annotations

from typing import ClassVar, Tuple, Type

__all__ = ["NativeLibraryError", "StoreUnavailable", "WebhookError"]


class WebhookError(Exception):
    """A delivery was refused. ``code`` is the project's permanent number for the reason, the same
    in every language; ``message`` says what to fix (for InvalidPayload, at which line and column)."""

    code: ClassVar[int]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NativeLibraryError(RuntimeError):
    """The native library answered with one of the C ABI's own statuses (code 100 and up:
    ``NullArgument``, ``BufferTooSmall``, ``InternalError``, ``InvalidLength``; see "abi_errors"
    in bindings/vocabulary.json). No delivery and no secret causes one: it is a bug of this
    package, to report, and deliberately not a :class:`WebhookError`, so that the framework
    integrations let it through as a server error (500) rather than answer 4xx.

    ``code`` is the status number, ``name`` its name in the vocabulary (``"UnknownStatus"`` for a
    number the vocabulary lacks), ``message`` the library's own message."""

    def __init__(self, code: int, name: str, message: str) -> None:
        super().__init__(f"sharpapi_webhooks: {name} ({code}): {message}; please report this bug")
        self.code = code
        self.name = name
        self.message = message

    def __reduce__(self) -> Tuple[Type[NativeLibraryError], Tuple[int, str, str]]:
        return type(self), (self.code, self.name, self.message)


class StoreUnavailable(Exception):
    """The inbox's store could not be reached or written: the integration answers 503, so that
    SharpAPI retries. Here rather than in :mod:`sharpapi_webhooks.inbox` (which re-exports it),
    so that an integration in synchronous mode does not import the inbox and sqlite3 to catch it."""
