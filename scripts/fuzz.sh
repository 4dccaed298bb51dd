#!/usr/bin/env bash
# A long fuzz run of one target: scripts/fuzz.sh TARGET [SECONDS] [-- LIBFUZZER_ARGS...]
# TARGET is parse, verify, headers or c_abi (tests/fuzz/fuzz_targets/); SECONDS defaults to 3600.
# FUZZ_SANITIZER=address (the default) or none: without AddressSanitizer a target runs about 20x
# faster, with it an out-of-bounds read in the C ABI is caught. Each sanitizer builds in its own
# target directory. The corpus grows in tests/fuzz/corpus/TARGET (not committed; seeded from
# tests/vectors); a failing input lands in tests/fuzz/artifacts/TARGET/ and belongs, once
# understood, in tests/fuzz/regressions/TARGET/, which every run replays first.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned; installed once into the project's target directory.
CARGO_FUZZ_VERSION=0.13.1
tools=$PWD/target/tools/cargo-fuzz
if [ "$(cat "$tools/.version" 2>/dev/null)" != "$CARGO_FUZZ_VERSION" ]; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION into $tools" >&2
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" --root "$tools" --quiet
  echo "$CARGO_FUZZ_VERSION" >"$tools/.version"
fi
export PATH=$tools/bin:$PATH
rustup run nightly rustc --version >/dev/null 2>&1 || {
  echo "fuzz: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
  exit 1
}

targets=(parse verify headers c_abi)
sanitizer=${FUZZ_SANITIZER:-address}
fuzz_dir=tests/fuzz
target_dir=$fuzz_dir/target/$sanitizer

# fuzz_build: builds every target (release, with debug assertions and overflow checks), after
# checking that tests/fuzz/Cargo.lock needs no change (cargo fuzz has no --locked of its own).
fuzz_build() {
  cargo +nightly metadata --manifest-path "$fuzz_dir/Cargo.toml" --locked --format-version 1 >/dev/null
  cargo +nightly fuzz build --fuzz-dir "$fuzz_dir" --sanitizer "$sanitizer" \
    --debug-assertions --target-dir "$target_dir"
}

# fuzz_run TARGET LIBFUZZER_ARGS...: seeds, then runs TARGET over its corpus and its regressions.
fuzz_run() {
  local target=$1
  shift
  mkdir -p "$fuzz_dir/corpus/$target" "$fuzz_dir/regressions/$target" "$fuzz_dir/artifacts/$target"
  cargo +nightly fuzz run --fuzz-dir "$fuzz_dir" --sanitizer "$sanitizer" --debug-assertions \
    --target-dir "$target_dir" \
    "$target" "$fuzz_dir/corpus/$target" "$fuzz_dir/regressions/$target" -- \
    -artifact_prefix="$fuzz_dir/artifacts/$target/" -print_final_stats=1 "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS] [-- LIBFUZZER_ARGS...] (TARGET: ${targets[*]})}
  shift
  seconds=3600
  if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    seconds=$1
    shift
  fi
  [ "${1:-}" != "--" ] || shift
  [[ " ${targets[*]} " == *" $target "* ]] || { echo "fuzz: no target $target" >&2; exit 2; }
  python3 "$fuzz_dir/seeds.py"
  fuzz_build
  fuzz_run "$target" -max_total_time="$seconds" "$@"
fi
