#!/usr/bin/env bash
# Every package with every platform inside, from a clean checkout, then the list of each
# package's platforms (scripts/list_platforms.py fails on any gap): the native library for every
# platform (scripts/build_targets.sh), then `scripts/binding.sh LANGUAGE build` for each package.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build_targets.sh
for language in c python kotlin swift dotnet node php; do
  printf '\n== build: %s\n' "$language"
  scripts/binding.sh "$language" deps
  scripts/binding.sh "$language" build >/dev/null
done
printf '\n== every package'"'"'s platforms\n'
python3 scripts/list_platforms.py
