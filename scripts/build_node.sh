#!/usr/bin/env bash
# Builds the Node.js package (bindings/node) as users install it: the native library built in
# release mode and copied into the package's prebuilds/linux-x64/, then `npm pack` into
# target/node/, which afterwards holds this build's tarball, sharpapi-webhooks-<version>.tgz, and no
# other; prints its path. `npm install "$SHARPAPI_WEBHOOKS_REPO"/target/node/sharpapi-webhooks-0.2.0.tgz`
# (bindings/node/README.md) installs it. Needs Rust (cargo) and npm; installs nothing into
# bindings/node/node_modules, which packing does not use.
set -euo pipefail
cd "$(dirname "$0")/.."
node_dir=bindings/node
out=target/node
cargo build --release --locked -p sharpapi-webhooks-ffi >&2
install -D -m 755 target/release/libsharpapi_webhooks_ffi.so "$node_dir/prebuilds/linux-x64/libsharpapi_webhooks.so"
mkdir -p "$out"
rm -f "$out"/sharpapi-webhooks-*.tgz
(cd "$node_dir" && npm pack --silent --pack-destination "../../$out" >/dev/null)
tarballs=("$out"/sharpapi-webhooks-*.tgz)
if [ "${#tarballs[@]}" != 1 ] || [ ! -f "${tarballs[0]}" ]; then
  echo "build_node: expected one tarball in $out, found: ${tarballs[*]}" >&2
  exit 1
fi
echo "$PWD/${tarballs[0]}"
