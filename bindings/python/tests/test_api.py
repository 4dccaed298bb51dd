"""The Pythonic layer: types, exceptions, enums, the one string conversion, and the mistakes it
refuses. Every rule about what is valid is the core's; these tests check that it reaches Python
unchanged."""

from __future__ import annotations

import hashlib
import hmac
import json
import pickle
import sys
from pathlib import Path
from typing import Any, Callable, List

import pytest

import sharpapi_webhooks as webhooks
from sharpapi_webhooks import JobStatus, JobType, Verifier

SECRET = "whsec_python"
BODY = (
    b'{\n  "id": "bf683177-3a48-47d1-9c4e-0b4de39517fa",\n  "status": "success",\n'
    b'  "type": "content_translate",\n  "result": {"content": "ciao \\u00e8", "score": 0.10}\n}'
)
VOCABULARY = json.loads((Path(__file__).resolve().parents[2] / "vocabulary.json").read_text(encoding="utf-8"))


def stdlib_signature(body: bytes, secret: "str | bytes" = SECRET) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def nested_body(depth: int) -> bytes:
    """An event whose arrays and objects nest ``depth`` levels deep, the event object being 1."""
    inner = depth - 1
    return b'{"id": "1", "status": "success", "type": "x", "result": ' + b"[" * inner + b"]" * inner + b"}"


def test_a_delivery_signed_by_the_stdlib_is_accepted() -> None:
    event = Verifier(SECRET).construct_event(BODY, stdlib_signature(BODY))
    assert event.id == "bf683177-3a48-47d1-9c4e-0b4de39517fa"
    assert event.status is JobStatus.SUCCESS and event.is_success
    assert event.type is JobType.CONTENT_TRANSLATE
    assert event.result_json == '{"content": "ciao \\u00e8", "score": 0.10}'
    assert event.result == {"content": "ciao \u00e8", "score": 0.1}
    assert webhooks.sign(BODY, SECRET) == stdlib_signature(BODY)


def test_a_str_body_is_refused_with_the_fix() -> None:
    with pytest.raises(TypeError, match=r"request\.get_data\(\).*request\.body"):
        Verifier(SECRET).construct_event(BODY.decode(), stdlib_signature(BODY))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        webhooks.verify(BODY.decode(), stdlib_signature(BODY), SECRET)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        webhooks.parse_event_unverified(json.loads(BODY))


def test_bytearray_and_memoryview_bodies_are_bytes_too() -> None:
    verifier = Verifier(SECRET)
    assert verifier.is_valid(bytearray(BODY), stdlib_signature(BODY))
    assert verifier.is_valid(memoryview(BODY), stdlib_signature(BODY))


def test_the_reserialized_body_of_the_vendor_snippet_fails_with_advice() -> None:
    reserialized = json.dumps(json.loads(BODY)).encode()
    with pytest.raises(webhooks.InvalidSignature, match="raw request body") as raised:
        Verifier(SECRET).construct_event(reserialized, stdlib_signature(BODY))
    assert raised.value.code == 4


def test_the_exceptions_are_the_generated_vocabularys() -> None:
    from sharpapi_webhooks import _vocabulary

    assert sorted(_vocabulary.ERROR_BY_CODE) == sorted(error["code"] for error in VOCABULARY["errors"])
    for error in VOCABULARY["errors"]:
        exception = getattr(webhooks, error["name"])
        assert issubclass(exception, webhooks.WebhookError) and exception.__name__ == error["name"]
        assert exception.code == error["code"] and _vocabulary.ERROR_BY_CODE[error["code"]] is exception
    assert _vocabulary.ABI_ERROR_NAME_BY_CODE == {error["code"]: error["name"] for error in VOCABULARY["abi_errors"]}
    assert [status.value for status in JobStatus] == [status["wire"] for status in VOCABULARY["job_statuses"]]
    assert [job_type.value for job_type in JobType] == [job_type["wire"] for job_type in VOCABULARY["job_types"]]
    assert _vocabulary.MAX_NESTING_DEPTH == VOCABULARY["max_nesting_depth"]


def test_each_error_reaches_python_as_its_class() -> None:
    with pytest.raises(webhooks.InvalidSecret):
        Verifier([])
    with pytest.raises(webhooks.InvalidSecret):
        Verifier(["ok", ""])
    with pytest.raises(webhooks.MissingSignature):
        Verifier(SECRET).verify(BODY, None)
    with pytest.raises(webhooks.MissingSignature):
        Verifier(SECRET).verify(BODY, " \t")
    with pytest.raises(webhooks.MalformedSignature):
        Verifier(SECRET).verify(BODY, "sha256=" + stdlib_signature(BODY))
    with pytest.raises(webhooks.InvalidSignature):
        Verifier(SECRET).verify(BODY, "0" * 64)
    with pytest.raises(webhooks.InvalidPayload):
        webhooks.parse_event_unverified(b"[]")


def test_a_status_of_the_c_abi_itself_is_a_typed_bug_report_not_a_webhook_error() -> None:
    from sharpapi_webhooks import _cabi

    assert "NativeLibraryError" in webhooks.__all__ and issubclass(webhooks.NativeLibraryError, RuntimeError)
    statuses = [(error["code"], error["name"]) for error in VOCABULARY["abi_errors"]] + [(999, "UnknownStatus")]
    assert sorted(code for code, _ in statuses[:-1]) == [100, 102, 103, 104]
    for code, name in statuses:
        with pytest.raises(webhooks.NativeLibraryError, match=rf"{name} \({code}\).*please report this bug") as raised:
            _cabi._raise(code)
        assert raised.value.code == code and raised.value.name == name
        assert not isinstance(raised.value, webhooks.WebhookError)
        copy = pickle.loads(pickle.dumps(raised.value))
        assert (type(copy), copy.code, copy.name, str(copy)) == (type(raised.value), code, name, str(raised.value))


def test_a_real_status_of_the_c_abi_reaches_python_typed() -> None:
    from sharpapi_webhooks import _cabi

    # A NULL output pointer, which this package never passes: the library answers NullArgument.
    status = _cabi._lib.sharpapi_parse_event_unverified(b"{}", 2, None)
    assert status == 100
    with pytest.raises(webhooks.NativeLibraryError, match="NullArgument") as raised:
        _cabi._raise(status)
    assert raised.value.code == 100 and raised.value.message


def test_an_invalid_payload_says_where() -> None:
    body = b'{"id": "1",\n"status": 200, "type": "x"}'
    with pytest.raises(webhooks.InvalidPayload, match="line 2 column") as raised:
        Verifier(SECRET).construct_event(body, stdlib_signature(body))
    assert raised.value.code == 5
    assert " at line 2 column " in raised.value.message


def test_128_levels_of_nesting_parse_and_129_are_an_invalid_payload() -> None:
    deepest = nested_body(128)
    event = Verifier(SECRET).construct_event(deepest, stdlib_signature(deepest))
    result = event.result
    for _ in range(127):
        assert isinstance(result, list)
        result = result[0] if result else result
    too_deep = nested_body(129)
    with pytest.raises(webhooks.InvalidPayload, match="nested deeper than 128 levels at line 1 column"):
        Verifier(SECRET).construct_event(too_deep, stdlib_signature(too_deep))
    with pytest.raises(webhooks.InvalidPayload, match="nested deeper than 128 levels"):
        webhooks.parse_event_unverified(too_deep)


def test_the_result_never_raises_a_recursion_error() -> None:
    event = webhooks.parse_event_unverified(nested_body(128))
    limit = sys.getrecursionlimit()

    def depth() -> int:
        frame: Any = sys._getframe()
        count = 0
        while frame is not None:
            count, frame = count + 1, frame.f_back
        return count

    # Too low for json.loads to reach 127 levels from here where the interpreter counts Python
    # frames and C recursion together (before 3.12); 3.12 and later parse it regardless.
    sys.setrecursionlimit(depth() + 60)
    try:
        try:
            result = event.result
        except webhooks.InvalidPayload as error:
            assert "recursion limit" in str(error) and event.result_json is not None
        else:
            assert sys.version_info >= (3, 12) and isinstance(result, list)
    finally:
        sys.setrecursionlimit(limit)
    assert isinstance(event.result, list)


def test_a_nul_is_a_character_like_any_other() -> None:
    # The whole secret is the key: nothing cuts it at a NUL.
    verifier = Verifier("whsec_a\0b")
    assert verifier.verify(BODY, stdlib_signature(BODY, b"whsec_a\0b"))
    assert not verifier.is_valid(BODY, stdlib_signature(BODY, b"whsec_a"))
    assert webhooks.sign(BODY, "whsec_a\0b") == stdlib_signature(BODY, b"whsec_a\0b")
    # A valid signature followed by a NUL and more is malformed, on every path.
    padded = stdlib_signature(BODY) + "\0junk"
    verifier = Verifier(SECRET)
    assert not verifier.is_valid(BODY, padded)
    for call in (
        lambda: verifier.verify(BODY, padded),
        lambda: verifier.construct_event(BODY, padded),
        lambda: verifier.construct_event_from_headers(BODY, {"X-Signature": padded}),
        lambda: webhooks.verify(BODY, padded, SECRET),
    ):
        with pytest.raises(webhooks.MalformedSignature):
            call()


def test_a_lone_surrogate_reaches_the_core_as_bytes_that_are_not_utf8() -> None:
    lone = "whsec_\ud800"
    with pytest.raises(webhooks.InvalidSecret):
        Verifier(lone)
    with pytest.raises(webhooks.InvalidSecret):
        Verifier([SECRET, lone])
    with pytest.raises(webhooks.InvalidSecret):
        webhooks.sign(BODY, lone)
    with pytest.raises(webhooks.InvalidSecret):
        webhooks.verify(BODY, stdlib_signature(BODY), lone)
    # A surrogate-escaped header value (an undecodable header) is a malformed signature.
    with pytest.raises(webhooks.MalformedSignature):
        Verifier(SECRET).verify(BODY, "\udcff" * 64)
    with pytest.raises(webhooks.MalformedSignature):
        Verifier(SECRET).verify(BODY, stdlib_signature(BODY)[:63] + "\ud800")
    # A header name with one is simply not X-Signature.
    with pytest.raises(webhooks.MissingSignature):
        Verifier(SECRET).construct_event_from_headers(BODY, [("X-Signature\ud800", stdlib_signature(BODY))])


def test_no_secret_is_an_invalid_secret_never_a_type_error() -> None:
    calls: List[Callable[[], object]] = [
        lambda: Verifier(None),
        lambda: Verifier([None]),  # type: ignore[list-item]
        lambda: Verifier([SECRET, None]),  # type: ignore[list-item]
        lambda: Verifier(""),
        lambda: Verifier([]),
        lambda: webhooks.sign(BODY, None),
        lambda: webhooks.sign(BODY, ""),
        lambda: webhooks.verify(BODY, stdlib_signature(BODY), None),
        lambda: webhooks.construct_event(BODY, stdlib_signature(BODY), None),
        lambda: webhooks.construct_event_from_headers(BODY, {"X-Signature": stdlib_signature(BODY)}, None),
    ]
    for call in calls:
        with pytest.raises(webhooks.InvalidSecret) as raised:
            call()
        assert raised.value.code == 1


def test_the_secret_is_in_no_error_message() -> None:
    secret = "whsec_TOPSECRET_0123456789"
    lone = secret + "\ud800"
    good = stdlib_signature(BODY, secret)
    calls: List[Callable[[], object]] = [
        lambda: Verifier([secret, ""]),
        lambda: Verifier([secret, lone]),
        lambda: Verifier([secret, 42]),  # type: ignore[list-item]
        lambda: webhooks.sign(BODY, lone),
        lambda: webhooks.sign(BODY.decode(), secret),  # type: ignore[arg-type]
        lambda: webhooks.verify(BODY, None, secret),
        lambda: webhooks.verify(BODY, "x" * 64, secret),
        lambda: webhooks.verify(BODY, "0" * 64, secret),
        lambda: webhooks.verify(BODY, good, lone),
        lambda: webhooks.construct_event(b"[]", stdlib_signature(b"[]", secret), secret),
        lambda: webhooks.construct_event(BODY, 64, secret),  # type: ignore[arg-type]
        lambda: webhooks.construct_event_from_headers(BODY, [("X-Signature", good), ("X-Signature", "1" * 64)], secret),
    ]
    for call in calls:
        with pytest.raises(Exception) as raised:
            call()
        shown = f"{raised.value} {raised.value!r} {raised.value.args}"
        assert "TOPSECRET" not in shown, shown
    assert "TOPSECRET" not in repr(Verifier(secret))


def test_a_str_is_one_secret_and_a_list_several() -> None:
    assert repr(Verifier("ab")) == "Verifier(secrets=[REDACTED; 1])"
    assert not Verifier("ab").is_valid(BODY, stdlib_signature(BODY, "a"))
    assert Verifier(("whsec_new", "whsec_old")).verify(BODY, stdlib_signature(BODY, "whsec_old"))
    assert Verifier(b"whsec_bytes").verify(BODY, stdlib_signature(BODY, b"whsec_bytes"))
    with pytest.raises(webhooks.InvalidSecret):
        Verifier(b"\xff")


def test_wrong_argument_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        Verifier([42])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        Verifier(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Verifier(SECRET).verify(BODY, 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        webhooks.sign(BODY, 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Verifier(SECRET).construct_event_from_headers(BODY, "X-Signature: abc")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Verifier(SECRET).construct_event_from_headers(BODY, [("X-Signature",)])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        Verifier(SECRET).construct_event_from_headers(BODY, 42)  # type: ignore[arg-type]


def test_a_signature_may_be_bytes() -> None:
    assert Verifier(SECRET).verify(BODY, stdlib_signature(BODY).encode())
    with pytest.raises(webhooks.MalformedSignature):
        Verifier(SECRET).verify(BODY, b"\xff" * 64)


def test_unknown_values_are_kept_and_compare_as_strings() -> None:
    body = b'{"id": "1", "status": "cancelled", "type": "content_write_poem"}'
    event = webhooks.parse_event_unverified(body)
    assert event.status == "cancelled" and event.status.value == "cancelled"
    assert not event.status.is_known and not event.type.is_known
    assert isinstance(event.status, JobStatus) and isinstance(event.type, JobType)
    assert JobStatus("success") is JobStatus.SUCCESS and JobStatus.SUCCESS.is_known
    assert str(JobType.SEO_GENERATE_TAGS) == "seo_generate_tags"
    assert event.result is None and event.result_json is None


def test_secrets_are_not_shown() -> None:
    verifier = Verifier(["whsec_first", "whsec_second"])
    assert repr(verifier) == "Verifier(secrets=[REDACTED; 2])"


def test_headers_may_be_a_mapping_or_pairs_in_any_case() -> None:
    signature = stdlib_signature(BODY)
    verifier = Verifier(SECRET)
    for headers in (
        {"x-signature": signature},
        {"X-SiGnAtUrE": signature},
        [("X-SIGNATURE", signature), ("User-Agent", "SharpAPIWebhook/1.0")],
        [(b"x-signature", signature.encode())],
        {"X-Signature": [signature, signature]},
    ):
        assert verifier.construct_event_from_headers(BODY, headers).id.startswith("bf683177")
    assert webhooks.construct_event_from_headers(BODY, {"X-Signature": signature}, SECRET).is_success
    with pytest.raises(webhooks.MissingSignature):
        verifier.construct_event_from_headers(BODY, {})
    with pytest.raises(webhooks.MissingSignature):
        verifier.construct_event_from_headers(BODY, [(" X-Signature", signature), ("X-Signatures", signature)])


def test_repeated_headers_count_once_when_identical_and_are_malformed_when_not() -> None:
    signature = stdlib_signature(BODY)
    verifier = Verifier(SECRET)
    same = [("X-Signature", signature), ("x-signature", f" {signature}\t")]
    assert verifier.construct_event_from_headers(BODY, same).is_success
    for different in (
        [("X-Signature", signature), ("X-Signature", "0" * 64)],
        {"X-Signature": [signature, "0" * 64]},
        [("X-Signature", signature), ("X-SIGNATURE", "")],
    ):
        with pytest.raises(webhooks.MalformedSignature):
            verifier.construct_event_from_headers(BODY, different)
    # Joined with a comma, as some servers do, they are one malformed value.
    with pytest.raises(webhooks.MalformedSignature):
        verifier.construct_event_from_headers(BODY, {"X-Signature": f"{signature}, {signature}"})


def test_rotation_accepts_the_previous_secret() -> None:
    verifier = Verifier(["whsec_new", "whsec_old"])
    assert verifier.verify(BODY, stdlib_signature(BODY, "whsec_old"))
    assert not verifier.is_valid(BODY, stdlib_signature(BODY, "whsec_other"))


def test_the_version_is_the_native_librarys_and_the_workspaces() -> None:
    from importlib.metadata import version

    assert webhooks.__version__ == version("sharpapi-webhooks") == VOCABULARY["version"]


@pytest.mark.parametrize("length", [1, 4094, 4095, 4096, 70_000])
def test_a_result_of_any_length_is_its_exact_text(length: int) -> None:
    # The package reads a short result at once and a long one (4 KiB and more) when first asked
    # for, straight from the library's memory: the same text either way. `length` is in bytes.
    result_json = "1" if length == 1 else '{"c":"\u00e9' + "x" * (length - 12) + '\\/"}'
    assert len(result_json.encode()) == length
    body = b'{"id":"job-1","status":"success","type":"x","result":' + result_json.encode() + b"}"
    event = Verifier(SECRET).construct_event(body, stdlib_signature(body))
    assert event.result_json == result_json and event.result_json is event.result_json
    assert event.result == json.loads(result_json) == json.loads(body)["result"]
    assert event == webhooks.parse_event_unverified(body) and hash(event) == hash(webhooks.parse_event_unverified(body))
    assert webhooks.parse_event_unverified(body).result == event.result  # the result before its text


def test_texts_holding_a_nul_are_read_whole() -> None:
    body = b'{"id":"a\\u0000b","status":"odd\\u0000status","type":"t\\u0000","result":"\\u0000"}'
    event = webhooks.parse_event_unverified(body)
    assert (event.id, event.status.value, event.type.value) == ("a\0b", "odd\0status", "t\0")
    assert event.result_json == '"\\u0000"' and event.result == "\0"
