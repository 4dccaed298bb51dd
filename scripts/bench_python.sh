#!/usr/bin/env bash
# The Python benchmark (scripts/bench_python.py) in the test environment's interpreter and wheel,
# made by scripts/test_python.sh when it is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/python/venv-3.11/bin/python ] || scripts/test_python.sh >/dev/null
exec target/python/venv-3.11/bin/python scripts/bench_python.py "$@"
