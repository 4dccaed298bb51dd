#!/usr/bin/env bash
# Usage: bindings/wasm/build.sh [OUT_DIR]
#
# Builds the core as WebAssembly (the crate sharpapi-webhooks-wasm, bindings/wasm) and writes
# into OUT_DIR (default bindings/node/wasm, the npm package's, which scripts/build_node.sh fills)
# what the JavaScript engines load:
#
#   sharpapi_webhooks_wasm_bg.wasm       the module
#   sharpapi_webhooks_wasm.mjs           wasm-bindgen's JavaScript for it, --target web: an ES module
#                                        with no import of its own, instantiated synchronously by
#                                        initSync from a compiled WebAssembly.Module or the bytes,
#                                        so that each runtime hands it the module the way it allows
#                                        (workerd and Vercel's edge refuse to compile bytes at run
#                                        time: they import the .wasm; Deno, Bun and browsers compile
#                                        the bytes below; nothing reads a file)
#   sharpapi_webhooks_wasm.cjs           the same for Node.js's require(), --target nodejs:
#                                        CommonJS, which reads the .wasm beside it with fs
#   sharpapi_webhooks_wasm_base64.mjs    the module's bytes as base64 text, for the runtimes that
#                                        compile bytes and have no file to read
#
# Both targets come from one run of wasm-bindgen over one build, and emit the same .wasm (checked
# here), so the package carries it once. wasm-bindgen-cli must be the very version of the
# wasm-bindgen crate in Cargo.lock: this script installs that one into target/tools/ when it is
# missing (`cargo install --locked`). The build uses the `wasm` profile of the root Cargo.toml and
# SHA-256's WebAssembly SIMD code (sha2's simd128 backend, `-C target-feature=+simd128`: every
# runtime the package names runs SIMD: Node.js 16.4+, Deno, Bun, workerd, current browsers); then
# binaryen's wasm-opt -O3 (the npm package binaryen, pinned, installed into target/tools/) makes
# the module 15% smaller and a little faster (its output kept in target/wasm-opt-cache/ under the
# input's hash, so an unchanged module is optimised once), and is skipped, saying so, when npm
# cannot install it. Prints the module's size, raw and gzipped, on stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-bindings/node/wasm}
target=wasm32-unknown-unknown
crate=sharpapi_webhooks_wasm
binaryen_version=132.0.0

rustup target list --installed | grep -qx "$target" || rustup target add "$target" >&2

# The wasm-bindgen crate's version, as Cargo.lock pins it.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
[ -n "$version" ] || { echo "build_wasm: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
tools=target/tools/wasm-bindgen-$version
bindgen=$tools/bin/wasm-bindgen
if [ "$("$bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  echo "build_wasm: installing wasm-bindgen-cli $version into $tools" >&2
  # Without default features: they are TLS for wasm-bindgen-test-runner's downloads, unused here.
  if ! cargo install --locked --no-default-features --root "$tools" wasm-bindgen-cli \
    --version "=$version" >&2; then
    # A registry mirror may lack a version that the tool's own lock names (webpki-roots 1.0.11 at
    # 0.2.130); then its dependencies resolve afresh. wasm-bindgen's own crates stay pinned
    # exactly (=$version) by wasm-bindgen-cli itself, and they write the output.
    echo "build_wasm: cargo install --locked failed; installing with fresh dependencies" >&2
    cargo install --no-default-features --root "$tools" wasm-bindgen-cli --version "=$version" >&2
  fi
fi

CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128" \
  cargo build --locked --profile wasm --target "$target" -p sharpapi-webhooks-wasm >&2

built=target/$target/wasm/$crate.wasm
work=target/wasm-bindgen
rm -rf "$work"
"$bindgen" --target web --no-typescript --out-dir "$work/web" "$built"
"$bindgen" --target nodejs --no-typescript --out-dir "$work/nodejs" "$built"
cmp "$work/web/${crate}_bg.wasm" "$work/nodejs/${crate}_bg.wasm" \
  || { echo "build_wasm: the web and nodejs targets emitted different modules" >&2; exit 1; }

binaryen=target/tools/binaryen-$binaryen_version
wasm_opt=$binaryen/node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  npm install --prefix "$binaryen" --no-save --no-audit --no-fund "binaryen@$binaryen_version" >&2 \
    || echo "build_wasm: npm could not install binaryen $binaryen_version: the module is not optimised by wasm-opt" >&2
fi
module=$work/web/${crate}_bg.wasm
if [ -x "$wasm_opt" ]; then
  # The features are read from the module's target_features section, then that section goes.
  wasm_opt_flags=(-O3 --strip-producers --strip-target-features)
  # wasm-opt (binaryen's JavaScript build) takes ~10 s, and its output depends only on its input,
  # its version and its flags: kept under that key, so an unchanged module is not optimised twice
  # (scripts/test_node.sh builds the package, then its README's install builds it again). One
  # entry is kept, the last.
  cache=target/wasm-opt-cache
  key=$( { sha256sum <"$module"; echo "$binaryen_version ${wasm_opt_flags[*]}"; } \
    | sha256sum | cut -c1-64)
  if [ ! -f "$cache/$key.wasm" ]; then
    rm -rf "$cache" && mkdir -p "$cache"
    "$wasm_opt" "${wasm_opt_flags[@]}" "$module" -o "$cache/$key.wasm.partial"
    mv "$cache/$key.wasm.partial" "$cache/$key.wasm"
  fi
  cp "$cache/$key.wasm" "$work/${crate}_bg.wasm"
  module=$work/${crate}_bg.wasm
fi

rm -rf "$out"
mkdir -p "$out"
cp "$module" "$out/${crate}_bg.wasm"
# .mjs and .cjs: the npm package is CommonJS, so each file's kind must show in its name.
cp "$work/web/$crate.js" "$out/$crate.mjs"
cp "$work/nodejs/$crate.js" "$out/$crate.cjs"
{
  echo "// Generated by bindings/wasm/build.sh: ${crate}_bg.wasm as base64; do not edit."
  printf "export default '%s';\n" "$(base64 -w0 "$out/${crate}_bg.wasm")"
} >"$out/${crate}_base64.mjs"

raw=$(wc -c <"$out/${crate}_bg.wasm")
gzipped=$(gzip -9 -c "$out/${crate}_bg.wasm" | wc -c)
optimised=$([ -x "$wasm_opt" ] && echo ", wasm-opt $binaryen_version" || echo ", not optimised")
echo "build_wasm: $out/${crate}_bg.wasm: $raw bytes, $gzipped gzipped (wasm-bindgen $version$optimised)" >&2
