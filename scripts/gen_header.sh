#!/usr/bin/env bash
# Writes bindings/c/include/sharpapi_webhooks.h with the cbindgen pinned in Cargo.lock (the same
# generation that the header test compares against).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARPAPI_WRITE_HEADER=1 cargo test --locked -q -p sharpapi-webhooks-ffi --test header the_committed_header_is_fresh
