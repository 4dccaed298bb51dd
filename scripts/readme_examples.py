#!/usr/bin/env python3
"""Runs a README's examples exactly as written, in a clean temporary project.

Every fenced code block of a README is preceded by a marker that says what it is, as an HTML comment
(invisible where the README is rendered):

    <!-- example: install -->      shell commands that install the package; appended to install.sh
    <!-- example: file PATH -->    a source file of the example project, written to PATH
    <!-- example: run -->          shell commands that build and run the example; appended to run.sh
    <!-- example: output -->       what run.sh prints (its lines must appear, in order, in the output)
    <!-- example: skip REASON -->  not run, and the README says why nearby (e.g. a registry command
                                   for a package that is not published yet)

A block without a marker is an error: nothing in a README is untested by accident. `run` makes an
empty folder, writes the files, then runs install.sh and run.sh there with `bash -euo pipefail`.
The environment carries SHARPAPI_WEBHOOKS_REPO, the repository's root, which the READMEs' install
commands name for the built artifacts until the packages are published. `--mutate` then proves
the examples run at all: it misspells `Verifier` (or, failing that, breaks the first line) in each
`file` block in turn and expects the run to fail: first run.sh alone in the installed project,
where a failure counts only if its output names the typo, else install and run in a fresh one.

    python3 scripts/readme_examples.py run bindings/python/README.md [--mutate] [--keep DIR]
    python3 scripts/readme_examples.py list README.md
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^<!--\s*example:\s*(install|file|run|output|skip)\b\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")


@dataclass
class Block:
    kind: str
    argument: str
    text: str
    line: int


def parse(readme: Path) -> list[Block]:
    lines = readme.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    pending: tuple[str, str, int] | None = None
    index = 0
    problems: list[str] = []
    while index < len(lines):
        line = lines[index]
        marker = MARKER.match(line)
        if marker:
            if pending:
                problems.append(f"{readme}:{pending[2]}: a marker with no code block after it")
            pending = (marker.group(1), marker.group(2), index + 1)
            index += 1
            continue
        fence = FENCE.match(line)
        if fence:
            indent, ticks, _info = fence.groups()
            body: list[str] = []
            index += 1
            while index < len(lines) and not lines[index].strip().startswith(ticks):
                body.append(lines[index][len(indent):] if lines[index].startswith(indent) else lines[index])
                index += 1
            index += 1  # the closing fence
            if pending is None:
                problems.append(f"{readme}:{index - len(body) - 1}: a code block without an "
                                "`<!-- example: ... -->` marker")
            else:
                kind, argument, marker_line = pending
                if kind == "file" and not argument:
                    problems.append(f"{readme}:{marker_line}: `file` needs a path")
                if kind == "skip" and not argument:
                    problems.append(f"{readme}:{marker_line}: `skip` needs a reason")
                blocks.append(Block(kind, argument, "\n".join(body) + "\n", marker_line))
            pending = None
            continue
        if line.strip() and pending:
            problems.append(f"{readme}:{pending[2]}: the marker is not right before a code block")
            pending = None
        index += 1
    if problems:
        raise SystemExit("\n".join(problems))
    return blocks


def lay_out(blocks: list[Block], folder: Path) -> None:
    install = [b.text for b in blocks if b.kind == "install"]
    run = [b.text for b in blocks if b.kind == "run"]
    if not run:
        raise SystemExit("the README has no `run` block: nothing would be executed")
    (folder / "install.sh").write_text("".join(install), encoding="utf-8")
    (folder / "run.sh").write_text("".join(run), encoding="utf-8")
    for block in blocks:
        if block.kind == "file":
            target = folder / block.argument
            if folder.resolve() not in target.resolve().parents:
                raise SystemExit(f"line {block.line}: {block.argument} leaves the project")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")


def execute(
    folder: Path, quiet: bool = False, scripts: tuple[str, ...] = ("install.sh", "run.sh")
) -> tuple[bool, str]:
    environment = dict(os.environ, SHARPAPI_WEBHOOKS_REPO=str(ROOT))
    output = []
    for script in scripts:
        completed = subprocess.run(
            ["bash", "-euo", "pipefail", script], cwd=folder, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        output.append(f"$ bash {script}\n{completed.stdout}")
        if not quiet:
            print(output[-1], end="")
        if completed.returncode != 0:
            return False, "".join(output)
    return True, "".join(output)


def expected_output_found(blocks: list[Block], output: str) -> list[str]:
    missing = []
    position = 0
    for block in blocks:
        if block.kind != "output":
            continue
        for line in block.text.splitlines():
            if not line.strip():
                continue
            found = output.find(line.strip(), position)
            if found < 0:
                missing.append(line.strip())
            else:
                position = found + len(line.strip())
    return missing


MUTATION_TOKENS = ("Verifire", ")( typo")


def mutated(text: str) -> str:
    if "Verifier" in text:
        return text.replace("Verifier", MUTATION_TOKENS[0], 1)
    lines = text.splitlines()
    return "\n".join([lines[0] + " " + MUTATION_TOKENS[1]] + lines[1:]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run", "list"])
    parser.add_argument("readme", type=Path)
    parser.add_argument("--mutate", action="store_true",
                        help="also check that a typo in each file block makes the run fail")
    parser.add_argument("--keep", type=Path, help="run in this folder (emptied first) and keep it")
    args = parser.parse_args()
    blocks = parse(args.readme)
    if args.command == "list":
        for block in blocks:
            print(f"{args.readme}:{block.line}: {block.kind} {block.argument}")
        return 0

    name = args.readme.parent.name or "readme"
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix=f"readme-{name}-") as scratch:
        folder = args.keep or Path(scratch) / "project"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        lay_out(blocks, folder)
        ok, output = execute(folder)
        missing = expected_output_found(blocks, output) if ok else []
        if ok and not missing:
            passed += 1
        else:
            failed += 1
            for line in missing:
                print(f"readme_examples: the output lacks: {line}", file=sys.stderr)
            print(f"readme_examples: {args.readme}: the examples failed as written", file=sys.stderr)
        if args.mutate and ok:
            # Each typo is tried first in the installed project itself, with run.sh alone:
            # installing afresh for every file block cost minutes per README. A failure there counts
            # only when its output names the typo (so that it cannot come from what an earlier run
            # left behind, a store or a database); anything else is tried again in a fresh project,
            # install included, as before.
            for index, block in enumerate(blocks):
                if block.kind != "file":
                    continue
                changed = list(blocks)
                changed[index] = Block(block.kind, block.argument, mutated(block.text), block.line)
                target = folder / block.argument
                target.write_text(changed[index].text, encoding="utf-8")
                mutant_ok, mutant_output = execute(folder, quiet=True, scripts=("run.sh",))
                target.write_text(block.text, encoding="utf-8")
                typo_named = not mutant_ok and any(
                    token in mutant_output for token in MUTATION_TOKENS
                )
                if not typo_named:
                    trial = Path(scratch) / f"mutant-{index}"
                    trial.mkdir()
                    lay_out(changed, trial)
                    mutant_ok, mutant_output = execute(trial, quiet=True)
                    shutil.rmtree(trial, ignore_errors=True)
                if mutant_ok and not expected_output_found(changed, mutant_output):
                    failed += 1
                    print(f"readme_examples: a typo in {block.argument} (line {block.line}) did "
                          "not make the run fail: is the file used at all?", file=sys.stderr)
                else:
                    passed += 1
                    print(f"readme_examples: a typo in {block.argument} fails the run, as it must")
    print(f"readme {args.readme}: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
