#!/usr/bin/env bash
# Usage: scripts/package_c.sh [RID...]
#
# The C library's release archives, one per platform (every RID of scripts/build_targets.sh, or
# the ones named), from the libraries in target/dist/ (checked against target/dist/SHA256SUMS):
#   target/release/sharpapi-webhooks-c-VERSION-RID.tar.gz   (Linux, macOS)
#   target/release/sharpapi-webhooks-c-VERSION-win-x64.zip  (Windows: a zip, as Windows users
#                                                            unpack)
#   target/release/sharpapi-webhooks-c-VERSION-SHA256SUMS   (`sha256sum -c` checks them)
# Each holds one folder, sharpapi-webhooks-c-VERSION-RID/, laid out as scripts/install_c.sh
# installs (unpack it anywhere, or into a prefix such as /usr/local with --strip-components=1):
#   include/sharpapi_webhooks.h
#   lib/libsharpapi_webhooks.{so,dylib} and lib/libsharpapi_webhooks.a
#     Windows: bin/sharpapi_webhooks.dll, lib/libsharpapi_webhooks.dll.a (MinGW's import library,
#     which `-lsharpapi_webhooks` finds before the static library) and lib/libsharpapi_webhooks.a
#   lib/pkgconfig/sharpapi_webhooks.pc, lib/pkgconfig/sharpapi_webhooks-static.pc: prefix
#     ${pcfiledir}/../.., so they hold wherever the folder is unpacked
#   lib/cmake/sharpapi_webhooks/: find_package(sharpapi_webhooks), from where it lies
# The static library's system libraries (in the -static .pc and CMake's ::static) are the ones
# rustc prints for that target. The archives are reproducible: sorted, owned by root, every file
# dated at the last commit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

. scripts/lib.sh
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=("${all_rids[@]}")

log() { echo "package_c: $*" >&2; }

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
header_version=$(sed -n 's/^#define SHARPAPI_VERSION "\(.*\)"$/\1/p' bindings/c/include/sharpapi_webhooks.h)
[ "$header_version" = "$version" ] || { log "the header says $header_version, Cargo.toml $version"; exit 1; }

# The Windows import library: gendef (mingw-w64-tools) lists the DLL's exports, MinGW's dlltool
# writes the library.
if [[ " ${rids[*]} " == *" win-x64 "* ]] &&
    { ! command -v gendef >/dev/null || ! command -v x86_64-w64-mingw32-dlltool >/dev/null; }; then
  log "installing mingw-w64-tools and binutils-mingw-w64-x86-64"
  while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null; do sleep 2; done
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mingw-w64-tools binutils-mingw-w64-x86-64 >/dev/null
fi

epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
dist=$root/target/dist
out=$root/target/release
stage=$root/target/c-release
mkdir -p "$out"
rm -rf "$stage"
mkdir -p "$stage"

# The system libraries that a static library of TARGET needs: the standard library's, which an
# empty crate asks for as our library does (it names none of its own), without building anything.
native_static_libs() {
  local triple=$1 flags=()
  rustup target list --installed | grep -qx "$triple" || rustup target add "$triple" >&2
  case $triple in *-musl) flags=(-C target-feature=-crt-static) ;; esac # as build_targets.sh builds
  : >"$stage/probe.rs"
  rustc --edition 2021 --crate-type staticlib --crate-name probe --target "$triple" "${flags[@]}" \
    --print native-static-libs -o "$stage/probe.a" "$stage/probe.rs" 2>&1 |
    sed -n 's/.*native-static-libs: //p' | tail -n 1
}

for rid in "${rids[@]}"; do
  target=${rust_target[$rid]:?"unknown RID $rid (known: ${all_rids[*]})"}
  triple=${target%.2.17}
  [ -d "$dist/$rid" ] || { log "no $dist/$rid: run scripts/build_targets.sh $rid"; exit 1; }
  (cd "$dist" && grep " ./$rid/" SHA256SUMS | sha256sum -c --quiet -) ||
    { log "$dist/$rid differs from $dist/SHA256SUMS: run scripts/build_targets.sh $rid"; exit 1; }
  name=sharpapi-webhooks-c-$version-$rid
  dir=$stage/$name
  libs=$(native_static_libs "$triple")
  [ -n "$libs" ] || { log "rustc printed no native-static-libs for $triple"; exit 1; }
  scripts/c_package_files.sh "$dir" '${pcfiledir}/../..' "$libs"
  install -D -m 644 bindings/c/include/sharpapi_webhooks.h "$dir/include/sharpapi_webhooks.h"
  install -m 644 "$dist/$rid/libsharpapi_webhooks.a" "$dir/lib/libsharpapi_webhooks.a"
  case $rid in
    linux-*) install -m 755 "$dist/$rid/libsharpapi_webhooks.so" "$dir/lib/" ;;
    osx-*) install -m 755 "$dist/$rid/libsharpapi_webhooks.dylib" "$dir/lib/" ;;
    win-*)
      install -D -m 755 "$dist/$rid/sharpapi_webhooks.dll" "$dir/bin/sharpapi_webhooks.dll"
      gendef - "$dir/bin/sharpapi_webhooks.dll" >"$stage/sharpapi_webhooks.def" 2>/dev/null
      grep -q '^sharpapi_verify\b' "$stage/sharpapi_webhooks.def" ||
        { log "gendef found no sharpapi_verify in sharpapi_webhooks.dll"; exit 1; }
      (cd "$stage" && x86_64-w64-mingw32-dlltool --dllname sharpapi_webhooks.dll --input-def sharpapi_webhooks.def \
        --output-lib "$dir/lib/libsharpapi_webhooks.dll.a" --temp-prefix sharpapi_webhooks_implib)
      chmod 644 "$dir/lib/libsharpapi_webhooks.dll.a" ;;
  esac
  find "$dir" -type d -exec chmod 755 {} +
  find "$dir" -exec touch -h -d "@$epoch" {} +
  rm -f "$out/$name.tar.gz" "$out/$name.zip"
  case $rid in
    win-*) (cd "$stage" && find "$name" | LC_ALL=C sort | TZ=UTC zip -X -q -6 -@ "$out/$name.zip") ;;
    *) tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --format=gnu \
         -cf - "$name" | gzip -6n >"$out/$name.tar.gz" ;;
  esac
  log "$out/$name.$([[ $rid == win-* ]] && echo zip || echo tar.gz)"
done

sums=sharpapi-webhooks-c-$version-SHA256SUMS
(cd "$out" && for rid in "${all_rids[@]}"; do
  for file in "sharpapi-webhooks-c-$version-$rid.tar.gz" "sharpapi-webhooks-c-$version-$rid.zip"; do
    if [ -f "$file" ]; then sha256sum "$file"; fi
  done
done) >"$out/$sums.partial"
mv "$out/$sums.partial" "$out/$sums"
log "$out/$sums: $(wc -l <"$out/$sums") archives"
