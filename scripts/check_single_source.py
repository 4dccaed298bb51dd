#!/usr/bin/env python3
"""Fails when a language package re-decides a rule or copies the vocabulary by hand.

Every rule lives once, in the core, and the vocabulary (job statuses and types, error codes) reaches
each package through bindings/vocabulary.json and a generator. So the packages' own source (not
their tests, examples or benchmarks, and not files marked as generated) must not hold:
- a job type's wire text or its spelling as an identifier (`content_translate`,
  `ContentTranslate`, `CONTENT_TRANSLATE`): a hand-kept table;
- a NUL check (`'\\0'`, `"\\0"`, `\\x00`, `\\u0000`, `chr(0)`): the C ABI takes lengths, and what a
  NUL means is the core's rule.

    python3 scripts/check_single_source.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["python", "kotlin", "swift", "dotnet", "node", "php"]
SOURCE_SUFFIXES = {".py", ".kt", ".swift", ".cs", ".js", ".mjs", ".ts", ".mts", ".cts", ".php"}
# Folders that hold no shipped code, and what UniFFI generates.
SKIPPED_PARTS = {"tests", "test", "Tests", "examples", "bench", "Benchmarks", "node_modules",
                 "generated", "target", "build", "packaging-check", "vendor"}
GENERATED_MARK = re.compile(r"generated (from|by)", re.IGNORECASE)
NUL_CHECK = re.compile(r"""'\\0'|"\\0"|\\x00|\\u0000|chr\(0\)|\\000""")


def identifiers(wire: str) -> list[str]:
    words = wire.split("_")
    return [wire, "".join(word.capitalize() for word in words), wire.upper()]


def main() -> int:
    vocabulary = json.loads((ROOT / "bindings" / "vocabulary.json").read_text(encoding="utf-8"))
    spellings = [spelling for job_type in vocabulary["job_types"]
                 for spelling in identifiers(job_type["wire"])]
    vocabulary_pattern = re.compile(r"\b(" + "|".join(map(re.escape, spellings)) + r")\b")
    problems: list[str] = []
    scanned = 0
    for package in PACKAGES:
        for path in sorted((ROOT / "bindings" / package).rglob("*")):
            relative = path.relative_to(ROOT)
            # The generators themselves name what they generate.
            if (path.suffix not in SOURCE_SUFFIXES or not path.is_file()
                    or SKIPPED_PARTS.intersection(relative.parts)
                    or path.stem == "generate_vocabulary"):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if GENERATED_MARK.search("\n".join(text.splitlines()[:5])):
                continue
            scanned += 1
            for number, line in enumerate(text.splitlines(), start=1):
                if vocabulary_pattern.search(line) and not line.lstrip().startswith(("//", "#", "*", "/*")):
                    problems.append(f"{relative}:{number}: a job type by hand: {line.strip()}")
                if NUL_CHECK.search(line):
                    problems.append(f"{relative}:{number}: a NUL check: {line.strip()}")
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"single source: {scanned} source files of {len(PACKAGES)} packages scanned, "
          f"{len(problems)} problems")
    return 1 if problems or scanned == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
