#!/usr/bin/env bash
# Sets up a fresh machine, builds everything, and verifies a sample delivery end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cargo build --release --locked --workspace --exclude uniffi-bindgen

# The C library, installed into a prefix inside target/, and the C example built against it.
prefix=$PWD/target/c-prefix
PREFIX=$prefix scripts/install_c.sh
# shellcheck disable=SC2046
gcc -std=c11 -Wall -Wextra -Werror bindings/c/examples/verify_delivery.c \
  $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs sharpapi_webhooks) \
  -Wl,-rpath,"$prefix/lib" -o target/c-prefix/verify_delivery

# The Python wheel, installed in a fresh virtual environment.
wheel=$(scripts/build_python.sh)
rm -rf target/python/venv-demo
python3 -m venv target/python/venv-demo
target/python/venv-demo/bin/pip install -q "$wheel"
printf '#!/bin/sh\ncd "%s/bindings/python" && exec "%s/target/python/venv-demo/bin/python" -m examples.verify_delivery "$@"\n' \
  "$PWD" "$PWD" > target/python/verify_delivery
chmod +x target/python/verify_delivery

scripts/demo.sh                                  # the Rust example, over the core
scripts/demo.sh target/c-prefix/verify_delivery  # the C example, over the installed library
scripts/demo.sh target/python/verify_delivery    # the Python example, over the wheel
