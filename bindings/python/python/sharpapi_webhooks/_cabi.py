"""The hot path: the same native library's C ABI, called through ctypes.

Every UniFFI call from Python costs microseconds before any work is done (its arguments and
results cross in buffers that Rust allocates and frees), several times what verifying a 1 KiB
delivery costs. Checking a delivery through the C ABI is one foreign call, so `Verifier`'s
per-request methods take this path; everything else goes through the UniFFI module.
"""

from __future__ import annotations

import ctypes
import weakref
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from ._errors import ERRORS_BY_CODE, WebhookError

__all__ = ["CVerifier", "EventFields", "raise_for_status"]

_OK = 0
_MALFORMED_SIGNATURE = 3


def _cut_by_nul(signature: Optional[bytes]) -> bool:
    """Whether C would read ``signature`` only up to a NUL in it, and so not as it is: with a NUL
    in it, it cannot be 64 hex digits, whatever precedes the NUL."""
    return signature is not None and b"\0" in signature

_void_p = ctypes.c_void_p
_size_t = ctypes.c_size_t
_u32 = ctypes.c_uint32


def _load_library() -> ctypes.CDLL:
    # maturin puts the library beside the generated UniFFI module, in `_native`.
    native_dir = Path(__file__).with_name("_native")
    candidates = sorted(native_dir.glob("*sharpapi_webhooks_ffi.*"))
    if not candidates:
        raise ImportError(f"sharpapi_webhooks: no native library in {native_dir}")
    library = ctypes.CDLL(str(candidates[0]))
    prototypes = {
        "sharpapi_verifier_new": (_u32, [ctypes.POINTER(ctypes.c_char_p), _size_t, ctypes.POINTER(_void_p)]),
        "sharpapi_verifier_free": (None, [_void_p]),
        "sharpapi_verifier_verify": (_u32, [_void_p, ctypes.c_char_p, _size_t, ctypes.c_char_p]),
        "sharpapi_verifier_construct_event": (
            _u32,
            [_void_p, ctypes.c_char_p, _size_t, ctypes.c_char_p, ctypes.POINTER(_void_p)],
        ),
        "sharpapi_event_free": (None, [_void_p]),
        "sharpapi_event_fields": (_u32, [_void_p, _void_p]),
        "sharpapi_error_message": (ctypes.c_char_p, [_u32]),
        "sharpapi_version": (ctypes.c_char_p, []),
    }
    for name, (restype, argtypes) in prototypes.items():
        function = getattr(library, name)
        function.restype = restype
        function.argtypes = argtypes
    return library


_lib = _load_library()

VERSION: str = _lib.sharpapi_version().decode("ascii")


def raise_for_status(status: int) -> None:
    """Raises the exception of a C status; 0 passes."""
    if status == _OK:
        return
    message = _lib.sharpapi_error_message(status).decode("utf-8")
    error = ERRORS_BY_CODE.get(status)
    if error is None:
        # 100 and up: an argument this package passed wrongly, a bug of ours, not the caller's.
        unexpected = WebhookError(f"sharpapi-webhooks: unexpected status {status}: {message}")
        unexpected.code = status  # type: ignore[misc]
        raise unexpected
    raise error(message)


class _EventFields(ctypes.Structure):
    """`sharpapi_event_fields_t`: every field of an event in one foreign call."""

    _fields_ = [
        ("id", _void_p),
        ("id_len", _size_t),
        ("status", _void_p),
        ("status_len", _size_t),
        ("status_code", _u32),
        ("job_type", _void_p),
        ("job_type_len", _size_t),
        ("type_code", _u32),
        ("result", _void_p),
        ("result_len", _size_t),
    ]


class NativeResult:
    """Owns a native event for the sake of its result's text, read only if asked for: a large
    result then crosses into Python once, and not at all for a handler that never reads it."""

    __slots__ = ("_event", "_pointer", "_length")

    def __init__(self, event: ctypes.c_void_p, pointer: int, length: int) -> None:
        self._event = event
        self._pointer = pointer
        self._length = length

    def text(self) -> str:
        return _decode(self._pointer, self._length)

    def __del__(self, _free: Callable[[ctypes.c_void_p], None] = _lib.sharpapi_event_free) -> None:
        _free(self._event)


# (id, status code, status text, type code, type text, result); a status or type text is read
# only when its code is 0, a value that the C numbering does not know.
EventFields = Tuple[str, int, Optional[str], int, Optional[str], Optional[NativeResult]]


def _decode(pointer: int, length: int) -> str:
    # Decoded straight from the native memory: ctypes.string_at copies into bytes first, which
    # measured twenty times slower than this for a 1 MiB result.
    return str(memoryview((ctypes.c_char * length).from_address(pointer)), "utf-8")


def _text(pointer: Optional[int], length: int) -> Optional[str]:
    return None if pointer is None else _decode(pointer, length)


def _read_event(event: ctypes.c_void_p) -> EventFields:
    """Reads an event; frees it, unless a NativeResult now owns it."""
    result: Optional[NativeResult] = None
    try:
        fields = _EventFields()
        raise_for_status(_lib.sharpapi_event_fields(event, ctypes.byref(fields)))
        if fields.result is not None:
            result = NativeResult(event, fields.result, fields.result_len)
        return (
            _text(fields.id, fields.id_len) or "",  # never empty: the core refuses that
            fields.status_code,
            None if fields.status_code else _text(fields.status, fields.status_len),
            fields.type_code,
            None if fields.type_code else _text(fields.job_type, fields.job_type_len),
            result,
        )
    finally:
        if result is None:
            _lib.sharpapi_event_free(event)


class CVerifier:
    """A native verifier, released with its Python object."""

    __slots__ = ("_handle", "_release", "__weakref__")

    def __init__(self, secrets: List[bytes]) -> None:
        handle = _void_p()
        array = (ctypes.c_char_p * len(secrets))(*secrets)
        raise_for_status(_lib.sharpapi_verifier_new(array, len(secrets), ctypes.byref(handle)))
        self._handle = handle
        self._release = weakref.finalize(self, _lib.sharpapi_verifier_free, handle)

    def verify_status(self, raw_body: bytes, signature: Optional[bytes]) -> int:
        """The C status of checking the delivery; 0 when it is authentic."""
        if _cut_by_nul(signature):
            return _MALFORMED_SIGNATURE
        status: int = _lib.sharpapi_verifier_verify(self._handle, raw_body, len(raw_body), signature)
        return status

    def construct_event(self, raw_body: bytes, signature: Optional[bytes]) -> EventFields:
        """Verifies the delivery, then parses it and reads the event; raises as
        :func:`raise_for_status` does."""
        if _cut_by_nul(signature):
            raise_for_status(_MALFORMED_SIGNATURE)
        event = _void_p()
        status = _lib.sharpapi_verifier_construct_event(
            self._handle, raw_body, len(raw_body), signature, ctypes.byref(event)
        )
        raise_for_status(status)
        return _read_event(event)
