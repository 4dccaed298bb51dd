#!/usr/bin/env bash
# Builds the Python wheel (bindings/python) with maturin into target/python/wheels/, and prints its
# path. That folder holds this build's wheel and nothing else: it is emptied first, and the wheel
# has one platform tag (on Linux x86-64 manylinux_2_34, which maturin's auditwheel check confirms
# against the symbols the native library needs), so `pip install target/python/wheels/*.whl`
# always names one wheel. (Not target/wheels: maturin's PEP 517 backend, which
# `pip install ./bindings/python` runs, leaves a second wheel of the same version there, tagged
# linux_x86_64, and pip refuses the pair with ResolutionImpossible.)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/python/build-venv
out=target/python/wheels
[ -x "$venv/bin/maturin" ] || { python3 -m venv --clear "$venv" && "$venv/bin/pip" install -q maturin==1.16.0; }
rm -rf "$out"
mkdir -p "$out"
rm -f target/wheels/sharpapi_webhooks-*.whl  # where this script used to write; stale by now
compatibility=()
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) compatibility=(--compatibility manylinux_2_34) ;;
esac
(cd bindings/python && "../../$venv/bin/maturin" build --release --locked \
  ${compatibility[@]+"${compatibility[@]}"} -o "../../$out" >&2)
wheels=("$out"/sharpapi_webhooks-*.whl)
if [ "${#wheels[@]}" != 1 ] || [ ! -f "${wheels[0]}" ]; then
  echo "build_python: expected one wheel in $out, found: ${wheels[*]}" >&2
  exit 1
fi
echo "${wheels[0]}"
