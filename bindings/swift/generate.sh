#!/usr/bin/env bash
# Writes what Package.swift takes from the native library into generated/: the UniFFI Swift
# sources, header and module map (by the pinned uniffi-bindgen, with the top-level uniffi.toml),
# and the library of each Linux architecture the package links, from scripts/build_targets.sh's
# output in target/dist/ (glibc 2.17 floor; a missing one is built first):
# lib/linux-x64/libsharpapi_webhooks.so and lib/linux-arm64/libsharpapi_webhooks.so, under their
# soname. Package.swift links the one of the machine it builds on. Nothing here is edited by hand
# or committed; run this again after the Rust side changes.
set -euo pipefail
package=$(cd "$(dirname "$0")" && pwd)
cd "$package/../.."

rids=(linux-x64 linux-arm64)
. scripts/lib.sh
build_stale_targets "${rids[@]}"
# Built alone, in the dev profile: its cli feature must not reach the library's build.
cargo build --locked -p uniffi-bindgen
bindgen_out=target/swift-bindgen
rm -rf "$bindgen_out"
# From the static library: the shared one's symbol table is stripped, and UniFFI reads its
# metadata from symbol tables. The same crate, so the same metadata as every platform's library.
target/debug/uniffi-bindgen generate --no-format --config uniffi.toml --language swift \
  --out-dir "$bindgen_out" target/dist/linux-x64/libsharpapi_webhooks.a

# Where Package.swift expects each file; SwiftPM takes a C module only from a `module.modulemap`.
# A file is copied only when it changed, so that SwiftPM rebuilds only what did.
place() {
  mkdir -p "$(dirname "$2")"
  cmp -s "$1" "$2" || cp "$1" "$2"
}
place "$bindgen_out/SharpApiWebhooksFFI.h" "$package/generated/SharpApiWebhooksFFI/SharpApiWebhooksFFI.h"
place "$bindgen_out/SharpApiWebhooksFFI.modulemap" "$package/generated/SharpApiWebhooksFFI/module.modulemap"
place "$bindgen_out/SharpApiWebhooks.swift" "$package/generated/SharpApiWebhooksUniFFI/SharpApiWebhooks.swift"
for rid in "${rids[@]}"; do
  place "target/dist/$rid/libsharpapi_webhooks.so" "$package/generated/lib/$rid/libsharpapi_webhooks.so"
done
# The single library of earlier versions of this script, which nothing links any more.
rm -f "$package/generated/lib/libsharpapi_webhooks.so"
