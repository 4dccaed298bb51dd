#!/usr/bin/env bash
# Every benchmark, each printing our time as a ratio of a peer's measured in the same run: the
# core vs OpenSSL and construct_event vs verify, the C ABI vs the core, then each language binding
# vs its platform's own path. Each prints its ratios as lines "ratio LANGUAGE WHAT: ours X µs,
# PEER Y µs = Rx (target <= T: meets|MISSES)"; the last section gathers them, one line each.
# scripts/bench.sh [LANGUAGE...] runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
logs=target/bench
mkdir -p "$logs"
languages=("$@")
[ "${#languages[@]}" -gt 0 ] || mapfile -t languages < <(scripts/binding.sh list)
for language in "${languages[@]}"; do
  printf '\n== bench: %s\n' "$language"
  scripts/binding.sh "$language" bench 2>&1 | tee "$logs/$language.log"
done
printf '\n== every ratio, ours over the peer measured in the same run (below 1: faster)\n'
for language in "${languages[@]}"; do
  grep -h '^ratio ' "$logs/$language.log" | sed 's/^ratio //' ||
    echo "$language: no ratio printed (its benchmark must print lines starting 'ratio ')"
done
