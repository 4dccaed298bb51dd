#!/usr/bin/env bash
# Usage: scripts/c_package_files.sh DEST PREFIX NATIVE_STATIC_LIBS
#
# Writes the C library's package files, filled from bindings/c/*.pc.in and bindings/c/cmake/*.in:
#   DEST/lib/pkgconfig/sharpapi_webhooks.pc, DEST/lib/pkgconfig/sharpapi_webhooks-static.pc,
#   DEST/lib/cmake/sharpapi_webhooks/sharpapi_webhooksConfig{,Version}.cmake
# PREFIX is what the .pc files say the prefix is, as written: an absolute path for an install, or
# '${pcfiledir}/../..' for a release archive that may be unpacked anywhere (the CMake files find
# their prefix from where they lie either way). NATIVE_STATIC_LIBS are the system libraries the
# static library needs, as rustc prints them (`--print native-static-libs`) for its target. The
# version comes from Cargo.toml. scripts/package_c.sh writes its archives' files with this.
set -euo pipefail
[ "$#" -eq 3 ] || { echo "usage: $0 DEST PREFIX NATIVE_STATIC_LIBS" >&2; exit 2; }
dest=$1 prefix=$2 native_static_libs=$3
root=$(cd "$(dirname "$0")/.." && pwd)

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
IFS=. read -r version_major version_minor _ <<<"$version"
native_static_libs_cmake=$(sed 's/-l//g; s/ /;/g' <<<"$native_static_libs")

fill() {
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" \
      -e "s|@VERSION_MAJOR@|$version_major|g" -e "s|@VERSION_MINOR@|$version_minor|g" \
      -e "s|@NATIVE_STATIC_LIBS@|$native_static_libs|g" \
      -e "s|@NATIVE_STATIC_LIBS_CMAKE@|$native_static_libs_cmake|g" "$1"
}

install -d "$dest/lib/pkgconfig" "$dest/lib/cmake/sharpapi_webhooks"
for pc in sharpapi_webhooks sharpapi_webhooks-static; do
  fill "$root/bindings/c/$pc.pc.in" > "$dest/lib/pkgconfig/$pc.pc"
done
for config in sharpapi_webhooksConfig sharpapi_webhooksConfigVersion; do
  fill "$root/bindings/c/cmake/$config.cmake.in" > "$dest/lib/cmake/sharpapi_webhooks/$config.cmake"
done
