#!/usr/bin/env bash
# Builds the native library and installs it for C users into PREFIX (default /usr/local):
#   lib/libsharpapi_webhooks.so, lib/libsharpapi_webhooks.a, include/sharpapi_webhooks.h,
#   lib/pkgconfig/sharpapi_webhooks.pc, lib/cmake/sharpapi_webhooks/*.cmake
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=$(realpath -m "${PREFIX:-${1:-/usr/local}}")

# The system libraries that the static library needs, as rustc reports them. Asking rebuilds the
# crate with other flags (and the next plain build rebuilds it back), so the answer is kept per
# compiler version; it depends on the target and the standard library, not on our code.
native_libs_cache=target/release/native-static-libs-$(rustc -vV | sed -n 's/^commit-hash: //p' | cut -c1-12)
if [ ! -s "$native_libs_cache" ]; then
  mkdir -p target/release
  cargo rustc --release --locked -p sharpapi-webhooks-ffi --lib --crate-type staticlib \
    -- --print native-static-libs 2>&1 | sed -n 's/.*native-static-libs: //p' | tail -n 1 >"$native_libs_cache"
fi
native_static_libs=$(cat "$native_libs_cache")
[ -n "$native_static_libs" ] || { rm -f "$native_libs_cache"; echo "install_c: rustc printed no native-static-libs" >&2; exit 1; }
cargo build --release --locked -p sharpapi-webhooks-ffi
native_static_libs_cmake=$(sed 's/-l//g; s/ /;/g' <<<"$native_static_libs")
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
IFS=. read -r version_major version_minor _ <<<"$version"

fill() {
  sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@VERSION@|$version|g" \
      -e "s|@VERSION_MAJOR@|$version_major|g" -e "s|@VERSION_MINOR@|$version_minor|g" \
      -e "s|@NATIVE_STATIC_LIBS@|$native_static_libs|g" \
      -e "s|@NATIVE_STATIC_LIBS_CMAKE@|$native_static_libs_cmake|g" "$1"
}

install -d "$PREFIX/lib/pkgconfig" "$PREFIX/lib/cmake/sharpapi_webhooks" "$PREFIX/include"
install -m 755 target/release/libsharpapi_webhooks_ffi.so "$PREFIX/lib/libsharpapi_webhooks.so"
install -m 644 target/release/libsharpapi_webhooks_ffi.a "$PREFIX/lib/libsharpapi_webhooks.a"
install -m 644 bindings/c/include/sharpapi_webhooks.h "$PREFIX/include/sharpapi_webhooks.h"
fill bindings/c/sharpapi_webhooks.pc.in > "$PREFIX/lib/pkgconfig/sharpapi_webhooks.pc"
for config in sharpapi_webhooksConfig sharpapi_webhooksConfigVersion; do
  fill "bindings/c/cmake/$config.cmake.in" > "$PREFIX/lib/cmake/sharpapi_webhooks/$config.cmake"
done
echo "install_c: sharpapi_webhooks $version installed into $PREFIX"
