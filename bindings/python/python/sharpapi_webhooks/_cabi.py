"""The one native path: the project's C ABI (bindings/c/include/sharpapi_webhooks.h), called through
ctypes.

Every operation of the package is one foreign call here (an event takes three: the operation,
``sharpapi_event_fields`` and ``sharpapi_event_free``), and every failure is mapped once, in
:func:`_raise`: the status number picks the exception class from the generated table, and the
message is the library's own (``sharpapi_last_error_message``). Every function returns
SHARPAPI_OK, which is 0, on success: ``if status:`` is a failure. Texts cross as bytes with a
length, so a NUL is a character like any other; the library decides what any byte means.

A ctypes call costs a few hundred nanoseconds, as much as the core spends on a small delivery,
so the event path is written for it (scripts/bench_python.py measures it): the prototypes are set
once, a ``bytes`` argument is passed as its own buffer (``c_char_p``, no copy), an out-parameter
or structure is passed as the object itself (ctypes takes its address; ``byref`` measured twice
as slow), the calls shorter than a hand-over of the GIL keep it, and each text crosses once: a short one
as the NUL-terminated string the library gives, a long result decoded from the library's memory
when it is first read.
"""

from __future__ import annotations

import ctypes
import weakref
from array import array
from typing import Any, Callable, List, NoReturn, Optional, Sequence, Tuple

from ._errors import NativeLibraryError
from ._event import WebhookEvent
from ._event import _new as _new_event
from ._library import LIBRARY_ENV, load_library
from ._vocabulary import (
    ABI_ERROR_NAME_BY_CODE,
    CAUSE_BY_CODE,
    ERROR_BY_CODE,
    JOB_STATUS_BY_CODE,
    JOB_TYPE_BY_CODE,
    VERSION,
    Cause,
    JobStatus,
    JobType,
    MissingSignature,
)

__all__ = [
    "CVerifier",
    "construct_event",
    "construct_event_from_headers",
    "explain",
    "make_test_delivery",
    "parse_event_unverified",
    "sign",
    "signature_from_headers",
    "verify",
    "verify_status",
]

Text = Optional[bytes]
"""A text argument: its bytes, or None for an absent one (NULL with a length of 0)."""

_void_p = ctypes.c_void_p
_size_t = ctypes.c_size_t
_u32 = ctypes.c_uint32
_char = ctypes.c_char
_bytes_p = ctypes.c_char_p  # `const uint8_t *`: ctypes passes a bytes object's own buffer, no copy
_SIGNATURE_BUFFER_LEN = 65  # SHARPAPI_SIGNATURE_BUFFER_LEN: 64 hex digits and a NUL
_LONG_TEXT = 4096  # bytes: a result this long is read only when asked for (see _read_event)


class _Str(ctypes.Structure):
    """`sharpapi_str_t`: a pointer and a length; no terminator is read."""

    _fields_ = [("ptr", _bytes_p), ("len", _size_t)]


class _Header(ctypes.Structure):
    """`sharpapi_header_t`: one header of the request."""

    _fields_ = [("name", _Str), ("value", _Str)]


# An array of `sharpapi_header_t` is laid out as pointer, length, pointer, length, ...: _headers
# writes it as an array of size_t numbers, which needs a pointer as wide as a size_t.
_SIZE_T_CODE = next((code for code in "LQ" if array(code).itemsize == ctypes.sizeof(_size_t)), "")
if not _SIZE_T_CODE or not ctypes.sizeof(_Header) == 4 * ctypes.sizeof(_size_t) == 4 * ctypes.sizeof(_void_p):
    raise ImportError("sharpapi_webhooks: this platform's pointers are not as wide as size_t")


class _EventFields(ctypes.Structure):
    """`sharpapi_event_fields_t`: every field of an event in one foreign call.

    The library ends every text with a NUL, so ``id`` and ``result`` are read as ``c_char_p``:
    ctypes makes the bytes up to the NUL in one step, a fifth of the time of reading the pointer
    and copying from it. A text holding a NUL of its own (JSON can escape one) comes out shorter
    than its length, and is read again from its address (:func:`_text_field`)."""

    _fields_ = [
        ("id", ctypes.c_char_p),
        ("id_len", _size_t),
        ("status", _void_p),
        ("status_len", _size_t),
        ("status_code", _u32),
        ("job_type", _void_p),
        ("job_type_len", _size_t),
        ("type_code", _u32),
        ("result", ctypes.c_char_p),  # never read as such when long: see _read_event
        ("result_len", _size_t),
    ]


def _load_library() -> ctypes.CDLL:
    # The wheel's own library, or $SHARPAPI_WEBHOOKS_LIBRARY (see _library.py).
    library = load_library()
    _pp = ctypes.POINTER(_void_p)
    _size_p = ctypes.POINTER(_size_t)
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
        "sharpapi_signature_from_headers": (_u32, [_void_p, _size_t, _pp, _size_p]),  # `_Header *`
        "sharpapi_last_error_message": (_void_p, [_size_p]),
        "sharpapi_explain": (
            _u32,
            [_bytes_p, _size_t, _bytes_p, _size_t, ctypes.POINTER(_Str), _size_t, ctypes.POINTER(_u32)],
        ),
        "sharpapi_cause_name": (ctypes.c_char_p, [_u32]),
        "sharpapi_cause_description": (ctypes.c_char_p, [_u32]),
        "sharpapi_test_delivery_new": (_u32, [_Str, _Str, _Str, _Str, _Str, _pp]),
        "sharpapi_test_delivery_body": (_u32, [_void_p, _pp, _size_p]),
        "sharpapi_test_delivery_signature": (_u32, [_void_p, _pp, _size_p]),
        "sharpapi_test_delivery_free": (None, [_void_p]),
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


def _keeping_the_gil(function: Any) -> Any:
    """``function`` of the library, called without letting go of the GIL (PYFUNCTYPE)."""
    return ctypes.PYFUNCTYPE(function.restype, *function.argtypes)((function.__name__, _lib))


# The functions of the per-event path, looked up once. ctypes lets go of the GIL around a call of
# a CDLL, so that other threads run while the library hashes and parses a body. Where the call is
# shorter than letting go of the GIL and taking it again, it keeps the GIL: reading an event's
# fields and freeing it, and a body under 2 KiB, as CPython's hashlib does (HASHLIB_GIL_MINSIZE).
_GIL_MINSIZE = 2048
_verify = _lib.sharpapi_verifier_verify
_verify_small = _keeping_the_gil(_verify)
_construct_event = _lib.sharpapi_verifier_construct_event
_construct_event_small = _keeping_the_gil(_construct_event)
_construct_event_from_headers = _lib.sharpapi_verifier_construct_event_from_headers
_construct_event_from_headers_small = _keeping_the_gil(_construct_event_from_headers)
_event_fields = _keeping_the_gil(_lib.sharpapi_event_fields)
_event_free = _keeping_the_gil(_lib.sharpapi_event_free)


def _raise(status: int) -> NoReturn:
    """Raises the exception of a non-zero status, with the message of the call that just failed
    on this thread (the library keeps it per thread)."""
    length = _size_t()
    pointer = _lib.sharpapi_last_error_message(length)
    message = ctypes.string_at(pointer, length.value).decode("utf-8")
    error = ERROR_BY_CODE.get(status)
    if error is None:
        # The C ABI's own statuses: an argument this package passed wrongly, or a failure inside
        # the library. Never the delivery's fault, so not a WebhookError a view would answer 4xx.
        raise NativeLibraryError(status, ABI_ERROR_NAME_BY_CODE.get(status, "UnknownStatus"), message)
    raise error(message)


# The generated code -> member tables as tuples, indexed by the code (less than half the time of
# dict.get): the library is this package's version (checked above), so it gives no other code.
_STATUSES = tuple(JOB_STATUS_BY_CODE.get(code) for code in range(max(JOB_STATUS_BY_CODE) + 1))
_TYPES = tuple(JOB_TYPE_BY_CODE.get(code) for code in range(max(JOB_TYPE_BY_CODE) + 1))


def _text(pointer: int, length: int) -> str:
    """The UTF-8 text of ``length`` bytes at ``pointer``, in the library's memory, decoded from
    there: one pass over a long result, where ``ctypes.string_at`` would copy it first."""
    if not length:
        return ""
    return str(memoryview((_char * length).from_address(pointer)), "utf-8")


def _address(fields: _EventFields, name: str) -> int:
    """The address a ``c_char_p`` field of ``fields`` holds, read without reading the text."""
    address: int = _void_p.from_buffer(fields, getattr(_EventFields, name).offset).value or 0
    return address


def _text_with_nul(fields: _EventFields, name: str, length: int) -> str:
    """A text of the event that its ``c_char_p`` field gave short: it holds a NUL."""
    return _text(_address(fields, name), length)


class _NativeResult:
    """Owns a native event for the sake of its long result's text, read only if asked for: it
    then crosses into Python once, and not at all for a handler that never reads it."""

    __slots__ = ("_event", "_pointer", "_length")

    def __init__(self, event: ctypes.c_void_p, pointer: int, length: int) -> None:
        self._event = event
        self._pointer = pointer
        self._length = length

    def text(self) -> str:
        return _text(self._pointer, self._length)

    def __del__(self, _free: Callable[[ctypes.c_void_p], None] = _event_free) -> None:
        _free(self._event)


def _read_event(event: ctypes.c_void_p) -> WebhookEvent:
    """The event of a native one, every field read in one foreign call. Frees it, unless the
    event's long result now owns it; a short result is decoded at once, which costs less than
    keeping the native event for it."""
    long_result: Optional[_NativeResult] = None
    try:
        fields = _EventFields()
        status = _event_fields(event, fields)
        if status:
            _raise(status)
        # A known status or type is its member by number; another (0) is kept with its text.
        job_status = _STATUSES[fields.status_code]
        if job_status is None:
            job_status = JobStatus(_text(fields.status or 0, fields.status_len))
        job_type = _TYPES[fields.type_code]
        if job_type is None:
            job_type = JobType(_text(fields.job_type or 0, fields.job_type_len))
        id_len = fields.id_len
        id = fields.id
        id = id.decode("utf-8") if len(id) == id_len else _text_with_nul(fields, "id", id_len)
        # A result is at least one character; a length of 0 is no result (NULL).
        result_len = fields.result_len
        if not result_len:
            return _new_event(id, job_status, job_type, None, None)
        if result_len < _LONG_TEXT:
            result = fields.result
            result = result.decode("utf-8") if len(result) == result_len else _text_with_nul(fields, "result", result_len)
            return _new_event(id, job_status, job_type, result, None)
        long_result = _NativeResult(event, _address(fields, "result"), result_len)
        return _new_event(id, job_status, job_type, None, long_result)
    finally:
        if long_result is None:
            _event_free(event)


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
    status = _lib.sharpapi_parse_event_unverified(raw_body, len(raw_body), event)
    if status:
        _raise(status)
    return _read_event(event)


class CVerifier:
    """A native verifier, released with its Python object; ``handle`` is what the functions
    below take. The secrets are not kept: the library keeps only the keyed HMAC states, and the
    encoded copies made here are released on return."""

    __slots__ = ("handle", "_release", "__weakref__")

    def __init__(self, secrets: Sequence[Text]) -> None:
        handle = _void_p()
        status = _lib.sharpapi_verifier_new(_secrets(secrets), len(secrets), handle)
        if status:
            _raise(status)
        self.handle = handle
        self._release = weakref.finalize(self, _lib.sharpapi_verifier_free, handle)


# The verifier's operations are functions of its handle, called by Verifier with its own
# reference to it: a method of CVerifier in between was a tenth of a small delivery's time.


def verify_status(verifier: ctypes.c_void_p, raw_body: bytes, signature: Text) -> int:
    """The status of checking the delivery: SHARPAPI_OK (0, false) when it is authentic."""
    length = len(raw_body)
    verify = _verify_small if length < _GIL_MINSIZE else _verify
    status: int = verify(verifier, raw_body, length, signature, _length(signature))
    return status


def verify(verifier: ctypes.c_void_p, raw_body: bytes, signature: Text) -> None:
    """Raises unless the delivery is authentic."""
    status = verify_status(verifier, raw_body, signature)
    if status:
        _raise(status)


def construct_event(verifier: ctypes.c_void_p, raw_body: bytes, signature: Text) -> WebhookEvent:
    """Verifies the delivery, then parses it."""
    event = _void_p()
    length = len(raw_body)
    construct = _construct_event_small if length < _GIL_MINSIZE else _construct_event
    status = construct(verifier, raw_body, length, signature, 0 if signature is None else len(signature), event)
    if status:
        _raise(status)
    return _read_event(event)


def construct_event_from_headers(verifier: ctypes.c_void_p, raw_body: bytes, headers: Sequence[bytes]) -> WebhookEvent:
    """Finds the signature among the request's headers, given as name, value, name, value, ...,
    then as :func:`construct_event`."""
    buffer, words = _headers(headers)  # `words` points into `buffer`, alive until we return
    event = _void_p()
    length = len(raw_body)
    construct = _construct_event_from_headers_small if length < _GIL_MINSIZE else _construct_event_from_headers
    status = construct(verifier, raw_body, length, words.buffer_info()[0], len(headers) // 2, event)
    if status:
        _raise(status)
    return _read_event(event)


def _headers(texts: Sequence[bytes]) -> Tuple["array[int]", "array[int]"]:
    """An array of `sharpapi_header_t` for the texts name, value, name, value, ..., and the buffer
    it points into, both pass by their address (``buffer_info``): the texts joined in one array
    of bytes, the pointers and lengths in one of size_t numbers. A ctypes structure per header,
    a ctypes array of the numbers or ``ctypes.cast`` for the address measured several times
    slower than the lookup itself."""
    buffer = array("B", b"".join(texts))
    address: int = buffer.buffer_info()[0]
    words = array(_SIZE_T_CODE)
    append = words.append
    for text in texts:
        length = len(text)
        append(address)
        append(length)
        address += length
    return buffer, words


def _secrets(secrets: Sequence[Text]) -> "ctypes.Array[_Str]":
    """An array of `sharpapi_str_t`, pointing into the secrets' own bytes."""
    return (_Str * len(secrets))(*[_Str(secret, _length(secret)) for secret in secrets])


def signature_from_headers(headers: Sequence[bytes]) -> Optional[bytes]:
    """`sharpapi_signature_from_headers`: the X-Signature value among the headers (name, value,
    name, value, ...) by the core's rule, or None when there is none; MalformedSignature when two
    of them differ."""
    buffer, words = _headers(headers)
    signature = _void_p()
    length = _size_t()
    status = _lib.sharpapi_signature_from_headers(words.buffer_info()[0], len(headers) // 2, signature, length)
    if status == MissingSignature.code:
        return None
    if status:
        _raise(status)
    # It points into `buffer`, read while that is alive.
    return ctypes.string_at(signature.value or 0, length.value) if length.value else b""


def explain(raw_body: bytes, signature: Text, secrets: Sequence[Text]) -> List[Cause]:
    """`sharpapi_explain`: the causes of its cause set (bit n - 1 for cause n), in the order of
    their numbers."""
    cause_set = _u32()
    status = _lib.sharpapi_explain(
        raw_body, len(raw_body), signature, _length(signature), _secrets(secrets), len(secrets), cause_set
    )
    if status:
        _raise(status)
    causes = [cause for code, cause in CAUSE_BY_CODE.items() if cause_set.value >> (code - 1) & 1]
    if not causes or cause_set.value >> len(CAUSE_BY_CODE):
        # The library names at least one cause, all of its own version, which the import checked.
        raise RuntimeError(f"sharpapi_webhooks: sharpapi_explain gave the cause set {cause_set.value:#x}; please report this bug")
    return causes


def make_test_delivery(secret: Text, id: bytes, status: bytes, job_type: bytes, result: Text) -> Tuple[bytes, str]:
    """`sharpapi_test_delivery_new`: the body and the X-Signature value of a delivery, both made
    and signed by the library."""
    delivery = _void_p()
    code = _lib.sharpapi_test_delivery_new(
        _Str(secret, _length(secret)),
        _Str(id, len(id)),
        _Str(status, len(status)),
        _Str(job_type, len(job_type)),
        _Str(result, _length(result)),
        delivery,
    )
    if code:
        _raise(code)
    try:
        pointer = _void_p()
        length = _size_t()
        code = _lib.sharpapi_test_delivery_body(delivery, pointer, length)
        if code:
            _raise(code)
        body = ctypes.string_at(pointer.value or 0, length.value)
        code = _lib.sharpapi_test_delivery_signature(delivery, pointer, length)
        if code:
            _raise(code)
        return body, ctypes.string_at(pointer.value or 0, length.value).decode("ascii")
    finally:
        _lib.sharpapi_test_delivery_free(delivery)
