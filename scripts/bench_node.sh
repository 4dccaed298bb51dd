#!/usr/bin/env bash
# The Node.js benchmark: Verifier#constructEvent at 1 KiB through the C ABI (Koffi) against
# node:crypto's createHmac + timingSafeEqual + JSON.parse, in one run, printed as a ratio. Builds
# the package's native libraries (scripts/build_node.sh: every platform's, into its prebuilds/;
# this machine's is the one timed) and installs its dependencies from the lock when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

node_dir=bindings/node
scripts/build_node.sh >/dev/null
[ -d "$node_dir/node_modules/koffi" ] || (cd "$node_dir" && npm ci --no-audit --no-fund)
cd "$node_dir" && node bench/construct_event.js
