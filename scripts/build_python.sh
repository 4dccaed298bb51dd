#!/usr/bin/env bash
# Builds the Python wheel (bindings/python) with maturin into target/wheels/, and prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/python/build-venv
[ -x "$venv/bin/maturin" ] || { python3 -m venv --clear "$venv" && "$venv/bin/pip" install -q maturin==1.16.0; }
rm -f target/wheels/sharpapi_webhooks-*.whl
(cd bindings/python && "../../$venv/bin/maturin" build --release --locked -o ../../target/wheels >&2)
ls target/wheels/sharpapi_webhooks-*.whl
