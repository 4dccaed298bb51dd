#!/usr/bin/env bash
# The Node.js benchmark: Verifier#constructEvent at 1 KiB through the C ABI (Koffi) against
# node:crypto's createHmac + timingSafeEqual + JSON.parse, in one run, printed as a ratio. Builds
# the native library into the package and installs its dependencies from the lock when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

node_dir=bindings/node
cargo build --release --locked -p sharpapi-webhooks-ffi
install -D -m 755 target/release/libsharpapi_webhooks_ffi.so "$node_dir/prebuilds/linux-x64/libsharpapi_webhooks.so"
[ -d "$node_dir/node_modules/koffi" ] || (cd "$node_dir" && npm ci --no-audit --no-fund)
cd "$node_dir" && node bench/construct_event.js
