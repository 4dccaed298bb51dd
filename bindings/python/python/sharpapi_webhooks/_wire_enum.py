"""The base of JobStatus and JobType: a string enum that keeps the values it does not know."""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["WireEnum"]


class WireEnum(str, enum.Enum):
    """A string enum whose unknown values are kept, as members that are not ``is_known``.

    SharpAPI adds job types over time; refusing a delivery because of a new one would lose it.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = "OTHER"
        unknown._value_ = value
        return unknown

    @property
    def is_known(self) -> bool:
        """``False`` for a value this version does not know."""
        return self._name_ != "OTHER"

    def __str__(self) -> str:
        return str(self.value)
