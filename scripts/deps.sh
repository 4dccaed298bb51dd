#!/usr/bin/env bash
# Installs what the build and the tests need and a fresh machine may lack. Idempotent and quick
# when everything is there; installs from Debian's packages (as root) only what is missing.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
need openssl openssl          # cross-checks the vectors
need pkg-config pkg-config    # finds libssl for the benchmark
need /usr/include/openssl/hmac.h libssl-dev  # OpenSSL, the benchmark's peer
need python3 python3          # writes and checks the vectors
need gcc gcc libc6-dev         # the C tests, with ASan and UBSan
need valgrind valgrind        # the C tests, for errors and leaks
need cmake cmake make         # the C library's CMake package
install_needed build

# The Rust toolchain comes with the machine (rustup's servers are not reachable from here), so a
# missing one is an error rather than something to install.
for tool in cargo rustfmt cargo-clippy; do
  command -v "$tool" >/dev/null || { echo "deps: $tool not found; install the Rust toolchain with rustfmt and clippy" >&2; exit 1; }
done
