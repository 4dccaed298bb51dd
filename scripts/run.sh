#!/usr/bin/env bash
# Sets up a fresh machine, builds everything, and verifies a sample delivery end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cargo build --workspace --release --locked
scripts/demo.sh
