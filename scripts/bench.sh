#!/usr/bin/env bash
# The benchmarks, each printing our time as a ratio of a peer's measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cargo bench --locked -p sharpapi-webhooks --bench verify "$@"
