#!/usr/bin/env python3
"""Writes the Kotlin package's vocabulary from bindings/vocabulary.json, the one source.

    generate_vocabulary.py           # writes the files below and the version in pom.xml
    generate_vocabulary.py --check   # exits 1 naming each stale file; writes nothing

- src/main/kotlin/com/sharpapi/webhooks/JobStatus.kt and JobType.kt: the public sealed classes,
  one object per known value, and the mapping from UniFFI's enum of the same name. Each object's
  text is the native enum's `wireText()`, asked once when the object is first used, so the mapping
  from a native value is a `when` with no call into Rust; the `when` is exhaustive, so the build
  fails if this file and the library's enum disagree.
- src/main/kotlin/com/sharpapi/webhooks/Vocabulary.kt: the package version (checked against the
  loaded library's sharpapi_version()), the permanent error codes that WebhookException's
  subclasses carry, and the public WebhookProtocol object: the signature header's name, SharpAPI's
  User-Agent and the default body limit that the framework integrations (integrations/) apply.
- src/main/kotlin/com/sharpapi/webhooks/Cause.kt: the public enum of what `Explanation.of` finds,
  each cause with its number, wire name and description, and the mapping from UniFFI's enum of
  the same name (exhaustive, as above).
- pom.xml: the project's <version>; integrations/pom.xml and each integration module's pom.xml:
  the version of the integrations' parent (the modules inherit it), the same; and in the
  integrations' example poms (integrations/examples/), the version of the integration they use.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

KOTLIN = Path(__file__).resolve().parent
VOCABULARY = KOTLIN.parent / "vocabulary.json"
SOURCES = KOTLIN / "src" / "main" / "kotlin" / "com" / "sharpapi" / "webhooks"
POM = KOTLIN / "pom.xml"
HEADER = "// Generated from bindings/vocabulary.json by bindings/kotlin/generate_vocabulary.py; do not edit."
NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
C_NAME = re.compile(r"^SHARPAPI_[A-Z0-9_]+$")
VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")
# The project's own <version>: the one right after its <artifactId>, not a dependency's or plugin's.
POM_VERSION = re.compile(r"(<artifactId>sharpapi-webhooks</artifactId>\s*<version>)([^<]*)(</version>)")
# The integrations' parent: its own <version>, and each module's <parent> version.
INTEGRATIONS = KOTLIN / "integrations"
INTEGRATION_POMS = [INTEGRATIONS / "pom.xml", *(INTEGRATIONS / module / "pom.xml" for module in ("common", "spring", "ktor"))]
PARENT_VERSION = re.compile(r"(<artifactId>sharpapi-webhooks-integrations</artifactId>\s*<version>)([^<]*)(</version>)")
EXAMPLE_POMS = [INTEGRATIONS / "examples" / framework / "pom.xml" for framework in ("spring", "ktor")]
INTEGRATION_VERSION = re.compile(r"(<artifactId>sharpapi-webhooks-(?:spring|ktor)</artifactId>\s*<version>)([^<]*)(</version>)")


def fail(message: str) -> None:
    raise SystemExit(f"generate_vocabulary: {message}")


def identifier(name: str) -> str:
    if not NAME.match(name):
        fail(f"{name!r} is not a Kotlin class name")
    return name


def kdoc(text: str, indent: str) -> list[str]:
    if "*/" in text or "/*" in text:
        fail(f"cannot put {text!r} in a KDoc comment")
    lines = textwrap.wrap(text, width=100 - len(indent) - 3, break_on_hyphens=False)
    if len(lines) == 1:
        return [f"{indent}/** {lines[0]} */"]
    return [f"{indent}/**", *(f"{indent} * {line}" for line in lines), f"{indent} */"]


def kotlin_string(text: str) -> str:
    # The vocabulary's texts are ASCII; anything else would need escapes this does not write.
    if not text.isascii() or any(c in text for c in '"\\$') or not text.isprintable():
        fail(f"cannot write {text!r} as a Kotlin string literal")
    return f'"{text}"'


def wire_class(kind: str, json_member: str, values: list[dict], summary: str) -> str:
    native = f"Native{kind}"
    function = {"JobStatus": "toStatus", "JobType": "toType"}[kind]
    names = [identifier(value["name"]) for value in values]
    if len(set(names)) != len(names) or "Other" in names:
        fail(f"{kind}'s names repeat or include Other: {names}")
    lines = [
        HEADER,
        "",
        "package com.sharpapi.webhooks",
        "",
        f"import com.sharpapi.webhooks.ffi.{kind} as {native}",
        "",
        *kdoc(summary, ""),
        f"sealed class {kind}(",
        f"    /** The text exactly as the JSON member `\"{json_member}\"` spells it. */",
        "    val value: String,",
        ") {",
    ]
    for value, name in zip(values, names):
        lines += kdoc(f"`{value['wire']}`", "    ")
        # The core's own text, asked once, when the object is first used.
        lines.append(f"    object {name} : {kind}({native}.{name}.wireText())")
        lines.append("")
    lines += [
        *kdoc(
            f"A {json_member} this version does not know, with its text in [value]; only the library "
            "makes these, so it never holds a known one.",
            "    ",
        ),
        f"    class Other internal constructor(value: String) : {kind}(value) {{",
        "        override fun equals(other: Any?): Boolean = other is Other && other.value == value",
        "",
        "        override fun hashCode(): Int = value.hashCode()",
        "    }",
        "",
        "    override fun toString(): String = value",
        "}",
        "",
        "// Exhaustive: the build fails when the library's enum and bindings/vocabulary.json disagree.",
        f"internal fun {native}.{function}(): {kind} =",
        "    when (this) {",
        *(f"        {native}.{name} -> {kind}.{name}" for name in names),
        f"        is {native}.Other -> {kind}.Other(v1)",
        "    }",
        "",
    ]
    return "\n".join(lines)


def kotlin_text(text: str) -> str:
    """Any printable ASCII text as a Kotlin string literal, its quotes, backslashes and dollars escaped."""
    if not text.isascii() or not text.isprintable():
        fail(f"cannot write {text!r} as a Kotlin string literal")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'


def cause_file(causes: list[dict]) -> str:
    names = [identifier(cause["name"]) for cause in causes]
    if len(set(names)) != len(names) or [cause["code"] for cause in causes] != list(range(1, len(causes) + 1)):
        fail(f"explain_causes' names repeat or their codes are not 1..{len(causes)}: {causes}")
    lines = [
        HEADER,
        "",
        "package com.sharpapi.webhooks",
        "",
        "import com.sharpapi.webhooks.ffi.Cause as NativeCause",
        "",
        *kdoc(
            "What [Explanation.of] finds: one change between a delivery as SharpAPI signed it and as "
            "it was verified. [code] is the C ABI's number for it and [wireText] its name in data, the "
            "same in every language; [description] is its sentence for the endpoint's owner.",
            "",
        ),
        "enum class Cause(",
        "    /** The permanent number (the C ABI's `SHARPAPI_CAUSE_*`), from 1. */",
        "    val code: Int,",
        "    /** The name as data spells it, the same in every language (`\"json_whitespace\"`). */",
        "    val wireText: String,",
        "    /** One sentence for the endpoint's owner: what happened and what to do. */",
        "    val description: String,",
        ") {",
    ]
    for cause, name in zip(causes, names):
        if not C_NAME.match(cause["c_name"]) or not cause["c_name"].startswith("SHARPAPI_CAUSE_"):
            fail(f"cause {cause!r} has no usable c_name")
        lines += kdoc(f"`{cause['wire']}`: {cause['description']}", "    ")
        lines.append(f"    {name}(")
        lines.append(f"        {cause['code']},")
        lines.append(f"        {kotlin_text(cause['wire'])},")
        lines.append(f"        {kotlin_text(cause['description'])},")
        lines.append("    ),")
        lines.append("")
    lines[-2] = "    );"
    lines += [
        "    override fun toString(): String = wireText",
        "}",
        "",
        "// Exhaustive: the build fails when the library's enum and bindings/vocabulary.json disagree.",
        "internal fun NativeCause.toCause(): Cause =",
        "    when (this) {",
        *(
            f"        NativeCause.{cause['c_name'].removeprefix('SHARPAPI_CAUSE_')} -> Cause.{name}"
            for cause, name in zip(causes, names)
        ),
        "    }",
        "",
    ]
    return "\n".join(lines)


def vocabulary_file(vocabulary: dict) -> str:
    version = vocabulary["version"]
    if not VERSION.match(version):
        fail(f"version {version!r} is not MAJOR.MINOR.PATCH")
    lines = [
        HEADER,
        "",
        "package com.sharpapi.webhooks",
        "",
        "/** This package's version; the native library it loads must report the same. */",
        f"internal const val PACKAGE_VERSION: String = {kotlin_string(version)}",
        "",
        "/** The project's permanent error codes, the same in every language; WebhookException.code. */",
        "internal object ErrorCodes {",
    ]
    for error in vocabulary["errors"]:
        identifier(error["name"])
        if not C_NAME.match(error["c_name"]) or not isinstance(error["code"], int):
            fail(f"error {error!r} has no usable c_name or code")
        lines += kdoc(f"{error['name']}: {error['description']}", "    ")
        lines.append(f"    const val {error['c_name'].removeprefix('SHARPAPI_')}: Int = {error['code']}")
        lines.append("")
    lines[-1] = "}"
    default_type = next(t for t in vocabulary["job_types"] if t["wire"] == "content_translate")
    lines += ["", *protocol_object(vocabulary), "",
              "/** A test delivery's type unless given: a translation, the commonest job. */",
              f"internal val TEST_DELIVERY_TYPE: JobType get() = JobType.{default_type['name']}", ""]
    return "\n".join(lines)


def protocol_object(vocabulary: dict) -> list[str]:
    limit = vocabulary["default_max_body_bytes"]
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit < 2**63:
        fail(f"default_max_body_bytes {limit!r} is not a positive Long")
    mebibytes = f" ({limit // 2**20} MiB)" if limit % 2**20 == 0 else ""
    return [
        *kdoc(
            "What SharpAPI's deliveries look like on the wire, for framework integrations and test "
            "tools; the values are the core's.",
            "",
        ),
        "object WebhookProtocol {",
        *kdoc("The header that carries the signature; any ASCII case matches.", "    "),
        f"    const val SIGNATURE_HEADER: String = {kotlin_string(vocabulary['signature_header'])}",
        "",
        *kdoc("The `User-Agent` SharpAPI sends its deliveries with.", "    "),
        f"    const val USER_AGENT: String = {kotlin_string(vocabulary['user_agent'])}",
        "",
        *kdoc(
            f"The body limit in bytes{mebibytes} that the framework integrations apply unless "
            "configured otherwise: a larger body is answered 413 without being verified.",
            "    ",
        ),
        f"    const val DEFAULT_MAX_BODY_BYTES: Long = {limit}L",
        "}",
    ]


def outputs(vocabulary: dict) -> dict[Path, str]:
    pom = POM.read_text(encoding="utf-8")
    if len(POM_VERSION.findall(pom)) != 1:
        fail(f"{POM} has no single <artifactId>sharpapi-webhooks</artifactId> followed by <version>")
    return {
        SOURCES / "JobStatus.kt": wire_class(
            "JobStatus",
            "status",
            vocabulary["job_statuses"],
            "Where the job stands: [Success] or [Failed] once it finished. [value] is the text exactly "
            "as sent; a status this version does not know is kept as [Other], never refused.",
        ),
        SOURCES / "JobType.kt": wire_class(
            "JobType",
            "type",
            vocabulary["job_types"],
            "Which SharpAPI endpoint ran the job (the JSON member `\"type\"`). [value] is the text "
            "exactly as sent; a type this version does not know is kept as [Other], never refused.",
        ),
        SOURCES / "Vocabulary.kt": vocabulary_file(vocabulary),
        SOURCES / "Cause.kt": cause_file(vocabulary["explain_causes"]),
        POM: POM_VERSION.sub(lambda match: match[1] + vocabulary["version"] + match[3], pom),
        **{path: with_version(path, PARENT_VERSION, vocabulary["version"]) for path in INTEGRATION_POMS},
        **{path: with_version(path, INTEGRATION_VERSION, vocabulary["version"]) for path in EXAMPLE_POMS},
    }


def with_version(path: Path, pattern: re.Pattern[str], version: str) -> str:
    """The pom at path with the one <version> that pattern finds, right after an <artifactId>, set."""
    pom = path.read_text(encoding="utf-8")
    if len(pattern.findall(pom)) != 1:
        fail(f"{path} has not exactly one <version> matching {pattern.pattern}")
    return pattern.sub(lambda match: match[1] + version + match[3], pom)


def main(arguments: list[str]) -> int:
    if arguments not in ([], ["--check"]):
        print(__doc__, file=sys.stderr)
        return 2
    vocabulary = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    stale = []
    for path, text in outputs(vocabulary).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if arguments:
            stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"generate_vocabulary: wrote {path.relative_to(KOTLIN.parent.parent)}")
    for path in stale:
        print(
            f"generate_vocabulary: {path.relative_to(KOTLIN.parent.parent)} is stale; "
            "run bindings/kotlin/generate_vocabulary.py",
            file=sys.stderr,
        )
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
