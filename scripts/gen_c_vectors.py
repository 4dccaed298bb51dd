#!/usr/bin/env python3
"""Writes tests/vectors/*.json as a C header (an array of `struct c_vector`) for the C tests,
tests/vectors/explain/*.json as a second array (`struct c_explain_vector`), each vector's expected
causes as the cause set `sharpapi_explain` gives: bit `code - 1` for each cause, its code looked up
by wire name in bindings/vocabulary.json, and tests/vectors/test_delivery/*.json as a third
(`struct c_test_delivery_vector`), what `sharpapi_test_delivery_new` must make or refuse.

    python3 scripts/gen_c_vectors.py OUT_DIR   # writes OUT_DIR/vectors.h

Every text is bytes with a length (a `sharpapi_str_t`), never a C string, so a NUL inside a
secret, a signature, a header or an event's text survives. A secret given as UTF-16 code units
(`{"utf16": [...]}`, a string that is not Unicode text) becomes the bytes a byte-string language
passes for it: its WTF-8, each lone surrogate as the three bytes ED xx xx, which are not UTF-8.
The output is a build product, not committed: the JSON files stay the one source.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VECTOR_DIR = ROOT / "tests" / "vectors"
VOCABULARY = ROOT / "bindings" / "vocabulary.json"


def wtf8(units: list[int]) -> bytes:
    """UTF-16 code units as WTF-8: a surrogate pair is its character, a lone surrogate 3 bytes."""
    out = bytearray()
    index = 0
    while index < len(units):
        unit = units[index]
        following = units[index + 1] if index + 1 < len(units) else None
        if 0xD800 <= unit < 0xDC00 and following is not None and 0xDC00 <= following < 0xE000:
            code_point = 0x10000 + ((unit - 0xD800) << 10) + (following - 0xDC00)
            index += 2
        else:
            code_point = unit
            index += 1
        out += chr(code_point).encode("utf-8", "surrogatepass")
    return bytes(out)


def text_bytes(text: str | dict[str, Any]) -> bytes:
    """The bytes C passes for a vector's text: UTF-8, or WTF-8 for `{"utf16": [...]}`."""
    if isinstance(text, dict):
        return wtf8(text["utf16"])
    return text.encode("utf-8")


def c_literal(data: bytes) -> str:
    """A C string literal of exactly these bytes (octal escapes never run into the next byte)."""
    out = []
    for byte in data:
        char = chr(byte)
        if 0x20 <= byte < 0x7F and char not in '"\\?':
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return '"' + "".join(out) + '"'


def c_str(data: bytes | None) -> str:
    """A `sharpapi_str_t`: the bytes and their length, or NULL and 0 for None."""
    if data is None:
        return "{NULL, 0}"
    return f"{{(const uint8_t *){c_literal(data)}, {len(data)}}}"


def c_text(text: str | None) -> str:
    """A C string for texts that never hold a NUL (names, hex signatures, error names)."""
    return "NULL" if text is None else c_literal(text.encode("utf-8"))


def c_array(element_type: str, items: list[str]) -> str:
    """A static array of initializers, or NULL for none (C has no empty array)."""
    if not items:
        return "NULL"
    return f"(const {element_type}[]){{" + ", ".join(items) + "}"


def c_outcome(outcome: dict[str, Any]) -> str:
    if "error" in outcome:
        return f"{{.error = {c_text(outcome['error'])}}}"
    event = outcome["event"]
    result = None if event["result"] is None else event["result"].encode("utf-8")
    return ("{.error = NULL"
            f", .id = {c_str(event['id'].encode('utf-8'))}"
            f", .status = {c_str(event['status'].encode('utf-8'))}"
            f", .type = {c_str(event['type'].encode('utf-8'))}"
            f", .result = {c_str(result)}"
            f", .status_known = {int(event['status_known'])}"
            f", .type_known = {int(event['type_known'])}}}")


def entry(vector: dict[str, Any]) -> str:
    body = (vector["body"].encode("utf-8") if "body" in vector
            else base64.b64decode(vector["body_base64"]))
    expected = vector["expected"]
    secrets = [c_str(text_bytes(secret)) for secret in vector["secrets"]]
    headers = vector.get("headers")
    pairs = [f"{{{c_str(text_bytes(name))}, {c_str(text_bytes(value))}}}"
             for name, value in headers or []]
    signature = vector.get("signature")
    fields = [
        f".name = {c_text(vector['name'])}",
        f".body = {c_str(body)}",
        f".secrets = {c_array('sharpapi_str_t', secrets)}",
        f".secrets_len = {len(secrets)}",
        f".uses_headers = {int(headers is not None)}",
        f".headers = {c_array('sharpapi_header_t', pairs)}",
        f".headers_len = {len(pairs)}",
        f".signature = {c_str(None if signature is None else text_bytes(signature))}",
        f".expected_sign = {c_array('char *const', [c_text(hex) for hex in expected['sign']])}",
        f".verify = {c_text(expected.get('verify'))}",
        f".construct_event = {c_outcome(expected['construct_event'])}",
        f".parse_event = {c_outcome(expected['parse_event_unverified'])}",
    ]
    if len(expected["sign"]) != len(secrets):
        raise SystemExit(f"{vector['name']}: expected.sign has one entry per secret")
    return "    {" + ",\n     ".join(fields) + "},"


def explain_entry(vector: dict[str, Any], cause_codes: dict[str, int]) -> str:
    unknown = [wire for wire in vector["expected"]["causes"] if wire not in cause_codes]
    if unknown:
        raise SystemExit(f"{vector['name']}: causes {unknown} are not in {VOCABULARY}")
    bits = 0
    for wire in vector["expected"]["causes"]:
        bits |= 1 << (cause_codes[wire] - 1)
    secrets = [c_str(text_bytes(secret)) for secret in vector["secrets"]]
    signature = vector["signature"]
    fields = [
        f".name = {c_text(vector['name'])}",
        f".body = {c_str(vector['body'].encode('utf-8'))}",
        f".signature = {c_str(None if signature is None else text_bytes(signature))}",
        f".secrets = {c_array('sharpapi_str_t', secrets)}",
        f".secrets_len = {len(secrets)}",
        f".expected_causes = {bits:#x}u",
    ]
    return "    {" + ",\n     ".join(fields) + "},"


def test_delivery_entry(vector: dict[str, Any]) -> str:
    given, expected = vector["given"], vector["expected"]
    # No result (the member absent) is NULL; an empty text is a pointer with length 0.
    result = given.get("result_json")
    fields = [
        f".name = {c_text(vector['name'])}",
        f".secret = {c_str(text_bytes(given['secret']))}",
        f".id = {c_str(text_bytes(given['id']))}",
        f".status = {c_str(text_bytes(given['status']))}",
        f".type = {c_str(text_bytes(given['type']))}",
        f".result = {c_str(None if result is None else text_bytes(result))}",
        f".error = {c_text(expected.get('error'))}",
    ]
    if "error" not in expected:
        pairs = [f"{{{c_str(text_bytes(name))}, {c_str(text_bytes(value))}}}"
                 for name, value in expected["headers"]]
        fields += [
            f".body = {c_str(text_bytes(expected['body']))}",
            f".signature = {c_text(expected['signature'])}",
            f".headers = {c_array('sharpapi_header_t', pairs)}",
            f".headers_len = {len(pairs)}",
        ]
    return "    {" + ",\n     ".join(fields) + "},"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    entries = []
    for path in sorted(VECTOR_DIR.glob("*.json")):
        entries += [entry(vector) for vector in json.loads(path.read_text("utf-8"))["vectors"]]
    cause_codes = {cause["wire"]: int(cause["code"])
                   for cause in json.loads(VOCABULARY.read_text("utf-8"))["explain_causes"]}
    explain_entries = []
    for path in sorted((VECTOR_DIR / "explain").glob("*.json")):
        explain_entries += [explain_entry(vector, cause_codes)
                            for vector in json.loads(path.read_text("utf-8"))["vectors"]]
    if not explain_entries:
        raise SystemExit(f"no explain vectors in {VECTOR_DIR / 'explain'}")
    test_delivery_entries = []
    for path in sorted((VECTOR_DIR / "test_delivery").glob("*.json")):
        test_delivery_entries += [test_delivery_entry(vector)
                                  for vector in json.loads(path.read_text("utf-8"))["vectors"]]
    if not test_delivery_entries:
        raise SystemExit(f"no test delivery vectors in {VECTOR_DIR / 'test_delivery'}")
    header = "\n".join([
        "/* Generated by scripts/gen_c_vectors.py from the JSON files of tests/vectors/ and the causes",
        " * of bindings/vocabulary.json; do not edit. */",
        "#include <stddef.h>",
        "#include <stdint.h>",
        "",
        "#include <sharpapi_webhooks.h>",
        "",
        "/* An outcome: an error's name, or (error NULL) an event. */",
        "struct c_outcome {",
        "    const char *error;",
        "    sharpapi_str_t id;",
        "    sharpapi_str_t status;",
        "    sharpapi_str_t type;",
        "    sharpapi_str_t result;     /* NULL: no result */",
        "    int status_known;",
        "    int type_known;",
        "};",
        "",
        "struct c_vector {",
        "    const char *name;",
        "    sharpapi_str_t body;",
        "    const sharpapi_str_t *secrets; /* as sharpapi_verifier_new takes them */",
        "    size_t secrets_len;",
        "    int uses_headers;          /* the signature is looked up in `headers` */",
        "    const sharpapi_header_t *headers;",
        "    size_t headers_len;",
        "    sharpapi_str_t signature;  /* NULL: the header is absent */",
        "    const char *const *expected_sign; /* per secret; NULL: InvalidSecret */",
        "    const char *verify;        /* \"ok\" or an error name; NULL for header vectors */",
        "    struct c_outcome construct_event;",
        "    struct c_outcome parse_event;",
        "};",
        "",
        "static const struct c_vector c_vectors[] = {",
        *entries,
        "};",
        "",
        "static const size_t c_vectors_len = sizeof c_vectors / sizeof c_vectors[0];",
        "",
        "/* A vector of tests/vectors/explain/: what sharpapi_explain must find. */",
        "struct c_explain_vector {",
        "    const char *name;",
        "    sharpapi_str_t body;",
        "    sharpapi_str_t signature;  /* NULL: the header is absent */",
        "    const sharpapi_str_t *secrets;",
        "    size_t secrets_len;",
        "    uint32_t expected_causes;  /* bit code - 1 for each SHARPAPI_CAUSE_* expected */",
        "};",
        "",
        "static const struct c_explain_vector c_explain_vectors[] = {",
        *explain_entries,
        "};",
        "",
        "static const size_t c_explain_vectors_len = sizeof c_explain_vectors / sizeof c_explain_vectors[0];",
        "",
        "/* A vector of tests/vectors/test_delivery/: what sharpapi_test_delivery_new must make or refuse. */",
        "struct c_test_delivery_vector {",
        "    const char *name;",
        "    sharpapi_str_t secret;",
        "    sharpapi_str_t id;",
        "    sharpapi_str_t status;",
        "    sharpapi_str_t type;",
        "    sharpapi_str_t result;     /* NULL, 0: no result; an empty text is not NULL */",
        "    const char *error;         /* the error's name; NULL: a delivery, as below */",
        "    sharpapi_str_t body;",
        "    const char *signature;",
        "    const sharpapi_header_t *headers; /* in the order SharpAPI sends them */",
        "    size_t headers_len;",
        "};",
        "",
        "static const struct c_test_delivery_vector c_test_delivery_vectors[] = {",
        *test_delivery_entries,
        "};",
        "",
        "static const size_t c_test_delivery_vectors_len =",
        "    sizeof c_test_delivery_vectors / sizeof c_test_delivery_vectors[0];",
        "",
    ])
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vectors.h").write_text(header, encoding="utf-8")
    print(f"wrote {len(entries)} vectors, {len(explain_entries)} explain vectors and"
          f" {len(test_delivery_entries)} test delivery vectors to {out_dir / 'vectors.h'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
