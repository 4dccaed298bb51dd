"""The typed event. Its status and type are the generated JobStatus and JobType, which keep the
values they do not know."""

from __future__ import annotations

import json
from json.scanner import make_scanner
from typing import Any, Optional, Protocol, cast

from ._vocabulary import MAX_NESTING_DEPTH, InvalidPayload, JobStatus, JobType

__all__ = ["JobStatus", "JobType", "WebhookEvent"]

_NOT_READ = object()
# The JSON decoder's own scanner (json.scanner's, as JSONDecoder makes it): json.loads(text) is this
# scanner behind two whitespace matches and an end check, which cost three times the scan of a
# small result. The core hands over the result's exact text, one JSON value with nothing around
# it, which the scan alone parses whole, to the same value; any other text
# (WebhookEvent(..., result_json) is public) goes to json.loads.
_scan_once = make_scanner(cast(Any, json.JSONDecoder()))  # typeshed types the context as a scanner


class ResultSource(Protocol):
    """Where a long result's text comes from when it is first asked for."""

    def text(self) -> str: ...


class WebhookEvent:
    """A finished job, as SharpAPI reported it in a verified delivery."""

    __slots__ = ("id", "status", "type", "_result_json", "_result_source", "_result")

    id: str
    """The job's id (a UUID), as sent. Retries repeat it: handle each id once."""
    status: JobStatus
    type: JobType

    def __init__(self, id: str, status: JobStatus, type: JobType, result_json: Optional[str]) -> None:
        self.id = id
        self.status = status
        self.type = type
        self._result_json: Any = result_json
        self._result_source: Optional[ResultSource] = None
        self._result: Any = _NOT_READ

    @property
    def result_json(self) -> Optional[str]:
        """The exact JSON text of ``"result"``, or ``None`` when the delivery has none."""
        result_json: Optional[str] = self._result_json
        if result_json is _NOT_READ:
            source = self._result_source
            assert source is not None
            self._result_json = result_json = source.text()
            self._result_source = None  # releases the native event
        return result_json

    @property
    def result(self) -> Any:
        """``result_json`` parsed as :func:`json.loads` parses it, on first use, or ``None``.
        Raises :class:`InvalidPayload`, never RecursionError, where Python's recursion limit is
        too low for it."""
        result = self._result
        if result is _NOT_READ:
            result_json = self._result_json
            if result_json is _NOT_READ:
                result_json = self.result_json
            try:
                if result_json is None:
                    result = None
                else:
                    try:
                        result, end = _scan_once(result_json, 0)
                    except StopIteration:  # no value at 0: json.loads says why, or skips spaces
                        end = -1
                    if end != len(result_json):  # never with the core's text, only with one given
                        result = json.loads(result_json)
            except RecursionError:
                # The core refuses bodies nested deeper than MAX_NESTING_DEPTH, which json.loads
                # parses within Python's default recursion limit; only a lowered limit, or a
                # caller already deep in its own stack, gets here.
                raise InvalidPayload(
                    "invalid payload: the result is nested deeper than Python's recursion limit "
                    f"allows here (a delivery may nest {MAX_NESTING_DEPTH} levels); read "
                    "event.result_json instead, or raise the limit"
                ) from None
            self._result = result
        return result

    @property
    def is_success(self) -> bool:
        """``True`` when the job succeeded."""
        return self.status is JobStatus.SUCCESS

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WebhookEvent):
            return NotImplemented
        return (self.id, self.status, self.type, self.result_json) == (
            other.id,
            other.status,
            other.type,
            other.result_json,
        )

    def __hash__(self) -> int:
        return hash((self.id, self.status, self.type, self.result_json))

    def __repr__(self) -> str:
        return (
            f"WebhookEvent(id={self.id!r}, status={self.status.value!r}, "
            f"type={self.type.value!r}, result_json={self.result_json!r})"
        )


def _new(
    id: str, status: JobStatus, type: JobType, result_json: Optional[str], result_source: Optional[ResultSource]
) -> WebhookEvent:
    """An event of the native path, made without the call to ``__init__``. Its result's text is
    ``result_json``, or read from ``result_source`` when first asked for."""
    event = _allocate(WebhookEvent)
    event.id = id
    event.status = status
    event.type = type
    event._result_json = _NOT_READ if result_source is not None else result_json
    event._result_source = result_source
    event._result = _NOT_READ
    return event


_allocate = object.__new__
