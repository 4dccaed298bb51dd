#!/usr/bin/env bash
# The PHP benchmark: Verifier::verify at 1 KiB through FFI against hash_hmac + hash_equals (and
# constructEvent against the same plus json_decode), in one run, printed as ratios. Installs PHP
# when missing; builds the native library into target/php/native, as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=$PWD/target/php/native
bindings/php/deps.sh
PREFIX=$prefix scripts/install_c.sh >/dev/null
SHARPAPI_WEBHOOKS_LIBRARY=$prefix/lib/libsharpapi_webhooks.so php bindings/php/bench/verify.php
