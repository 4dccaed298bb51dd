#!/usr/bin/env bash
# Every benchmark, each printing our time as a ratio of a peer's measured in the same run: the
# core vs OpenSSL, the C ABI vs the core, then each language binding vs its platform's own path.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
for language in $(scripts/binding.sh list); do
  printf '\n== bench: %s\n' "$language"
  scripts/binding.sh "$language" bench
done
