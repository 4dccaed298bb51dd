#!/usr/bin/env python3
"""Writes the Python package's vocabulary from bindings/vocabulary.json, the one source.

    generate_vocabulary.py           # writes python/sharpapi_webhooks/_vocabulary.py
    generate_vocabulary.py --check   # exits 1 naming the stale file; writes nothing

The generated module holds the version, the nesting limit, what the framework integrations and
the test deliveries take from the vocabulary (the default body limit, SharpAPI's User-Agent and
Content-Type, the signature header's name, a test delivery's default status and type), one
exception class per error code with the code -> class table the C ABI's statuses are mapped
through, the C ABI's own error names, the JobStatus and JobType enums with the code -> member
tables of `sharpapi_event_fields`, and the Cause enum of `explain` (each cause's number and
description) with the code -> member table of `sharpapi_explain`'s cause set.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import textwrap
from pathlib import Path

PYTHON = Path(__file__).resolve().parent
VOCABULARY = PYTHON.parent / "vocabulary.json"
OUTPUT = PYTHON / "python" / "sharpapi_webhooks" / "_vocabulary.py"
CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def class_name(name: str) -> str:
    if not CLASS_NAME.match(name) or keyword.iskeyword(name):
        raise SystemExit(f"generate_vocabulary: {name!r} is not a Python class name")
    return name


def member_name(name: str) -> str:
    """The vocabulary's CamelCase name as a Python enum member: ContentDetectAi -> CONTENT_DETECT_AI."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", class_name(name)).upper()


def docstring(text: str, indent: str = "    ") -> str:
    # A backslash stays itself in a raw docstring (r"""...\/..."""), unless it would end it.
    if '"""' in text or text.endswith("\\"):
        raise SystemExit(f"generate_vocabulary: cannot quote {text!r} as a docstring")
    quote = 'r"""' if "\\" in text else '"""'
    lines = textwrap.wrap(f"{quote}{text}", width=100, initial_indent=indent, subsequent_indent=indent)
    if len(lines[-1]) + 3 > 100:
        lines.append(indent)
    # textwrap breaks only at ASCII whitespace: a no-break space keeps "(code 4)" together.
    return "\n".join(lines).replace("\u00a0", " ") + '"""'


def job_enum(name: str, summary: str, members: list[dict]) -> list[str]:
    lines = ["", "", f"class {name}(WireEnum):", docstring(summary), ""]
    for member in members:
        lines.append(f"    {member_name(member['name'])} = {json.dumps(member['wire'])}")
    table = f"{'JOB_STATUS' if name == 'JobStatus' else 'JOB_TYPE'}_BY_CODE"
    lines += ["", "", f"{table}: Dict[int, {name}] = {{"]
    lines += [f"    {int(member['code'])}: {name}.{member_name(member['name'])}," for member in members]
    lines.append("}")
    return lines


def wire_of(members: list[dict], name: str) -> str:
    """The wire text of the member called ``name``; fails when the vocabulary lost it."""
    for member in members:
        if member["name"] == name:
            return str(member["wire"])
    raise SystemExit(f"generate_vocabulary: the vocabulary has no {name}")


def cause_enum(causes: list[dict]) -> list[str]:
    summary = (
        "What :func:`explain` finds: one change between a delivery as SharpAPI signed it and as it "
        "was verified. A member's value is its name in data, the same in every language "
        '(``"json_whitespace"``); ``code`` is the C ABI\'s ``SHARPAPI_CAUSE_*`` number; '
        "``description`` says what happened and what to do, for the endpoint's owner."
    )
    lines = ["", "", "class Cause(str, enum.Enum):", docstring(summary), ""]
    for cause in causes:
        lines.append(f"    {member_name(cause['name'])} = {json.dumps(cause['wire'])}")
        lines += [docstring(cause["description"]), ""]
    lines += [
        "    @property",
        "    def code(self) -> int:",
        '        """The C ABI\'s number of this cause (``SHARPAPI_CAUSE_*``); bit ``code - 1`` of a cause set."""',
        "        return _CAUSE_CODES[self]",
        "",
        "    @property",
        "    def description(self) -> str:",
        '        """What happened and what to do, in one sentence for the endpoint\'s owner."""',
        "        return _CAUSE_DESCRIPTIONS[self]",
        "",
        "    def __str__(self) -> str:",
        "        return str(self.value)",
        "",
        "",
        "CAUSE_BY_CODE: Dict[int, Cause] = {",
    ]
    lines += [f"    {int(cause['code'])}: Cause.{member_name(cause['name'])}," for cause in causes]
    lines += ["}", "_CAUSE_CODES: Dict[Cause, int] = {cause: code for code, cause in CAUSE_BY_CODE.items()}"]
    lines.append("_CAUSE_DESCRIPTIONS: Dict[Cause, str] = {")
    lines += [f"    Cause.{member_name(cause['name'])}: {json.dumps(cause['description'])}," for cause in causes]
    lines.append("}")
    return lines


def generate(vocabulary: dict) -> str:
    errors = sorted(vocabulary["errors"], key=lambda error: error["code"])
    abi_errors = sorted(vocabulary["abi_errors"], key=lambda error: error["code"])
    statuses = sorted(vocabulary["job_statuses"], key=lambda status: status["code"])
    types = sorted(vocabulary["job_types"], key=lambda job_type: job_type["code"])
    causes = sorted(vocabulary["explain_causes"], key=lambda cause: cause["code"])
    lines = [
        "# generated from bindings/vocabulary.json by bindings/python/generate_vocabulary.py; do not edit.",
        '"""The vocabulary of sharpapi-webhooks: version, error codes, job statuses and types, explain\'s causes."""',
        "",
        "from __future__ import annotations",
        "",
        "import enum",
        "from typing import Dict, Type",
        "",
        "from ._errors import WebhookError",
        "from ._wire_enum import WireEnum",
        "",
        f"VERSION = {json.dumps(vocabulary['version'])}",
        '"""The version of the native library this package is made for."""',
        "",
        f"MAX_NESTING_DEPTH = {int(vocabulary['max_nesting_depth'])}",
        '"""The deepest nesting of arrays and objects a delivery may have; the event object is level 1."""',
        "",
        f"DEFAULT_MAX_BODY_BYTES = {int(vocabulary['default_max_body_bytes'])}",
        '"""The framework integrations\' default body limit: a larger delivery is answered 413 unread."""',
        "",
        f"USER_AGENT = {json.dumps(vocabulary['user_agent'])}",
        '"""The User-Agent SharpAPI sends its webhooks with."""',
        "",
        f"SIGNATURE_HEADER = {json.dumps(vocabulary['signature_header'])}",
        '"""The header that carries SharpAPI\'s signature (looked up in any ASCII case)."""',
        "",
        f"CONTENT_TYPE = {json.dumps(vocabulary['content_type'])}",
        '"""The Content-Type SharpAPI sends its webhooks with."""',
        "",
        f"TEST_DELIVERY_STATUS = {json.dumps(wire_of(statuses, 'Success'))}",
        '"""A test delivery\'s status unless told otherwise: a finished job\'s."""',
        "",
        f"TEST_DELIVERY_TYPE = {json.dumps(wire_of(types, 'ContentTranslate'))}",
        '"""A test delivery\'s type unless told otherwise."""',
    ]
    for error in errors:
        lines += [
            "",
            "",
            f"class {class_name(error['name'])}(WebhookError):",
            docstring(f"{error['description'][0].upper()}{error['description'][1:]} (code\u00a0{int(error['code'])})."),
            "",
            f"    code = {int(error['code'])}",
        ]
    lines += ["", "", "ERROR_BY_CODE: Dict[int, Type[WebhookError]] = {"]
    lines += [f"    {int(error['code'])}: {class_name(error['name'])}," for error in errors]
    lines += [
        "}",
        '"""The exception of each status of the C ABI that a delivery or a secret can cause."""',
        "",
        "ABI_ERROR_NAME_BY_CODE: Dict[int, str] = {",
    ]
    lines += [f"    {int(error['code'])}: {json.dumps(class_name(error['name']))}," for error in abi_errors]
    lines += ["}", '"""The C ABI\'s own statuses: never caused by a delivery, so a bug if ever seen."""']
    lines += job_enum(
        "JobStatus", "Where the job stands (``\"status\"``): ``success`` or ``failed`` once it finished.", statuses
    )
    lines += job_enum("JobType", "Which SharpAPI endpoint ran the job (``\"type\"``).", types)
    lines += cause_enum(causes)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        print(__doc__, file=sys.stderr)
        return 64
    expected = generate(json.loads(VOCABULARY.read_text(encoding="utf-8")))
    if check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
        if current != expected:
            print(
                f"generate_vocabulary: {OUTPUT.relative_to(PYTHON.parent.parent)} is stale; "
                "run bindings/python/generate_vocabulary.py",
                file=sys.stderr,
            )
            return 1
        return 0
    OUTPUT.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
