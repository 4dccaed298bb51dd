#!/usr/bin/env bash
# Usage: cli/build_wheel.sh
#
# Builds the command-line tool's wheel (cli/pyproject.toml: maturin, bindings = "bin") for this
# machine into target/cli/wheels/ and prints its path, so `pip install "$(cli/build_wheel.sh)"`
# installs it. maturin comes from PyPI at the version pinned here and in cli/pyproject.toml,
# in a venv under target/ that is made again when the pin changes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

venv=target/cli/maturin-venv
pins="maturin==1.16.0"
grep -q "\"$pins\"" cli/pyproject.toml || { echo "build_wheel: cli/pyproject.toml does not pin $pins" >&2; exit 1; }
if [ "$(cat "$venv/pins" 2>/dev/null)" != "$pins" ]; then
  python3 -m venv --clear "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q --disable-pip-version-check $pins >&2
  echo "$pins" > "$venv/pins"
fi

out=target/cli/wheels
rm -rf "$out"
mkdir -p "$out"
"$root/$venv/bin/maturin" build --release --locked --quiet -m cli/Cargo.toml --out "$out" >&2
wheel=$(find "$out" -name 'sharpapi_webhooks_cli-*.whl' | head -n 1)
[ -n "$wheel" ] || { echo "build_wheel: maturin left no wheel in $out" >&2; exit 1; }
echo "$root/$wheel"
