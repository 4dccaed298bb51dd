#!/usr/bin/env bash
# Every check and every test of every language; what CI runs. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

step() { printf '\n== %s\n' "$*"; }

step "shared vectors are fresh, and openssl agrees with every expected signature"
python3 scripts/gen_vectors.py --check

step "Rust: format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "Rust: unit, vector, property and doc tests"
cargo test --workspace --locked
step "Rust: each benchmark runs once"
cargo test --locked -p sharpapi-webhooks --bench verify --quiet

step "end to end: a sample delivery"
scripts/demo.sh
