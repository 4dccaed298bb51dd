"""The shared vectors (tests/vectors/ at the repository's root) and helpers for every test."""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path
from typing import Any, Dict, List, Union

VECTOR_DIR = Path(__file__).resolve().parents[3] / "tests" / "vectors"


def load_vectors() -> List[Dict[str, Any]]:
    vectors: List[Dict[str, Any]] = []
    for path in sorted(VECTOR_DIR.glob("*.json")):
        vectors += json.loads(path.read_text(encoding="utf-8"))["vectors"]
    assert len(vectors) >= 40, f"the shared vectors are missing from {VECTOR_DIR}"
    return vectors


def raw_body(vector: Dict[str, Any]) -> bytes:
    if "body" in vector:
        return str(vector["body"]).encode("utf-8")
    return base64.b64decode(vector["body_base64"])


def text(entry: Union[str, Dict[str, List[int]]]) -> str:
    """A vector's string: a JSON string, or {"utf16": [code units]}, the str those UTF-16 code
    units make, where a lone surrogate stays a lone surrogate (as chr() gives it)."""
    if isinstance(entry, str):
        return entry
    units = entry["utf16"]
    return struct.pack(f"<{len(units)}H", *units).decode("utf-16-le", "surrogatepass")
