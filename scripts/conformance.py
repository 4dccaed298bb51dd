#!/usr/bin/env python3
"""The conformance report: every shared vector in every language, side by side.

Each language's vector tests, run with SHARPAPI_CONFORMANCE_DIR set, write what that language
actually produced for each vector (`<language>.json`, or several `<language>.<part>.json`), in the
shape of the vectors' `expected` member. This script reads them all and prints one table, a row per
vector and a column per language, and fails when any language is missing, misses a vector, or
differs from the expected answer (and so from the others).

    python3 scripts/conformance.py DIR
    python3 scripts/conformance.py --report LANGUAGE FILE   # one report alone: every vector, as
                                                             # expected (a language's own check)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# "node-wasm" is the Node.js package's WebAssembly engine, a column of its own: the same package
# with the core compiled to WebAssembly instead of the native library.
LANGUAGES = ["rust", "c", "python", "kotlin", "swift", "dotnet", "node", "node-wasm", "php"]
MEMBERS = ["sign", "verify", "construct_event", "parse_event_unverified"]


def load_vectors() -> dict[str, dict[str, Any]]:
    vectors: dict[str, dict[str, Any]] = {}
    for path in sorted((ROOT / "tests" / "vectors").glob("*.json")):
        for vector in json.loads(path.read_text(encoding="utf-8"))["vectors"]:
            vectors[vector["name"]] = vector["expected"]
    return vectors


def load_language(folder: Path, language: str) -> dict[str, Any] | None:
    paths = [folder / f"{language}.json", *sorted(folder.glob(f"{language}.*.json"))]
    outcomes: dict[str, Any] = {}
    found = False
    for path in paths:
        if not path.exists():
            continue
        found = True
        report = json.loads(path.read_text(encoding="utf-8"))
        if report.get("language") != language:
            raise SystemExit(f"conformance: {path} says it is {report.get('language')!r}")
        outcomes.update(report["outcomes"])
    return outcomes if found else None


def short(outcome: Any) -> str:
    """A cell of the table: what an outcome was, in a few characters."""
    if isinstance(outcome, dict) and "error" in outcome:
        return outcome["error"]
    if isinstance(outcome, dict) and "event" in outcome:
        return "event"
    return json.dumps(outcome)[:40]


def check_report(language: str, path: Path) -> int:
    """Checks one language's report on its own: it names LANGUAGE and holds every vector's
    expected outcome, nothing more."""
    report = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    if report.get("language") != language:
        problems.append(f"the report says it is {report.get('language')!r}, not {language!r}")
    vectors = load_vectors()
    outcomes = report["outcomes"]
    for name, expected in vectors.items():
        if outcomes.get(name) != expected:
            problems.append(f"{name}: expected {expected}, reported {outcomes.get(name)}")
    if len(outcomes) != len(vectors):
        problems.append(f"{len(outcomes)} outcomes for {len(vectors)} vectors")
    print("\n".join(problems[:20]) or f"{path}: {len(vectors)} vectors, each as expected")
    return 1 if problems else 0


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--report":
        return check_report(sys.argv[2], Path(sys.argv[3]))
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    vectors = load_vectors()
    reports = {language: load_language(folder, language) for language in LANGUAGES}

    problems: list[str] = []
    for language, outcomes in reports.items():
        if outcomes is None:
            problems.append(f"{language}: no report in {folder} (did its vector tests run?)")
    width = max(len(name) for name in vectors)
    columns = {language: max(6, len(language)) for language in LANGUAGES}
    header = f"{'vector':<{width}}  " + " ".join(
        f"{language:>{columns[language]}}" for language in LANGUAGES)
    rows = [header, "-" * len(header)]
    agreeing = 0
    for name, expected in vectors.items():
        cells = []
        row_ok = True
        for language in LANGUAGES:
            outcomes = reports[language]
            column = columns[language]
            if outcomes is None:
                cells.append(f"{'-':>{column}}")
                row_ok = False
                continue
            actual = outcomes.get(name)
            if actual is None:
                problems.append(f"{language}: did not run {name}")
                cells.append(f"{'MISS':>{column}}")
                row_ok = False
                continue
            differing = [member for member in MEMBERS
                         if member in expected and actual.get(member) != expected[member]]
            differing += [member for member in actual if member not in expected]
            if differing:
                row_ok = False
                cells.append(f"{'DIFF':>{column}}")
                for member in differing:
                    problems.append(
                        f"{language}: {name}: {member}: expected "
                        f"{short(expected.get(member))}, got {short(actual.get(member))}"
                        f" ({json.dumps(actual.get(member))[:200]})")
            else:
                cells.append(f"{'ok':>{column}}")
        agreeing += row_ok
        rows.append(f"{name:<{width}}  " + " ".join(cells))

    print("\n".join(rows))
    print()
    for problem in problems:
        print(f"FAIL {problem}")
    present = sum(outcomes is not None for outcomes in reports.values())
    print(f"conformance: {len(vectors)} vectors x {present} of {len(LANGUAGES)} languages; "
          f"{agreeing} vectors identical in every language")
    print(f"conformance: {agreeing} passed, {len(vectors) - agreeing} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
