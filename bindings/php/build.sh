#!/usr/bin/env bash
# Fills the package's native/ folder with the native library of every platform it ships, one
# folder per RID, from scripts/build_targets.sh's output in target/dist/ (building any RID missing
# there or older than the Rust sources): native/linux-x64/libsharpapi_webhooks.so, ...,
# native/osx-arm64/libsharpapi_webhooks.dylib, native/win-x64/sharpapi_webhooks.dll. src/Internal/Platform.php picks this process's one. The
# folder is built, not committed (.gitignore); a Composer `path` repository links it with the rest
# of bindings/php. Prints the folder.
set -euo pipefail
php_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$php_dir/../.." && pwd)
cd "$repo"

. scripts/lib.sh
build_stale_targets "${all_rids[@]}"

# Into a new folder, then in place: a running server never sees a half-copied library.
native=$php_dir/native
staging=$(mktemp -d "$php_dir/.native.XXXXXX")
trap 'rm -rf "$staging"' EXIT
for rid in "${all_rids[@]}"; do
  mkdir -p "$staging/$rid"
  cp "target/dist/$rid/$(library_name "$rid")" "$staging/$rid/"
done
chmod 755 "$staging"
rm -rf "$native"
mv "$staging" "$native"
trap - EXIT
echo "$native"
