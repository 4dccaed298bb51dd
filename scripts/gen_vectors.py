#!/usr/bin/env python3
"""Writes the shared test vectors in tests/vectors/, or checks that the committed ones are fresh.

The expected signatures come from Python's standard `hmac` module, never from the Rust core, and
`--check` recomputes every one of them with the `openssl` command line as well, so the vectors rest
on two implementations that share no code with ours. The expected outcomes (errors, events) are
written out by hand in the cases below, from the contract in tests/vectors/README.md.

    python3 scripts/gen_vectors.py          # rewrite tests/vectors/*.json
    python3 scripts/gen_vectors.py --check  # fail if they differ from a fresh generation, or if
                                            # openssl disagrees with any expected signature
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

VECTOR_DIR = Path(__file__).resolve().parent.parent / "tests" / "vectors"
SOURCE = (
    "scripts/gen_vectors.py: signatures by Python's hmac module (HMAC-SHA256), "
    "cross-checked with `openssl dgst -sha256 -mac HMAC`"
)

SECRET = "whsec_sharpapi_test_secret"
OTHER_SECRET = "another-secret-that-did-not-sign"
JOB_ID = "bf683177-3a48-47d1-9c4e-0b4de39517fa"

# The vendor's sample deliveries, byte for byte as its page prints them (4-space indents, LF).
SAMPLE = (
    '{\n    "id": "bf683177-3a48-47d1-9c4e-0b4de39517fa",\n    "status": "success",\n'
    '    "type": "content_translate"\n}'
)
SAMPLE_RESULT = (
    '{\n        "content": "ciao",\n        "from_language": "English",\n'
    '        "to_language": "Italian"\n    }'
)
SAMPLE_WITH_RESULT = (
    '{\n    "id": "bf683177-3a48-47d1-9c4e-0b4de39517fa",\n    "status": "success",\n'
    '    "type": "content_translate",\n    "result": ' + SAMPLE_RESULT + "\n}"
)
# What `JSON.stringify(JSON.parse(SAMPLE))` gives: the vendor's JavaScript snippet signs this.
SAMPLE_RESERIALIZED = json.dumps(json.loads(SAMPLE), separators=(",", ":"))

# How deeply a body may nest arrays and objects, the event object being the first level.
MAX_NESTING_DEPTH = 128

KNOWN_STATUSES = ["new", "pending", "success", "failed"]
KNOWN_TYPES = [
    "ecommerce_review_sentiment", "ecommerce_product_categories", "ecommerce_product_intro",
    "ecommerce_thank_you_email", "ecommerce_product_description", "hr_parse_resume",
    "hr_job_description", "hr_related_skills", "hr_related_job_positions",
    "hr_resume_job_match_score", "tth_review_sentiment", "tth_ta_product_categories",
    "tth_hospitality_product_categories", "content_detect_phones", "content_detect_emails",
    "content_detect_spam", "content_detect_address", "content_detect_profanities",
    "content_detect_urls", "content_detect_ai", "content_summarize", "content_keywords",
    "content_translate", "content_paraphrase", "content_proofread", "seo_generate_tags",
]


class Utf16:
    """A secret made of UTF-16 code units that are not valid Unicode (a lone surrogate): what a
    JavaScript, C#, Java or Python string can hold and no UTF-8 can encode. Written to the vectors
    as `{"utf16": [units]}`."""

    def __init__(self, *units: int) -> None:
        self.units = list(units)

    def to_json(self) -> dict[str, list[int]]:
        return {"utf16": self.units}


Secret = "str | Utf16"


def hmac_hex(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def event(
    job_id: str = JOB_ID,
    status: str = "success",
    job_type: str = "content_translate",
    result: str | None = None,
) -> dict[str, Any]:
    return {
        "id": job_id,
        "status": status,
        "type": job_type,
        "result": result,
        "status_known": status in KNOWN_STATUSES,
        "type_known": job_type in KNOWN_TYPES,
    }


def body_of(job_id: str = JOB_ID, status: str = "success", job_type: str = "content_translate",
            result: str | None = None) -> str:
    """A compact delivery whose members are written from the given JSON texts."""
    members = [f'"id":{json.dumps(job_id)}', f'"status":{json.dumps(status)}',
               f'"type":{json.dumps(job_type)}']
    if result is not None:
        members.append(f'"result":{result}')
    return "{" + ",".join(members) + "}"


SAMPLE_EVENT = event()
ParseOutcome = dict[str, Any]


def ok(parsed: dict[str, Any]) -> ParseOutcome:
    return {"event": parsed}


def error(name: str) -> ParseOutcome:
    return {"error": name}


INVALID_PAYLOAD = error("InvalidPayload")


class Case:
    """One delivery and what every implementation must make of it."""

    def __init__(
        self,
        name: str,
        description: str,
        body: str | bytes,
        parse: ParseOutcome,
        *,
        secrets: list[str | Utf16] | None = None,
        signed_with: str | None = SECRET,
        signed_body: str | bytes | None = None,
        signature: Callable[[str], str | None] | None = None,
        headers: Callable[[str], list[list[str]]] | None = None,
        verify: str = "ok",
    ) -> None:
        raw_body = body.encode("utf-8") if isinstance(body, str) else body
        if signed_body is None:
            signed_raw = raw_body
        else:
            signed_raw = signed_body.encode("utf-8") if isinstance(signed_body, str) else signed_body
        # The signature SharpAPI would send: over `signed_body` (the body itself unless a case
        # tampers with it), keyed by `signed_with`.
        sent = hmac_hex(signed_raw, signed_with) if signed_with else "0" * 64
        self.secrets = [SECRET] if secrets is None else secrets
        self.vector: dict[str, Any] = {"name": name, "description": description}
        try:
            self.vector["body"] = raw_body.decode("utf-8")
        except UnicodeDecodeError:
            self.vector["body_base64"] = base64.b64encode(raw_body).decode("ascii")
        self.vector["secrets"] = [
            secret.to_json() if isinstance(secret, Utf16) else secret for secret in self.secrets
        ]
        if headers is not None:
            self.vector["headers"] = headers(sent)
        else:
            self.vector["signature"] = sent if signature is None else signature(sent)
        expected: dict[str, Any] = {
            # An empty secret and one that is no Unicode text are both InvalidSecret.
            "sign": [hmac_hex(raw_body, secret) if isinstance(secret, str) and secret else None
                     for secret in self.secrets],
        }
        if headers is None:
            expected["verify"] = verify
        expected["construct_event"] = parse if verify == "ok" else error(verify)
        expected["parse_event_unverified"] = parse
        self.vector["expected"] = expected
        self.raw_body = raw_body


def signature_cases() -> list[Case]:
    def same(sig: str) -> str:
        return sig

    cases = [
        ("lowercase", "The signature exactly as SharpAPI sends it: lowercase hex.", same, "ok"),
        ("uppercase", "Hex digits in either case are accepted.", str.upper, "ok"),
        ("mixed-case", "Mixed-case hex digits are accepted.",
         lambda s: "".join(c.upper() if i % 2 else c for i, c in enumerate(s)), "ok"),
        ("surrounding-spaces", "Surrounding ASCII spaces are trimmed.", lambda s: f"  {s}  ", "ok"),
        ("surrounding-tab-crlf", "A leading tab and a trailing CRLF are trimmed.",
         lambda s: f"\t{s}\r\n", "ok"),
        ("absent", "No signature at all.", lambda s: None, "MissingSignature"),
        ("empty", "An empty signature.", lambda s: "", "MissingSignature"),
        ("whitespace-only", "A signature of ASCII whitespace only.", lambda s: " \t\r\n ",
         "MissingSignature"),
        ("63-digits", "One hex digit short.", lambda s: s[:63], "MalformedSignature"),
        ("65-digits", "One hex digit too many.", lambda s: s + "0", "MalformedSignature"),
        ("32-digits", "Half a digest (a truncated MAC).", lambda s: s[:32], "MalformedSignature"),
        ("128-digits", "The length of a SHA-512 digest.", lambda s: s + s, "MalformedSignature"),
        ("single-digit", "A single hex digit: the vendor's JavaScript snippet throws here.",
         lambda s: s[:1], "MalformedSignature"),
        ("non-hex-digit", "64 characters, the last one not a hex digit.",
         lambda s: s[:63] + "g", "MalformedSignature"),
        ("sha256-prefix", "A `sha256=` prefix, as other providers send; SharpAPI does not.",
         lambda s: "sha256=" + s, "MalformedSignature"),
        ("inner-space", "Whitespace inside the hex digits is not trimmed.",
         lambda s: s[:32] + " " + s[32:], "MalformedSignature"),
        ("nbsp-around", "Non-ASCII whitespace (U+00A0) around the digits is not trimmed.",
         lambda s: f"\u00a0{s}\u00a0", "MalformedSignature"),
        ("base64-digest", "The right digest, in base64 instead of hex.",
         lambda s: base64.b64encode(bytes.fromhex(s)).decode("ascii"), "MalformedSignature"),
        ("non-ascii-64-bytes", "32 two-byte characters: 64 bytes, but not hex digits.",
         lambda s: "\u00e9" * 32, "MalformedSignature"),
        ("fullwidth-digits", "Fullwidth digits look like hex but are not.",
         lambda s: "".join(chr(ord(c) + 0xFEE0) for c in s), "MalformedSignature"),
        ("nul-after", "A valid signature followed by a NUL and more: C would stop at the NUL.",
         lambda s: s + "\0junk", "MalformedSignature"),
        ("nul-trailing", "A valid signature followed by one NUL.", lambda s: s + "\0",
         "MalformedSignature"),
        ("nul-before", "A NUL before a valid signature.", lambda s: "\0" + s, "MalformedSignature"),
        ("nul-inside", "A NUL in the middle of the hex digits.", lambda s: s[:32] + "\0" + s[32:],
         "MalformedSignature"),
        ("tab-inside", "A tab inside the hex digits is not trimmed.",
         lambda s: s[:32] + "\t" + s[32:], "MalformedSignature"),
        ("form-feed-around", "Form feeds around the digits are ASCII whitespace, so trimmed.",
         lambda s: f"\x0c{s}\x0c", "ok"),
        ("vertical-tab-around", "A vertical tab is not trimmed (Python's strip() would trim it).",
         lambda s: f"\x0b{s}", "MalformedSignature"),
        ("nbsp-inside", "A non-breaking space inside the digits.",
         lambda s: s[:32] + "\u00a0" + s[32:], "MalformedSignature"),
        ("ideographic-space-around", "U+3000, a Unicode space that is not ASCII, is not trimmed.",
         lambda s: f"\u3000{s}", "MalformedSignature"),
        ("fullwidth-last-digit", "63 hex digits and a fullwidth digit.",
         lambda s: s[:63] + chr(ord(s[63]) + 0xFEE0), "MalformedSignature"),
        ("all-zero", "Well formed, but not the digest of this body.", lambda s: "0" * 64,
         "InvalidSignature"),
        ("last-digit-changed", "The right digest with its last hex digit changed.",
         lambda s: s[:63] + ("0" if s[63] != "0" else "1"), "InvalidSignature"),
        ("first-digit-changed", "The right digest with its first hex digit changed.",
         lambda s: ("0" if s[0] != "0" else "1") + s[1:], "InvalidSignature"),
    ]
    built = [
        Case(f"signature-{name}", description, SAMPLE, ok(SAMPLE_EVENT), signature=transform,
             verify=verify)
        for name, description, transform, verify in cases
    ]
    built.append(Case(
        "signature-other-secret", "Signed with a secret the verifier does not hold.",
        SAMPLE, ok(SAMPLE_EVENT), signed_with=OTHER_SECRET, verify="InvalidSignature"))
    return built


def body_cases() -> list[Case]:
    unicode_raw = body_of(result='{"content":"ciao → 日本語 ✓ 😀","to_language":"Italian"}')
    unicode_escaped = body_of(
        result='{"content":"ciao \\u2192 \\u65e5\\u672c\\u8a9e \\u2713 \\ud83d\\ude00"}')
    large_result = json.dumps({"content": "Lorem ipsum dolor sit amet. " * 3745})
    crlf = SAMPLE_WITH_RESULT.replace("\n", "\r\n")
    tampered = SAMPLE.replace('"success"', '"failed"')
    return [
        Case("body-vendor-sample", "The vendor's sample delivery, pretty-printed as it sends it.",
             SAMPLE, ok(SAMPLE_EVENT)),
        Case("body-compact", "A compact delivery.", SAMPLE_RESERIALIZED, ok(SAMPLE_EVENT)),
        Case("body-crlf", "CRLF line endings are part of the signed bytes.", crlf,
             ok(event(result=SAMPLE_RESULT.replace("\n", "\r\n")))),
        Case("body-trailing-newline", "A trailing newline is part of the signed bytes.",
             SAMPLE + "\n", ok(SAMPLE_EVENT)),
        Case("body-trailing-newline-stripped",
             "The body lost the trailing newline that was signed (a framework trimmed it).",
             SAMPLE, ok(SAMPLE_EVENT), signed_body=SAMPLE + "\n", verify="InvalidSignature"),
        Case("body-crlf-normalized",
             "CRLF was signed, but the body arrives with LF (a proxy normalized it).",
             SAMPLE, ok(SAMPLE_EVENT), signed_body=SAMPLE.replace("\n", "\r\n"),
             verify="InvalidSignature"),
        Case("body-reserialized",
             "The vendor's JavaScript bug: the body was parsed and serialized again, so its bytes "
             "differ from those SharpAPI signed.",
             SAMPLE_RESERIALIZED, ok(SAMPLE_EVENT), signed_body=SAMPLE, verify="InvalidSignature"),
        Case("body-tampered", "One member changed after signing.", tampered,
             ok(event(status="failed")), signed_body=SAMPLE, verify="InvalidSignature"),
        Case("body-raw-unicode", "Raw UTF-8 text outside ASCII, signed as UTF-8 bytes.",
             unicode_raw,
             ok(event(result='{"content":"ciao → 日本語 ✓ 😀","to_language":"Italian"}'))),
        Case("body-escaped-unicode",
             "\\u escapes (with a surrogate pair) are signed and kept as escapes in the result.",
             unicode_escaped,
             ok(event(result='{"content":"ciao \\u2192 \\u65e5\\u672c\\u8a9e \\u2713 '
                             '\\ud83d\\ude00"}'))),
        Case("body-escaped-vs-raw-unicode",
             "The same text with escapes where SharpAPI signed raw UTF-8 is a different body.",
             unicode_escaped,
             ok(event(result='{"content":"ciao \\u2192 \\u65e5\\u672c\\u8a9e \\u2713 '
                             '\\ud83d\\ude00"}')),
             signed_body=body_of(result='{"content":"ciao → 日本語 ✓ 😀"}'),
             verify="InvalidSignature"),
        Case("body-large", "A 100 KiB delivery with a long result.",
             body_of(result=large_result), ok(event(result=large_result))),
        Case("body-empty", "An empty body, correctly signed, is not an event.", "",
             INVALID_PAYLOAD),
        Case("body-bom", "A UTF-8 byte order mark before the JSON is not JSON.",
             "\ufeff" + SAMPLE, INVALID_PAYLOAD),
        Case("body-surrounding-whitespace", "Whitespace around the object is allowed JSON.",
             "\r\n  " + SAMPLE + "  \r\n\r\n", ok(SAMPLE_EVENT)),
    ]


def secret_cases() -> list[Case]:
    non_ascii = "sécret-ключ-秘密-🔑"
    long_secret = "k" * 100
    block_secret = "b" * 64
    old, new = "whsec_previous_secret", "whsec_current_secret"
    with_nul = "ab\0cd"
    nfc, nfd = "whsec_caf\u00e9", "whsec_cafe\u0301"
    return [
        Case("secret-non-ascii", "A secret outside ASCII keys the HMAC with its UTF-8 bytes.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[non_ascii], signed_with=non_ascii),
        Case("secret-longer-than-block", "A 100-byte secret (HMAC hashes keys over 64 bytes).",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[long_secret], signed_with=long_secret),
        Case("secret-one-block", "A secret of exactly 64 bytes, one SHA-256 block.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[block_secret], signed_with=block_secret),
        Case("secret-one-byte", "A one-byte secret.", SAMPLE, ok(SAMPLE_EVENT), secrets=["x"],
             signed_with="x"),
        Case("secret-empty", "An empty secret verifies nothing and is refused.", SAMPLE,
             ok(SAMPLE_EVENT), secrets=[""], verify="InvalidSecret"),
        Case("secret-none", "A verifier with no secret at all is refused.", SAMPLE,
             ok(SAMPLE_EVENT), secrets=[], verify="InvalidSecret"),
        Case("secret-not-trimmed", "Secrets are used exactly: a trailing space makes another key.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[SECRET + " "], verify="InvalidSignature"),
        Case("secret-case-sensitive", "Secrets are case-sensitive.", SAMPLE, ok(SAMPLE_EVENT),
             secrets=[SECRET.upper()], verify="InvalidSignature"),
        Case("rotation-signed-with-old", "During rotation, the previous secret still verifies.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[new, old], signed_with=old),
        Case("rotation-signed-with-new", "During rotation, the current secret verifies.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[new, old], signed_with=new),
        Case("rotation-signed-with-neither", "Rotation accepts only the secrets it holds.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[new, old], signed_with=OTHER_SECRET,
             verify="InvalidSignature"),
        Case("rotation-three-secrets-last", "The last of three secrets verifies.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[new, old, SECRET]),
        Case("rotation-with-empty-secret", "One empty secret among others is refused, not skipped.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[new, ""], signed_with=new, verify="InvalidSecret"),
        Case("secret-nul-inside", "A NUL is a character of the secret like any other.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[with_nul], signed_with=with_nul),
        Case("secret-nul-cut-short",
             "A secret holding a NUL does not verify what its part before the NUL signed.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[with_nul], signed_with=with_nul.split("\0")[0],
             verify="InvalidSignature"),
        Case("secret-nul-only", "A secret that is one NUL is not empty.", SAMPLE, ok(SAMPLE_EVENT),
             secrets=["\0"], signed_with="\0"),
        Case("secret-surrounding-whitespace", "Whitespace around a secret is part of it.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[" \t" + SECRET + "\n"],
             signed_with=" \t" + SECRET + "\n"),
        Case("secret-nfc-not-nfd",
             "Secrets are not normalized: NFC text does not verify what its NFD form signed.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[nfc], signed_with=nfd, verify="InvalidSignature"),
        Case("secret-nfd", "A secret in NFD keys the HMAC with its own bytes.", SAMPLE,
             ok(SAMPLE_EVENT), secrets=[nfd], signed_with=nfd),
        Case("secret-lone-high-surrogate",
             "A secret holding a lone high surrogate is no Unicode text: refused, never replaced.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[Utf16(0x61, 0xD800, 0x62)],
             verify="InvalidSecret"),
        Case("secret-lone-low-surrogate", "A secret that is a lone low surrogate is refused.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[Utf16(0xDC00)], verify="InvalidSecret"),
        Case("secret-reversed-surrogate-pair",
             "A low surrogate before a high one is two lone surrogates.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[Utf16(0xDE00, 0xD83D)], verify="InvalidSecret"),
        Case("rotation-with-lone-surrogate",
             "A secret that is no Unicode text among valid ones is refused, not skipped.",
             SAMPLE, ok(SAMPLE_EVENT), secrets=[SECRET, Utf16(0xD800)], verify="InvalidSecret"),
    ]


def event_cases() -> list[Case]:
    precise = '{"score":3.141592653589793238462643383279,"count":12345678901234567890123,' \
              '"tiny":1e-400,"neg":-0.0}'
    extra = ('{"id":"' + JOB_ID + '","status":"success","type":"content_translate",'
             '"created_at":"2025-01-05T10:00:00Z","error":{"code":null},"tags":[1,2,3]}')
    reordered = ('{"result":{"b":2,"a":1},"type":"content_translate","status":"success","id":"'
                 + JOB_ID + '"}')
    cases = [
        Case("event-vendor-sample-with-result",
             "The vendor's sample with its result: the result is the exact text, indents and all.",
             SAMPLE_WITH_RESULT, ok(event(result=SAMPLE_RESULT))),
        Case("event-result-null", "`\"result\": null` is no result.", body_of(result="null"),
             ok(event())),
        Case("event-result-precision",
             "Numbers beyond double precision stay exactly as sent in the result text.",
             body_of(result=precise), ok(event(result=precise))),
        Case("event-result-string", "A result that is a JSON string, escapes untouched.",
             body_of(result='"line\\none \\"quoted\\" \\/ \\u00e9"'),
             ok(event(result='"line\\none \\"quoted\\" \\/ \\u00e9"'))),
        Case("event-result-array", "A result that is an array with spaces inside.",
             body_of(result='[ 1, "two" , {"three": [3]} ]'),
             ok(event(result='[ 1, "two" , {"three": [3]} ]'))),
        Case("event-result-false", "A result that is `false`: present, not null.",
             body_of(result="false"), ok(event(result="false"))),
        Case("event-result-empty-object", "An empty object result.", body_of(result="{}"),
             ok(event(result="{}"))),
        Case("event-unknown-status", "A status this version does not know is kept as sent.",
             body_of(status="cancelled"), ok(event(status="cancelled"))),
        Case("event-status-other-case", "Statuses are case-sensitive: `SUCCESS` is not known.",
             body_of(status="SUCCESS"), ok(event(status="SUCCESS"))),
        Case("event-empty-status", "An empty status is kept as an unknown value.",
             body_of(status=""), ok(event(status=""))),
        Case("event-unknown-type", "A type this version does not know is kept as sent.",
             body_of(job_type="content_generate_poem"),
             ok(event(job_type="content_generate_poem"))),
        Case("event-extra-members", "Members this version does not read are ignored.", extra,
             ok(event())),
        Case("event-members-reordered", "Members may come in any order.", reordered,
             ok(event(result='{"b":2,"a":1}'))),
        Case("event-escaped-id", "Escapes in string members are decoded.",
             '{"id":"job\\u002d42\\/a","status":"succ\\u0065ss","type":"content_translate"}',
             ok(event(job_id="job-42/a"))),
        Case("event-non-uuid-id", "Any non-empty id is kept exactly (SharpAPI sends UUIDs).",
             body_of(job_id=" 42 "), ok(event(job_id=" 42 "))),
    ]
    at_limit = "[" * (MAX_NESTING_DEPTH - 1) + "]" * (MAX_NESTING_DEPTH - 1)
    objects_at_limit = '{"k":' * (MAX_NESTING_DEPTH - 1) + "1" + "}" * (MAX_NESTING_DEPTH - 1)
    brackets_in_strings = '{"text":"' + "[{" * 300 + '"}'
    cases += [
        Case("event-nesting-at-limit-result",
             f"A result nested {MAX_NESTING_DEPTH - 1} deep: the body nests {MAX_NESTING_DEPTH} "
             "levels, the limit, and the result is kept as exact text.",
             body_of(result=at_limit), ok(event(result=at_limit))),
        Case("event-nesting-at-limit-ignored",
             f"A member this parser does not read, nested to the limit of {MAX_NESTING_DEPTH} "
             "levels with objects.",
             body_of().replace("}", ',"x":' + objects_at_limit + "}"), ok(event())),
        Case("event-nesting-brackets-in-strings",
             "Brackets inside strings do not nest.", body_of(result=brackets_in_strings),
             ok(event(result=brackets_in_strings))),
        Case("event-surrogate-pair-escapes",
             "An escaped surrogate pair is one character: decoded in `id`, kept as sent in "
             "`result`.",
             body_of(job_id="job-\\ud83d\\ude00", result='"\\uD83D\\uDE00"').replace(
                 '"job-\\\\ud83d\\\\ude00"', '"job-\\ud83d\\ude00"'),
             ok(event(job_id="job-\U0001F600", result='"\\uD83D\\uDE00"'))),
        Case("event-escaped-backslash-before-u",
             "An escaped backslash followed by `ud800` is text, not an escape.",
             body_of(result='"\\\\ud800"'), ok(event(result='"\\\\ud800"'))),
    ]
    cases += [
        Case(f"event-status-{status}", f"The known status `{status}`.", body_of(status=status),
             ok(event(status=status)))
        for status in KNOWN_STATUSES
    ]
    cases += [
        Case(f"event-type-{job_type}", f"The known job type `{job_type}`.",
             body_of(job_type=job_type), ok(event(job_type=job_type)))
        for job_type in KNOWN_TYPES
    ]
    return cases


def payload_error_cases() -> list[Case]:
    valid = SAMPLE_RESERIALIZED
    shapes = [
        ("not-json", "Plain text.", "job done"),
        ("array", "A JSON array, even of the right strings, is not an event.",
         '["' + JOB_ID + '","success","content_translate"]'),
        ("string", "A JSON string.", '"' + JOB_ID + '"'),
        ("null", "JSON null.", "null"),
        ("number", "A JSON number.", "200"),
        ("empty-object", "An object with no members.", "{}"),
        ("missing-id", "No `id`.", '{"status":"success","type":"content_translate"}'),
        ("empty-id", "An empty `id`.", body_of(job_id="")),
        ("id-number", "A numeric `id`.", '{"id":42,"status":"success","type":"content_translate"}'),
        ("id-null", "A null `id`.", '{"id":null,"status":"success","type":"content_translate"}'),
        ("missing-status", "No `status`.", '{"id":"' + JOB_ID + '","type":"content_translate"}'),
        ("status-number", "A numeric `status`.",
         '{"id":"' + JOB_ID + '","status":1,"type":"content_translate"}'),
        ("status-null", "A null `status`.",
         '{"id":"' + JOB_ID + '","status":null,"type":"content_translate"}'),
        ("missing-type", "No `type`.", '{"id":"' + JOB_ID + '","status":"success"}'),
        ("type-array", "An array `type`.",
         '{"id":"' + JOB_ID + '","status":"success","type":["content_translate"]}'),
        ("truncated", "The body cut short.", valid[:-10]),
        ("trailing-characters", "Something after the object.", valid + " x"),
        ("two-objects", "Two objects one after the other.", valid + valid),
        ("duplicate-id", "`id` twice: parsers disagree on which wins, so it is refused.",
         '{"id":"a","id":"b","status":"success","type":"content_translate"}'),
        ("duplicate-result", "`result` twice.", body_of(result='1').replace("}", ',"result":2}')),
        ("single-quotes", "Not JSON: single quotes.",
         "{'id':'" + JOB_ID + "','status':'success','type':'content_translate'}"),
        ("trailing-comma", "Not JSON: a trailing comma.", valid[:-1] + ",}"),
        ("control-character", "A raw control character inside a string.",
         '{"id":"a\tb","status":"success","type":"content_translate"}'),
        ("lone-surrogate-escape", "An escaped lone surrogate cannot be a string.",
         '{"id":"\\ud800","status":"success","type":"content_translate"}'),
        ("lone-low-surrogate-escape-id", "An escaped lone low surrogate in `id`.",
         '{"id":"a\\udc00","status":"success","type":"content_translate"}'),
        ("lone-surrogate-escape-result",
         "An escaped lone surrogate in `result`: refused, so that every platform's JSON parser "
         "can read the result text.", body_of(result='{"content":"\\ud800"}')),
        ("lone-surrogate-escape-ignored", "An escaped lone surrogate in a member not read.",
         body_of().replace("}", ',"note":"x\\udfff"}')),
        ("high-surrogates-twice-result", "Two escaped high surrogates are no pair.",
         body_of(result='"\\ud83d\\ud83d"')),
        ("nesting-over-limit-result",
         f"A result nested {MAX_NESTING_DEPTH} deep: the body nests {MAX_NESTING_DEPTH + 1} "
         "levels, one over the limit.",
         body_of(result="[" * MAX_NESTING_DEPTH + "]" * MAX_NESTING_DEPTH)),
        ("nesting-over-limit-ignored",
         f"A member not read, nested one level over the limit of {MAX_NESTING_DEPTH} with objects.",
         body_of().replace("}", ',"x":' + '{"k":' * MAX_NESTING_DEPTH + "1"
                           + "}" * MAX_NESTING_DEPTH + "}")),
        ("nesting-deep-result", "A result nested 1,000 deep.",
         body_of(result="[" * 1_000 + "]" * 1_000)),
        ("nesting-deep-ignored",
         "A member nested 10,000 deep, refused without recursing, so no stack can overflow.",
         body_of().replace("}", ',"x":' + "[" * 10_000 + "]" * 10_000 + "}")),
    ]
    cases = [Case(f"payload-{name}", description, body, INVALID_PAYLOAD)
             for name, description, body in shapes]
    invalid_utf8_in_string = valid.encode("utf-8").replace(b"success", b"succ\xffss")
    invalid_utf8_outside = b"\xc3" + valid.encode("utf-8")
    cases += [
        Case("payload-invalid-utf8-in-string", "A byte that is not UTF-8 inside a string.",
             invalid_utf8_in_string, INVALID_PAYLOAD),
        Case("payload-invalid-utf8-before-object", "A stray UTF-8 lead byte before the object.",
             invalid_utf8_outside, INVALID_PAYLOAD),
        Case("payload-overlong-utf8", "An overlong encoding of '/', never valid UTF-8.",
             valid.replace(JOB_ID, "a/b").encode("utf-8").replace(b"/", b"\xc0\xaf"),
             INVALID_PAYLOAD),
    ]
    return cases


def header_cases() -> list[Case]:
    user_agent = ["User-Agent", "SharpAPIWebhook/1.0"]
    content_type = ["Content-Type", "application/json"]
    specs: list[tuple[str, str, Callable[[str], list[list[str]]], str]] = [
        ("canonical", "`X-Signature` among SharpAPI's other headers.",
         lambda s: [user_agent, content_type, ["X-Signature", s]], "ok"),
        ("lowercase", "Header names are case-insensitive: `x-signature`.",
         lambda s: [["x-signature", s]], "ok"),
        ("uppercase", "Header names are case-insensitive: `X-SIGNATURE`.",
         lambda s: [["X-SIGNATURE", s]], "ok"),
        ("absent", "No `X-Signature` among the headers.", lambda s: [user_agent, content_type],
         "MissingSignature"),
        ("none", "No headers at all.", lambda s: [], "MissingSignature"),
        ("similar-name", "`X-Signature-256` is another header.",
         lambda s: [["X-Signature-256", s]], "MissingSignature"),
        ("empty-value", "`X-Signature` with an empty value.", lambda s: [["X-Signature", ""]],
         "MissingSignature"),
        ("repeated-same", "The same value twice is accepted.",
         lambda s: [["X-Signature", s], ["x-signature", s]], "ok"),
        ("repeated-same-after-trim", "The same value twice, once padded with spaces.",
         lambda s: [["X-Signature", s], ["x-signature", f" {s} "]], "ok"),
        ("repeated-different", "Two different values are refused.",
         lambda s: [["X-Signature", s], ["X-Signature", "0" * 64]], "MalformedSignature"),
        ("wrong-value", "One well-formed value that does not match.",
         lambda s: [["X-Signature", "0" * 64]], "InvalidSignature"),
        ("malformed-value", "One value of the wrong length.",
         lambda s: [["X-Signature", s[:40]]], "MalformedSignature"),
        ("odd-case", "Header names are case-insensitive: `x-SiGnAtUrE`.",
         lambda s: [["x-SiGnAtUrE", s]], "ok"),
        ("name-with-space", "A name with a space after it is another header.",
         lambda s: [["X-Signature ", s]], "MissingSignature"),
        ("name-with-underscore", "`X_Signature` is another header.",
         lambda s: [["X_Signature", s]], "MissingSignature"),
        ("whitespace-value", "`X-Signature` with only whitespace.",
         lambda s: [["X-Signature", " \t "]], "MissingSignature"),
        ("repeated-three-same", "The same value three times, in three cases of the name.",
         lambda s: [["X-Signature", s], ["x-signature", s], ["X-SIGNATURE", s]], "ok"),
        ("repeated-empty-then-value", "An empty value and a signature disagree.",
         lambda s: [["X-Signature", ""], ["X-Signature", s]], "MalformedSignature"),
        ("repeated-different-hex-case",
         "The same digest in lowercase and uppercase: two different values.",
         lambda s: [["X-Signature", s], ["X-Signature", s.upper()]], "MalformedSignature"),
        ("repeated-comma-joined",
         "Two values joined with \", \" into one header, as some frameworks merge them.",
         lambda s: [["X-Signature", f"{s}, {s}"]], "MalformedSignature"),
        ("value-nul-after", "A valid signature followed by a NUL and more.",
         lambda s: [["X-Signature", s + "\0junk"]], "MalformedSignature"),
        ("value-nbsp-around", "A non-breaking space around the value is not trimmed.",
         lambda s: [["X-Signature", f"\u00a0{s}"]], "MalformedSignature"),
    ]
    return [
        Case(f"headers-{name}", description, SAMPLE, ok(SAMPLE_EVENT), headers=build,
             verify=outcome)
        for name, description, build, outcome in specs
    ]



EXPLAIN_DIR = VECTOR_DIR / "explain"
EXPLAIN_FILE = "transformations.json"


def explain_cases() -> list[dict[str, Any]]:
    r"""What a framework, a proxy or a person usually does to a delivery between SharpAPI and the
    verifier, each applied here with Python's own json module and bytes, and the cause `explain`
    must name. SharpAPI's body is PHP's json_encode output: compact, members in the order id,
    status, type, result, `/` written `\/` and every character beyond ASCII `\uXXXX`."""
    result = {"content": "Caf\u00e9 https://sharpapi.com/en/catalog", "language": "fr"}
    event = {"id": JOB_ID, "status": "success", "type": "content_translate", "result": result}

    def php_json(value: Any) -> str:
        return json.dumps(value, separators=(",", ":")).replace("/", "\\/")

    php_body = php_json(event)
    sorted_result = {"content": "Hallo Welt", "language": "de"}  # already in sorted order
    sorted_event = {"id": JOB_ID, "status": "success", "type": "content_translate", "result": sorted_result}
    compact_sorted_source = php_json(sorted_event)
    pretty_lf = json.dumps(sorted_event, indent=2)
    signature = hmac_hex(php_body.encode(), SECRET)
    cases: list[tuple[str, str, bytes, str | None, list[str], list[str]]] = [
        ("explain_unchanged", "the body as SharpAPI sent it: the signature matches",
         php_body.encode(), signature, [SECRET], ["signature_matches"]),
        ("explain_json_stringify", "parsed and written again by JSON.stringify: `\\/` and `\\u00e9` unescaped",
         json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode(), signature, [SECRET],
         ["json_escaping"]),
        ("explain_python_json_dumps", "parsed and written again by Python's json.dumps defaults: spaced, `\\/` unescaped",
         json.dumps(event).encode(), signature, [SECRET], ["json_whitespace", "json_escaping"]),
        ("explain_pretty_printed", "pretty-printed with 4 spaces, escapes kept",
         json.dumps(sorted_event, indent=4).encode(), hmac_hex(compact_sorted_source.encode(), SECRET),
         [SECRET], ["json_whitespace"]),
        ("explain_compacted", "a spaced body compacted by a proxy",
         json.dumps(sorted_event, separators=(",", ":")).encode(),
         hmac_hex(json.dumps(sorted_event).encode(), SECRET), [SECRET], ["json_whitespace"]),
        ("explain_sorted_keys", "written again with sorted keys",
         json.dumps(sorted_event, separators=(",", ":"), sort_keys=True).encode(),
         hmac_hex(compact_sorted_source.encode(), SECRET), [SECRET], ["json_key_order"]),
        ("explain_crlf", "LF line endings of a pretty body turned into CRLF",
         pretty_lf.replace("\n", "\r\n").encode(), hmac_hex(pretty_lf.encode(), SECRET), [SECRET],
         ["line_endings"]),
        ("explain_trailing_newline_added", "a newline appended to the body",
         (php_body + "\n").encode(), signature, [SECRET], ["trailing_newline"]),
        ("explain_trailing_newline_removed", "the signed body ended with a newline that was stripped",
         php_body.encode(), hmac_hex((php_body + "\n").encode(), SECRET), [SECRET], ["trailing_newline"]),
        ("explain_bom_added", "a UTF-8 byte order mark put before the body",
         b"\xef\xbb\xbf" + php_body.encode(), signature, [SECRET], ["byte_order_mark"]),
        ("explain_bom_removed", "the signed body began with a byte order mark that was stripped",
         php_body.encode(), hmac_hex(b"\xef\xbb\xbf" + php_body.encode(), SECRET), [SECRET],
         ["byte_order_mark"]),
        ("explain_secret_whitespace", "the configured secret was pasted with a space and a newline",
         php_body.encode(), signature, [" " + SECRET + "\n"], ["secret_whitespace"]),
        ("explain_signature_prefix", "the signature given with a sha256= prefix",
         php_body.encode(), "sha256=" + signature, [SECRET], ["signature_prefix"]),
        ("explain_wrong_secret", "signed with a secret the verifier does not have",
         php_body.encode(), hmac_hex(php_body.encode(), OTHER_SECRET), [SECRET], ["unexplained"]),
        ("explain_rotated_secret", "signed with the second of two secrets",
         php_body.encode(), signature, [OTHER_SECRET, SECRET], ["signature_matches"]),
        ("explain_missing_signature", "no signature at all",
         php_body.encode(), None, [SECRET], ["missing_signature"]),
        ("explain_malformed_signature", "a signature that is not 64 hex digits",
         php_body.encode(), "not-a-signature", [SECRET], ["malformed_signature"]),
    ]
    vectors = []
    for name, description, body, sig, secrets, causes in cases:
        vector: dict[str, Any] = {"name": name, "description": description}
        try:
            vector["body"] = body.decode("utf-8")
        except UnicodeDecodeError:
            vector["body_base64"] = base64.b64encode(body).decode("ascii")
        vector.update({"signature": sig, "secrets": secrets, "expected": {"causes": causes}})
        vectors.append(vector)
    return vectors


def render_explain() -> str:
    document = {
        "title": "What explain names: each usual change between the body SharpAPI signed and the one verified.",
        "source": SOURCE + "; each change made with Python's json module and bytes operations",
        "vectors": explain_cases(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


TEST_DELIVERY_DIR = VECTOR_DIR / "test_delivery"
TEST_DELIVERY_FILE = "deliveries.json"
JSON_WHITESPACE = " \t\n\r"


def test_delivery_cases() -> list[dict[str, Any]]:
    """What a test delivery made from event fields must be, byte for byte: SharpAPI's body (PHP's
    json_encode of id, status and type, then the result's JSON text as given, without its
    surrounding whitespace), its signature and the three headers SharpAPI sends."""

    def php_string(text: str) -> str:
        # json.dumps's ASCII escaping as PHP's, except that PHP leaves DEL (U+007F) as it is.
        return '"' + "".join(
            c if c == "\x7f" else json.dumps(c)[1:-1].replace("/", "\\/") for c in text) + '"'

    escaped_id = "job/\"quoted\" back\\slash caf\u00e9 \U0001f600 tab\t nl\n ctl\u0001 del\u007f"
    deep = MAX_NESTING_DEPTH
    specs: list[tuple[str, str, str, str, str, str, str | None, str | None]] = [
        # name, description, secret, id, status, type, result_json, error
        ("test_delivery_translation", "a translation's outcome with its result",
         SECRET, JOB_ID, "success", "content_translate", '{"content":"Hallo Welt","language":"de"}', None),
        ("test_delivery_without_result", "no result: the user did not opt in",
         SECRET, JOB_ID, "success", "content_translate", None, None),
        ("test_delivery_result_null", "a result of null is written as null",
         SECRET, JOB_ID, "success", "content_summarize", "null", None),
        ("test_delivery_result_as_written", "the result's text kept as given: spaces, escapes, number forms",
         SECRET, JOB_ID, "success", "content_translate",
         '{ "content": "Caf\\u00e9 https:\\/\\/sharpapi.com", "scores": [1, 2.50, -0e0] }', None),
        ("test_delivery_result_surrounding_whitespace", "whitespace around the result is not written",
         SECRET, JOB_ID, "success", "seo_generate_tags", '\n\t {"tags":["a","b"]} \r\n', None),
        ("test_delivery_result_scalar", "a result may be any one JSON value",
         SECRET, JOB_ID, "success", "content_detect_spam", '"spam"', None),
        ("test_delivery_failed_unknown_type", "any status and type text, known or not",
         SECRET, JOB_ID, "failed", "a_job_type_of_tomorrow", None, None),
        ("test_delivery_escaped_fields",
         "id, status and type escaped as PHP writes them: \\/, \\u00e9, surrogate pairs, control characters",
         SECRET, escaped_id, "succ\u00e8s/ok", 'type "x"', "[]", None),
        ("test_delivery_unicode_secret", "a secret beyond ASCII is used as its UTF-8 bytes",
         "s\u00ebcret \U0001f511", JOB_ID, "success", "content_translate", None, None),
        ("test_delivery_empty_secret", "an empty secret signs nothing",
         "", JOB_ID, "success", "content_translate", None, "InvalidSecret"),
        ("test_delivery_result_not_json", "a result that is not JSON",
         SECRET, JOB_ID, "success", "content_translate", '{"content":', "InvalidPayload"),
        ("test_delivery_result_two_values", "a result of two JSON values",
         SECRET, JOB_ID, "success", "content_translate", "1 2", "InvalidPayload"),
        ("test_delivery_result_empty", "an empty result text is no JSON value",
         SECRET, JOB_ID, "success", "content_translate", "", "InvalidPayload"),
        ("test_delivery_result_member_smuggled", "a result that would add a member of its own",
         SECRET, JOB_ID, "success", "content_translate", '1,"id":"other"', "InvalidPayload"),
        ("test_delivery_result_lone_surrogate", "a result no verifier accepts: an escaped lone surrogate",
         SECRET, JOB_ID, "success", "content_translate", '"\\ud800"', "InvalidPayload"),
        ("test_delivery_result_too_deep", f"a result nesting {deep} levels, the event being one more",
         SECRET, JOB_ID, "success", "content_translate", "[" * deep + "]" * deep, "InvalidPayload"),
        ("test_delivery_result_deepest", f"a result nesting {deep - 1} levels: the event reaches the limit",
         SECRET, JOB_ID, "success", "content_translate", "[" * (deep - 1) + "]" * (deep - 1), None),
    ]
    vectors = []
    for name, description, secret, job_id, status, job_type, result_json, error in specs:
        given: dict[str, Any] = {"secret": secret, "id": job_id, "status": status, "type": job_type}
        if result_json is not None:
            given["result_json"] = result_json
        expected: dict[str, Any]
        if error is not None:
            expected = {"error": error}
        else:
            body = "{" + ",".join(
                php_string(key) + ":" + php_string(value)
                for key, value in (("id", job_id), ("status", status), ("type", job_type)))
            if result_json is not None:
                json.loads(result_json)  # one JSON value, or the case above is wrong
                body += ',"result":' + result_json.strip(JSON_WHITESPACE)
            body += "}"
            signature = hmac_hex(body.encode(), secret)
            expected = {"body": body, "signature": signature,
                        "headers": [["Content-Type", "application/json"],
                                    ["User-Agent", "SharpAPIWebhook/1.0"],
                                    ["X-Signature", signature]]}
        vectors.append({"name": name, "description": description, "given": given, "expected": expected})
    return vectors


def render_test_deliveries() -> str:
    document = {
        "title": "Test deliveries: the body, signature and headers made from event fields.",
        "source": SOURCE + "; bodies written with Python's json module as PHP's json_encode writes them",
        "vectors": test_delivery_cases(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FILES: dict[str, tuple[str, Callable[[], list[Case]]]] = {
    "signatures.json": ("The X-Signature value: case, whitespace, length, alphabet, mismatch.",
                        signature_cases),
    "bodies.json": ("The raw body is what is signed: byte fidelity, re-serialization, tampering.",
                    body_cases),
    "secrets.json": ("Secrets: encoding, length, empty, and rotation across several secrets.",
                     secret_cases),
    "events.json": ("Parsing verified bodies: known and unknown values, result as exact text.",
                    event_cases),
    "payload_errors.json": ("Every shape of InvalidPayload, each correctly signed.",
                            payload_error_cases),
    "headers.json": ("Finding X-Signature among the request's headers.", header_cases),
}


def render(title: str, cases: list[Case]) -> str:
    document = {"title": title, "source": SOURCE, "vectors": [case.vector for case in cases]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def openssl_hmac_hex(body: bytes, secret: str) -> str:
    completed = subprocess.run(
        ["openssl", "dgst", "-sha256", "-mac", "HMAC", "-macopt",
         "hexkey:" + secret.encode("utf-8").hex(), "-r"],
        input=body, capture_output=True, check=True)
    return completed.stdout.decode("ascii").split()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files and with openssl; write nothing")
    args = parser.parse_args()

    names: set[str] = set()
    failures: list[str] = []
    signatures_checked = 0
    for file_name, (title, build) in FILES.items():
        cases = build()
        for case in cases:
            name = case.vector["name"]
            if name in names:
                failures.append(f"{name}: name used twice")
            names.add(name)
        text = render(title, cases)
        path = VECTOR_DIR / file_name
        if not args.check:
            path.write_text(text, encoding="utf-8")
            continue
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            failures.append(f"{file_name}: differs from a fresh generation; run {sys.argv[0]}")
        for case in cases:
            for secret, expected in zip(case.secrets, case.vector["expected"]["sign"]):
                if expected is None or not isinstance(secret, str):
                    continue
                signatures_checked += 1
                if openssl_hmac_hex(case.raw_body, secret) != expected:
                    failures.append(f"{case.vector['name']}: openssl disagrees with hmac")
    explain_text = render_explain()
    explain_path = EXPLAIN_DIR / EXPLAIN_FILE
    if not args.check:
        EXPLAIN_DIR.mkdir(exist_ok=True)
        explain_path.write_text(explain_text, encoding="utf-8")
    elif not explain_path.exists() or explain_path.read_text(encoding="utf-8") != explain_text:
        failures.append(f"explain/{EXPLAIN_FILE}: differs from a fresh generation; run {sys.argv[0]}")
    deliveries_text = render_test_deliveries()
    deliveries_path = TEST_DELIVERY_DIR / TEST_DELIVERY_FILE
    if not args.check:
        TEST_DELIVERY_DIR.mkdir(exist_ok=True)
        deliveries_path.write_text(deliveries_text, encoding="utf-8")
    elif not deliveries_path.exists() or deliveries_path.read_text(encoding="utf-8") != deliveries_text:
        failures.append(f"test_delivery/{TEST_DELIVERY_FILE}: differs from a fresh generation; run {sys.argv[0]}")
    else:
        for vector in json.loads(deliveries_text)["vectors"]:
            expected = vector["expected"]
            if "body" in expected:
                signatures_checked += 1
                if openssl_hmac_hex(expected["body"].encode(), vector["given"]["secret"]) != expected["signature"]:
                    failures.append(f"{vector['name']}: openssl disagrees with hmac")
    stale = {path.name for path in VECTOR_DIR.glob("*.json")} - set(FILES)
    failures += [f"{name}: not written by this script" for name in sorted(stale)]

    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    verb = "checked" if args.check else "wrote"
    print(f"{verb} {len(names)} vectors in {len(FILES)} files"
          + (f"; openssl agreed on {signatures_checked} signatures" if args.check else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
