#!/usr/bin/env bash
# Fills the package's native/ folder with the native library of every platform it ships, one
# folder per RID, from scripts/build_targets.sh's output in target/dist/ (building any RID missing
# there): native/linux-x64/libsharpapi_webhooks.so, ..., native/osx-arm64/libsharpapi_webhooks.dylib,
# native/win-x64/sharpapi_webhooks.dll. src/Internal/Platform.php picks this process's one. The
# folder is built, not committed (.gitignore); a Composer `path` repository links it with the rest
# of bindings/php. Prints the folder.
set -euo pipefail
php_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$php_dir/../.." && pwd)
cd "$repo"

declare -A files=(
  [linux-x64]=libsharpapi_webhooks.so [linux-arm64]=libsharpapi_webhooks.so
  [linux-musl-x64]=libsharpapi_webhooks.so [linux-musl-arm64]=libsharpapi_webhooks.so
  [osx-x64]=libsharpapi_webhooks.dylib [osx-arm64]=libsharpapi_webhooks.dylib
  [win-x64]=sharpapi_webhooks.dll
)
rids=(linux-x64 linux-arm64 linux-musl-x64 linux-musl-arm64 osx-x64 osx-arm64 win-x64)
missing=()
for rid in "${rids[@]}"; do
  [ -f "target/dist/$rid/${files[$rid]}" ] || missing+=("$rid")
done
if [ ${#missing[@]} -gt 0 ]; then
  scripts/build_targets.sh "${missing[@]}"
fi

# Into a new folder, then in place: a running server never sees a half-copied library.
native=$php_dir/native
staging=$(mktemp -d "$php_dir/.native.XXXXXX")
trap 'rm -rf "$staging"' EXIT
for rid in "${rids[@]}"; do
  mkdir -p "$staging/$rid"
  cp "target/dist/$rid/${files[$rid]}" "$staging/$rid/"
done
chmod 755 "$staging"
rm -rf "$native"
mv "$staging" "$native"
trap - EXIT
echo "$native"
