#!/usr/bin/env bash
# The Node.js benchmark: Verifier#constructEvent at 1 KiB and 64 KiB through both engines, the
# C ABI (Koffi) and the WebAssembly module, against node:crypto's createHmac + timingSafeEqual +
# JSON.parse, in one run, printed as ratios. Builds the package (scripts/build_node.sh: every
# platform's native library into its prebuilds/, this machine's being the one timed, and the
# WebAssembly module into its wasm/) and installs its dependencies from the lock when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

node_dir=bindings/node
scripts/build_node.sh >/dev/null
[ -d "$node_dir/node_modules/koffi" ] || (cd "$node_dir" && npm ci --no-audit --no-fund)
cd "$node_dir" && node bench/construct_event.js
