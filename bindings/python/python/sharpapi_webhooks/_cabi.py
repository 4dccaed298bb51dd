"""The one native path: the project's C ABI (bindings/c/include/sharpapi_webhooks.h), called through
ctypes.

Every operation of the package is one foreign call here, and every failure is mapped once, in
:func:`_raise`: the status number picks the exception class from the generated table, and the
message is the library's own (``sharpapi_last_error_message``). Every function returns
SHARPAPI_OK, which is 0, on success: ``if status:`` is a failure. Texts cross as bytes with a
length, so a NUL is a character like any other; the library decides what any byte means.
"""

from __future__ import annotations

import ctypes
import struct
import weakref
from typing import Callable, List, NoReturn, Optional, Sequence, Tuple

from ._errors import NativeLibraryError
from ._event import WebhookEvent
from ._library import LIBRARY_ENV, load_library
from ._vocabulary import (
    ABI_ERROR_NAME_BY_CODE,
    ERROR_BY_CODE,
    JOB_STATUS_BY_CODE,
    JOB_TYPE_BY_CODE,
    VERSION,
    JobStatus,
    JobType,
)

__all__ = ["CVerifier", "parse_event_unverified", "sign"]

Text = Optional[bytes]
"""A text argument: its bytes, or None for an absent one (NULL with a length of 0)."""

_void_p = ctypes.c_void_p
_size_t = ctypes.c_size_t
_u32 = ctypes.c_uint32
_bytes_p = ctypes.c_char_p  # `const uint8_t *`: ctypes passes a bytes object's own buffer, no copy
_SIGNATURE_BUFFER_LEN = 65  # SHARPAPI_SIGNATURE_BUFFER_LEN: 64 hex digits and a NUL


class _Str(ctypes.Structure):
    """`sharpapi_str_t`: a pointer and a length; no terminator is read."""

    _fields_ = [("ptr", _bytes_p), ("len", _size_t)]


class _Header(ctypes.Structure):
    """`sharpapi_header_t`: one header of the request."""

    _fields_ = [("name", _Str), ("value", _Str)]


# An array of `sharpapi_header_t` is laid out as pointer, length, pointer, length, ...: _headers
# packs it as size_t numbers ("N"), which needs a pointer as wide as a size_t.
if not ctypes.sizeof(_Header) == 4 * struct.calcsize("N") == 4 * ctypes.sizeof(_void_p):
    raise ImportError("sharpapi_webhooks: this platform's pointers are not as wide as size_t")


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


def _load_library() -> ctypes.CDLL:
    # The wheel's own library, or $SHARPAPI_WEBHOOKS_LIBRARY (see _library.py).
    library = load_library()
    _pp = ctypes.POINTER(_void_p)
    prototypes = {
        "sharpapi_verify": (_u32, [_bytes_p, _size_t, _bytes_p, _size_t, _bytes_p, _size_t]),
        "sharpapi_sign": (_u32, [_bytes_p, _size_t, _bytes_p, _size_t, ctypes.c_char_p, _size_t]),
        "sharpapi_verifier_new": (_u32, [ctypes.POINTER(_Str), _size_t, _pp]),
        "sharpapi_verifier_free": (None, [_void_p]),
        "sharpapi_verifier_verify": (_u32, [_void_p, _bytes_p, _size_t, _bytes_p, _size_t]),
        "sharpapi_verifier_construct_event": (_u32, [_void_p, _bytes_p, _size_t, _bytes_p, _size_t, _pp]),
        "sharpapi_verifier_construct_event_from_headers": (
            _u32,
            [_void_p, _bytes_p, _size_t, _void_p, _size_t, _pp],  # `_Header *`: see _headers
        ),
        "sharpapi_parse_event_unverified": (_u32, [_bytes_p, _size_t, _pp]),
        "sharpapi_event_free": (None, [_void_p]),
        "sharpapi_event_fields": (_u32, [_void_p, ctypes.POINTER(_EventFields)]),
        "sharpapi_last_error_message": (_void_p, [ctypes.POINTER(_size_t)]),
        "sharpapi_version": (ctypes.c_char_p, []),
    }
    for name, (restype, argtypes) in prototypes.items():
        function = getattr(library, name)
        function.restype = restype
        function.argtypes = argtypes
    native_version = library.sharpapi_version().decode("ascii")
    if native_version != VERSION:
        raise ImportError(
            f"sharpapi_webhooks {VERSION} found native library {native_version} at {library._name}; "
            f"reinstall the package, or point {LIBRARY_ENV} at a library of version {VERSION}"
        )
    return library


_lib = _load_library()


def _raise(status: int) -> NoReturn:
    """Raises the exception of a non-zero status, with the message of the call that just failed
    on this thread (the library keeps it per thread)."""
    length = _size_t()
    pointer = _lib.sharpapi_last_error_message(ctypes.byref(length))
    message = ctypes.string_at(pointer, length.value).decode("utf-8")
    error = ERROR_BY_CODE.get(status)
    if error is None:
        # The C ABI's own statuses: an argument this package passed wrongly, or a failure inside
        # the library. Never the delivery's fault, so not a WebhookError a view would answer 4xx.
        raise NativeLibraryError(status, ABI_ERROR_NAME_BY_CODE.get(status, "UnknownStatus"), message)
    raise error(message)


def _text(pointer: int, length: int) -> str:
    # Decoded straight from the native memory: ctypes.string_at copies into bytes first, which
    # measured twenty times slower than this for a 1 MiB result.
    return str(memoryview((ctypes.c_char * length).from_address(pointer)), "utf-8")


class _NativeResult:
    """Owns a native event for the sake of its result's text, read only if asked for: a large
    result then crosses into Python once, and not at all for a handler that never reads it."""

    __slots__ = ("_event", "_pointer", "_length")

    def __init__(self, event: ctypes.c_void_p, pointer: int, length: int) -> None:
        self._event = event
        self._pointer = pointer
        self._length = length

    def text(self) -> str:
        return _text(self._pointer, self._length)

    def __del__(self, _free: Callable[[ctypes.c_void_p], None] = _lib.sharpapi_event_free) -> None:
        _free(self._event)


def _read_event(event: ctypes.c_void_p) -> WebhookEvent:
    """The event of a native one; frees it, unless the event's result now owns it."""
    result: Optional[_NativeResult] = None
    try:
        fields = _EventFields()
        status = _lib.sharpapi_event_fields(event, ctypes.byref(fields))
        if status:
            _raise(status)
        # A known status or type is its member by number; another is kept with its text.
        job_status = JOB_STATUS_BY_CODE.get(fields.status_code)
        if job_status is None:
            job_status = JobStatus(_text(fields.status, fields.status_len))
        job_type = JOB_TYPE_BY_CODE.get(fields.type_code)
        if job_type is None:
            job_type = JobType(_text(fields.job_type, fields.job_type_len))
        if fields.result is not None:
            result = _NativeResult(event, fields.result, fields.result_len)
        return WebhookEvent._with_result_from(_text(fields.id, fields.id_len), job_status, job_type, result)
    finally:
        if result is None:
            _lib.sharpapi_event_free(event)


def _length(text: Text) -> int:
    return 0 if text is None else len(text)


def sign(payload: bytes, secret: Text) -> str:
    """`sharpapi_sign`: the lowercase hex HMAC-SHA256 of ``payload`` under ``secret``."""
    out = ctypes.create_string_buffer(_SIGNATURE_BUFFER_LEN)
    status = _lib.sharpapi_sign(payload, len(payload), secret, _length(secret), out, _SIGNATURE_BUFFER_LEN)
    if status:
        _raise(status)
    return out.value.decode("ascii")


def parse_event_unverified(raw_body: bytes) -> WebhookEvent:
    """`sharpapi_parse_event_unverified`."""
    event = _void_p()
    status = _lib.sharpapi_parse_event_unverified(raw_body, len(raw_body), ctypes.byref(event))
    if status:
        _raise(status)
    return _read_event(event)


class CVerifier:
    """A native verifier, released with its Python object. The secrets are not kept: the library
    keeps only the keyed HMAC states, and the encoded copies made here are released on return."""

    __slots__ = ("_handle", "_release", "__weakref__")

    def __init__(self, secrets: Sequence[Text]) -> None:
        handle = _void_p()
        array = (_Str * len(secrets))(*[_Str(secret, _length(secret)) for secret in secrets])
        status = _lib.sharpapi_verifier_new(array, len(secrets), ctypes.byref(handle))
        if status:
            _raise(status)
        self._handle = handle
        self._release = weakref.finalize(self, _lib.sharpapi_verifier_free, handle)

    def _verify_status(self, raw_body: bytes, signature: Text) -> int:
        """The status of checking the delivery: SHARPAPI_OK (0, false) when it is authentic."""
        status: int = _lib.sharpapi_verifier_verify(
            self._handle, raw_body, len(raw_body), signature, _length(signature)
        )
        return status

    def is_valid(self, raw_body: bytes, signature: Text) -> bool:
        """Whether the delivery is authentic."""
        return not self._verify_status(raw_body, signature)

    def verify(self, raw_body: bytes, signature: Text) -> None:
        """Raises unless the delivery is authentic."""
        status = self._verify_status(raw_body, signature)
        if status:
            _raise(status)

    def construct_event(self, raw_body: bytes, signature: Text) -> WebhookEvent:
        """Verifies the delivery, then parses it."""
        event = _void_p()
        status = _lib.sharpapi_verifier_construct_event(
            self._handle, raw_body, len(raw_body), signature, _length(signature), ctypes.byref(event)
        )
        if status:
            _raise(status)
        return _read_event(event)

    def construct_event_from_headers(self, raw_body: bytes, headers: Sequence[Text]) -> WebhookEvent:
        """Finds the signature among the request's headers, given as name, value, name, value,
        ..., then as :meth:`construct_event`."""
        joined, array = _headers(headers)  # the array points into `joined`, alive until we return
        event = _void_p()
        status = _lib.sharpapi_verifier_construct_event_from_headers(
            self._handle, raw_body, len(raw_body), array, len(headers) // 2, ctypes.byref(event)
        )
        if status:
            _raise(status)
        return _read_event(event)


def _headers(texts: Sequence[Text]) -> Tuple[bytes, bytes]:
    """An array of `sharpapi_header_t` for the texts name, value, name, value, ..., and the bytes
    it points into. Built as one buffer of text and one of numbers packed by struct: a ctypes
    structure per header, or a ctypes array of the numbers, measured several times slower than
    the lookup itself."""
    joined = b"".join([text for text in texts if text])
    address: int = ctypes.cast(joined, _void_p).value or 0  # type: ignore[arg-type]  # bytes is passed by address
    words: List[int] = []
    for text in texts:
        if text is None:
            words += (0, 0)
        else:
            words += (address, len(text))
            address += len(text)
    return joined, struct.pack(f"{len(words)}N", *words)
