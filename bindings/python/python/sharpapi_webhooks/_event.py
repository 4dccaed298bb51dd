"""The typed event. Its status and type are the generated JobStatus and JobType, which keep the
values they do not know."""

from __future__ import annotations

import json
from typing import Any, Optional, Protocol

from ._vocabulary import MAX_NESTING_DEPTH, InvalidPayload, JobStatus, JobType

__all__ = ["JobStatus", "JobType", "WebhookEvent"]

_NOT_READ = object()


class ResultSource(Protocol):
    """Where a result's text comes from when it is first asked for."""

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

    @classmethod
    def _with_result_from(
        cls, id: str, status: JobStatus, type: JobType, source: Optional[ResultSource]
    ) -> "WebhookEvent":
        """An event whose result text is read from ``source`` only when first asked for."""
        event = cls(id, status, type, None)
        if source is not None:
            event._result_json = _NOT_READ
            event._result_source = source
        return event

    @property
    def result_json(self) -> Optional[str]:
        """The exact JSON text of ``"result"``, or ``None`` when the delivery has none."""
        if self._result_json is _NOT_READ:
            source = self._result_source
            if source is not None:
                self._result_json = source.text()
                self._result_source = None  # releases the native event
        result_json: Optional[str] = self._result_json
        return result_json

    @property
    def result(self) -> Any:
        """``result_json`` parsed by :func:`json.loads` on first use, or ``None``. Raises
        :class:`InvalidPayload`, never RecursionError, where Python's recursion limit is too low
        for it."""
        if self._result is _NOT_READ:
            result_json = self.result_json
            try:
                self._result = None if result_json is None else json.loads(result_json)
            except RecursionError:
                # The core refuses bodies nested deeper than MAX_NESTING_DEPTH, which json.loads
                # parses within Python's default recursion limit; only a lowered limit, or a
                # caller already deep in its own stack, gets here.
                raise InvalidPayload(
                    "invalid payload: the result is nested deeper than Python's recursion limit "
                    f"allows here (a delivery may nest {MAX_NESTING_DEPTH} levels); read "
                    "event.result_json instead, or raise the limit"
                ) from None
        return self._result

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
