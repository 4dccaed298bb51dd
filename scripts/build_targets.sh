#!/usr/bin/env bash
# Usage: scripts/build_targets.sh [RID...]
#
# Builds the native library for every platform the packages ship (or the RIDs named) into
# target/dist/<rid>/, under the names every package loads: libsharpapi_webhooks.so (Linux),
# libsharpapi_webhooks.dylib (macOS), sharpapi_webhooks.dll (Windows), each with its static
# library, and writes target/dist/SHA256SUMS. The RIDs are NuGet's, which the other packages map
# to their own names. Linux gnu targets link against glibc 2.17 (manylinux2014's floor) through
# zig, so one library serves every glibc since; musl targets link libc dynamically, so the
# library loads into a musl process. Zig and cargo-zigbuild come from PyPI, pinned, into
# target/tools; the Rust targets from rustup.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

. scripts/lib.sh
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=("${all_rids[@]}")

tools=$root/target/tools/zig
if [ ! -x "$tools/bin/cargo-zigbuild" ]; then
  echo "build_targets: installing ziglang and cargo-zigbuild into $tools" >&2
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q ziglang==0.15.1 cargo-zigbuild==0.24.1
fi
# pefile names the Windows DLL in its own export table (below).
"$tools/bin/python" -c 'import pefile' 2>/dev/null || "$tools/bin/pip" install -q pefile==2024.8.26
export PATH=$tools/bin:$PATH

dist=$root/target/dist
for rid in "${rids[@]}"; do
  target=${rust_target[$rid]:?"unknown RID $rid (known: ${all_rids[*]})"}
  triple=${target%.2.17}
  rustup target list --installed | grep -qx "$triple" || rustup target add "$triple" >&2
  flags=()
  # A musl cdylib needs libc linked dynamically: Rust's musl targets default to a static CRT,
  # under which it builds no shared library at all.
  case $triple in *-musl) flags=(--config "target.$triple.rustflags=['-C','target-feature=-crt-static']") ;; esac
  echo "build_targets: $rid ($target)" >&2
  cargo zigbuild --release --locked -p sharpapi-webhooks-ffi --target "$target" \
    --target-dir "$root/target/cross" "${flags[@]}" >&2
  built=$root/target/cross/$triple/release
  out=$dist/$rid
  rm -rf "$out"
  mkdir -p "$out"
  case $triple in
    *-linux-*)
      cp "$built/libsharpapi_webhooks_ffi.so" "$out/libsharpapi_webhooks.so"
      cp "$built/libsharpapi_webhooks_ffi.a" "$out/libsharpapi_webhooks.a" ;;
    *-apple-darwin)
      cp "$built/libsharpapi_webhooks_ffi.dylib" "$out/libsharpapi_webhooks.dylib"
      cp "$built/libsharpapi_webhooks_ffi.a" "$out/libsharpapi_webhooks.a" ;;
    *-windows-gnu)
      # A program that MinGW links against a DLL directly imports it by the name in the DLL's
      # export table, which the linker took from the file it wrote (sharpapi_webhooks_ffi.dll):
      # that name becomes the shipped one, so such a program finds sharpapi_webhooks.dll. No
      # import library is shipped here (the one rustc wrote names the DLL as built).
      cp "$built/sharpapi_webhooks_ffi.dll" "$out/sharpapi_webhooks.dll"
      "$tools/bin/python" - "$out/sharpapi_webhooks.dll" <<'PYTHON'
import sys

import pefile

path, built, shipped = sys.argv[1], b"sharpapi_webhooks_ffi.dll", b"sharpapi_webhooks.dll"
pe = pefile.PE(path)
rva = pe.DIRECTORY_ENTRY_EXPORT.struct.Name
assert pe.get_string_at_rva(rva) == built, pe.get_string_at_rva(rva)
pe.set_bytes_at_rva(rva, shipped.ljust(len(built), b"\0"))  # the shorter name, NUL-padded
if pe.OPTIONAL_HEADER.CheckSum:
    pe.OPTIONAL_HEADER.CheckSum = pe.generate_checksum()
data = pe.write()
pe.close()
with open(path, "wb") as out:
    out.write(data)
PYTHON
      cp "$built/libsharpapi_webhooks_ffi.a" "$out/libsharpapi_webhooks.a" ;;
  esac
done
(cd "$dist" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS)
echo "build_targets: $(wc -l < "$dist/SHA256SUMS") files in $dist" >&2
