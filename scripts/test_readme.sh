#!/usr/bin/env bash
# The top-level README and the Rust crate's README, run as written (scripts/readme_examples.py):
# the crate's quick start and its axum and actix-web handlers in a fresh Cargo project that
# depends on core/ by path, each with a typo put in to prove it runs. The language packages' READMEs
# run from their own test scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
# A fresh project each run, but the compiled dependencies (axum, actix-web, tokio) are kept.
export CARGO_TARGET_DIR=$PWD/target/readme-rust
python3 scripts/readme_examples.py list README.md >/dev/null
python3 scripts/readme_examples.py run core/README.md --mutate
