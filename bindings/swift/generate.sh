#!/usr/bin/env bash
# Builds the native library and writes what Package.swift takes from it into generated/: the
# UniFFI Swift sources, header and module map (by the pinned uniffi-bindgen, with the top-level
# uniffi.toml), and the library itself as lib/libsharpapi_webhooks.so. Nothing here is edited by
# hand or committed; run this again after the Rust side changes.
set -euo pipefail
package=$(cd "$(dirname "$0")" && pwd)
cd "$package/../.."

cargo build --release --locked -p sharpapi-webhooks-ffi
# Built alone, in the dev profile: its cli feature must not reach the library's build.
cargo build --locked -p uniffi-bindgen
bindgen_out=target/swift-bindgen
rm -rf "$bindgen_out"
target/debug/uniffi-bindgen generate --no-format --config uniffi.toml --language swift \
  --out-dir "$bindgen_out" target/release/libsharpapi_webhooks_ffi.so

# Where Package.swift expects each file; SwiftPM takes a C module only from a `module.modulemap`.
# A file is copied only when it changed, so that SwiftPM rebuilds only what did.
place() {
  mkdir -p "$(dirname "$2")"
  cmp -s "$1" "$2" || cp "$1" "$2"
}
place "$bindgen_out/SharpApiWebhooksFFI.h" "$package/generated/SharpApiWebhooksFFI/SharpApiWebhooksFFI.h"
place "$bindgen_out/SharpApiWebhooksFFI.modulemap" "$package/generated/SharpApiWebhooksFFI/module.modulemap"
place "$bindgen_out/SharpApiWebhooks.swift" "$package/generated/SharpApiWebhooksUniFFI/SharpApiWebhooks.swift"
# Under its soname, the name that the loader looks for in whatever is linked against it.
place target/release/libsharpapi_webhooks_ffi.so "$package/generated/lib/libsharpapi_webhooks.so"
