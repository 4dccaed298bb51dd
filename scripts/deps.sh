#!/usr/bin/env bash
# Installs what the build and the tests need and a fresh machine may lack. Idempotent and quick
# when everything is there; installs from Debian's packages (as root) only what is missing.
set -euo pipefail

missing=()
command -v openssl >/dev/null || missing+=(openssl)          # cross-checks the vectors
command -v pkg-config >/dev/null || missing+=(pkg-config)    # finds libssl for the benchmark
[ -f /usr/include/openssl/hmac.h ] || missing+=(libssl-dev)  # OpenSSL, the benchmark's peer
command -v python3 >/dev/null || missing+=(python3)          # writes and checks the vectors
command -v gcc >/dev/null || missing+=(gcc libc6-dev)         # the C tests, with ASan and UBSan
command -v valgrind >/dev/null || missing+=(valgrind)        # the C tests, for errors and leaks
command -v cmake >/dev/null || missing+=(cmake make)         # the C library's CMake package
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Rust toolchain comes with the machine (rustup's servers are not reachable from here), so a
# missing one is an error rather than something to install.
for tool in cargo rustfmt cargo-clippy; do
  command -v "$tool" >/dev/null || { echo "deps: $tool not found; install the Rust toolchain with rustfmt and clippy" >&2; exit 1; }
done
