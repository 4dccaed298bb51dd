#!/usr/bin/env bash
# The Swift binding's cost per call of verify at 1 KiB over the core's, measured in one run:
# CryptoKit, the platform's own HMAC, is not on Linux, so the peer is the core itself, called
# through the C ABI of the same library (bindings/swift/Benchmarks/VerifyBenchmark). Runs in the
# Swift chroot that bindings/swift/swift_chroot.sh makes or reuses.
set -euo pipefail
cd "$(dirname "$0")/.."
bindings/swift/swift_chroot.sh sh -c '
  swift run --quiet -c release VerifyBenchmark
'
