#!/usr/bin/env bash
# Builds the native library and installs it for C users into PREFIX (default /usr/local):
#   lib/libsharpapi_webhooks.so, lib/libsharpapi_webhooks.a, include/sharpapi_webhooks.h,
#   lib/pkgconfig/sharpapi_webhooks.pc         (links the shared library)
#   lib/pkgconfig/sharpapi_webhooks-static.pc  (links the static archive, no .so needed at run time)
#   lib/cmake/sharpapi_webhooks/*.cmake        (find_package: ::sharpapi_webhooks and ::static)
#
#   scripts/install_c.sh [PREFIX]     or     PREFIX=... scripts/install_c.sh
#
# A relative PREFIX is taken from the folder it is run in. When the loader searches PREFIX/lib
# (/usr/local/lib, say) and this runs as root, ldconfig is run so that programs find the new
# library; otherwise it says what a build needs (PKG_CONFIG_PATH, an rpath).
set -euo pipefail
PREFIX=$(realpath -m "${PREFIX:-${1:-/usr/local}}")
cd "$(dirname "$0")/.."

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
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)

install -d "$PREFIX/lib" "$PREFIX/include"
install -m 755 target/release/libsharpapi_webhooks_ffi.so "$PREFIX/lib/libsharpapi_webhooks.so"
install -m 644 target/release/libsharpapi_webhooks_ffi.a "$PREFIX/lib/libsharpapi_webhooks.a"
install -m 644 bindings/c/include/sharpapi_webhooks.h "$PREFIX/include/sharpapi_webhooks.h"
scripts/c_package_files.sh "$PREFIX" "$PREFIX" "$native_static_libs"
echo "install_c: sharpapi_webhooks $version installed into $PREFIX"

# Where pkg-config and the dynamic loader look, and what to do when they do not look here.
# (each list is read whole before grep -q, which may stop reading early, looks at it)
pc_dirs=$(pkg-config --variable pc_path pkg-config 2>/dev/null | tr ':' '\n' || true)
if ! grep -qxF "$PREFIX/lib/pkgconfig" <<<"$pc_dirs"; then
  echo "install_c: pkg-config does not search $PREFIX/lib/pkgconfig by itself: build with"
  echo "  export PKG_CONFIG_PATH=\"$PREFIX/lib/pkgconfig\${PKG_CONFIG_PATH:+:\$PKG_CONFIG_PATH}\""
  echo "  (CMake: -DCMAKE_PREFIX_PATH=\"$PREFIX\")"
fi
loader_dirs=$(PATH=$PATH:/usr/sbin:/sbin ldconfig -v -N -X 2>/dev/null | sed -n 's/^\([^[:space:]][^:]*\):.*/\1/p' \
  | xargs -r -d '\n' realpath -m || true)
if grep -qxF "$(realpath -m "$PREFIX/lib")" <<<"$loader_dirs"; then
  if [ "$(id -u)" -eq 0 ]; then
    ldconfig
    echo "install_c: ran ldconfig: the dynamic loader finds $PREFIX/lib/libsharpapi_webhooks.so"
  else
    echo "install_c: run ldconfig as root once, so that the dynamic loader finds the new library"
  fi
else
  echo "install_c: the dynamic loader does not search $PREFIX/lib: link the shared library with"
  echo "  -Wl,-rpath,\"$PREFIX/lib\" (or add $PREFIX/lib to /etc/ld.so.conf.d/ and run ldconfig),"
  echo "  or link the static one: pkg-config --cflags --libs sharpapi_webhooks-static"
fi
