#!/usr/bin/env bash
# Writes every generated file from its one source, the core: the C ABI's vocabulary and
# bindings/vocabulary.json (bindings/ffi/tests/vocabulary.rs), then the C header (cbindgen, pinned
# in Cargo.lock), then each language package's own tables from bindings/vocabulary.json. The test
# command runs the same generators in check mode and fails on any drift. Run it after adding a job
# status or type to core/src/event.rs, and commit what it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
# Twice: the first run rewrites src/vocabulary.rs, which the second compiles and checks.
SHARPAPI_WRITE_GENERATED=1 cargo test --locked -q -p sharpapi-webhooks-ffi --test vocabulary >/dev/null || true
SHARPAPI_WRITE_GENERATED=1 cargo test --locked -q -p sharpapi-webhooks-ffi --test vocabulary
SHARPAPI_WRITE_HEADER=1 cargo test --locked -q -p sharpapi-webhooks-ffi --test header the_committed_header_is_fresh
for generator in bindings/*/generate_vocabulary.*; do
  [ -e "$generator" ] || continue
  echo "generate: $generator"
  case "$generator" in
    *.py) python3 "$generator" ;;
    *.js) node "$generator" ;;
    *.php) php "$generator" ;;
    *) "$generator" ;;
  esac
done
