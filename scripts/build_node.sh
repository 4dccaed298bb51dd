#!/usr/bin/env bash
# Builds the Node.js package (bindings/node) as users install it: one package that carries the
# native library of every platform the project builds (bindings/node/lib/platform.js lists them:
# linux-x64, linux-arm64, linux-musl-x64, linux-musl-arm64, osx-x64, osx-arm64, win-x64), which
# it loads by process.platform, process.arch and, on Linux, the C library, and the core compiled
# to WebAssembly, which runs everywhere else (Deno, Bun, workerd, edge functions, browsers, and
# Node.js on any other platform).
#
# scripts/build_targets.sh builds (or, when they are current, only checks: cargo rebuilds
# nothing) every platform's library into target/dist/<rid>/; with SHARPAPI_WEBHOOKS_DIST_BUILT=1
# (a release that ran it just before) the libraries in target/dist are taken as they are. Each
# is copied into the package's prebuilds/<rid>/, then `npm pack` writes target/node/, which
# afterwards holds this build's tarball, sharpapi-webhooks-<version>.tgz, and no other, and
# bindings/node/check_platforms.js lists the platforms inside it, failing if one is missing or
# built for another system. bindings/wasm/build.sh writes the package's wasm/ (the .wasm,
# wasm-bindgen's JavaScript for it, the bytes as base64) and prints the module's size. Prints the
# tarball's path (the listing goes to stderr).
# `npm install "$SHARPAPI_WEBHOOKS_REPO"/target/node/sharpapi-webhooks-0.2.0.tgz`
# (bindings/node/README.md) installs it. Needs Rust (cargo, rustup), Python 3 (for zig, from
# PyPI) and npm; installs nothing into bindings/node/node_modules, which packing does not use
# (wasm-bindgen-cli and binaryen go into target/tools/).
set -euo pipefail
cd "$(dirname "$0")/.."
node_dir=bindings/node
out=target/node
dist=target/dist

# "rid file" per line, from the package's own table.
platforms=$(node -e '
  for (const p of require("./bindings/node/lib/platform").PLATFORMS) console.log(p.rid, p.file);')
mapfile -t rids < <(cut -d' ' -f1 <<<"$platforms")
if [ "${SHARPAPI_WEBHOOKS_DIST_BUILT:-}" != 1 ]; then
  scripts/build_targets.sh "${rids[@]}" >&2
fi

rm -rf "$node_dir/prebuilds"
while read -r rid file; do
  [ -f "$dist/$rid/$file" ] || { echo "build_node: $dist/$rid/$file is missing: run scripts/build_targets.sh $rid" >&2; exit 1; }
  install -D -m 755 "$dist/$rid/$file" "$node_dir/prebuilds/$rid/$file"
done <<<"$platforms"

bindings/wasm/build.sh "$node_dir/wasm" >&2

mkdir -p "$out"
rm -f "$out"/sharpapi-webhooks-*.tgz
(cd "$node_dir" && npm pack --silent --pack-destination "../../$out" >/dev/null)
tarballs=("$out"/sharpapi-webhooks-*.tgz)
if [ "${#tarballs[@]}" != 1 ] || [ ! -f "${tarballs[0]}" ]; then
  echo "build_node: expected one tarball in $out, found: ${tarballs[*]}" >&2
  exit 1
fi
node "$node_dir/check_platforms.js" "${tarballs[0]}" >&2
echo "$PWD/${tarballs[0]}"
