#!/usr/bin/env bash
# Usage: scripts/test_platforms.sh
#
# Every platform's library (target/dist/, from scripts/build_targets.sh), checked and run as far as
# this x86_64 Linux machine can, through the C release archives (scripts/package_c.sh) that C users
# get:
#   - dist: every RID's files, as target/dist/SHA256SUMS lists them
#   - the glibc floor: no linux-gnu library (x64, arm64) needs a symbol newer than GLIBC_2.17; the
#     musl ones need only musl's libc.so; each is of its CPU and has soname libsharpapi_webhooks.so
#   - exports: every library exports every sharpapi_ function of the header and every UniFFI
#     symbol (uniffi_, ffi_, UNIFFI_META_) that the linux-x64 one does
#   - macOS (built only: nothing runs Mach-O here): each dylib's CPU, install name
#     (@rpath/libsharpapi_webhooks.dylib), minimum macOS (LC_BUILD_VERSION / LC_VERSION_MIN_MACOSX,
#     no newer than macOS 13) and that it links only the system's libraries, read by llvm-objdump
#   - the archives: each one's exact listing, its libraries byte for byte those of target/dist, its
#     pkg-config version, and the checksum file
#   - the C tests, every shared vector (bindings/c/tests/test_vectors.c) and the API tests
#     (test_api.c), built against the unpacked archive through its pkg-config files, dynamically
#     and statically, and run:
#       linux-x64        inside Debian bullseye (glibc 2.31; scripts/bullseye_chroot.sh), built
#                        there by its gcc 10
#       linux-arm64      under qemu-aarch64-static, built by zig cc for glibc 2.17, with Debian's
#                        arm64 glibc (libc6-arm64-cross) as the root
#       linux-musl-arm64 under qemu-aarch64-static, built by zig cc for musl, with Debian's arm64
#                        musl as the root (fetched once into /var/cache/sharpapi-webhooks/)
#       linux-musl-x64   natively, built by musl-gcc (musl-tools), loaded by Debian's musl
#       win-x64          under Wine, built by mingw-w64: linked against the DLL itself, through
#                        the import library (pkg-config) and statically
#     and each vector run's report of outcomes (SHARPAPI_CONFORMANCE_DIR) must hold every vector
#     as expected;
#   - CMake: the archive's find_package files build the example (shared and static) for linux-x64
#     and, with mingw-w64, for win-x64, each run through scripts/demo.sh (win-x64 under Wine).
# Installs what it needs when missing (Debian packages, zig as build_targets.sh pins it, the arm64
# musl root, the bullseye chroot) and fails, never skips, when something cannot be had. Ends with
# `platforms: N passed, M failed`; non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS
cache=/var/cache/sharpapi-webhooks
build=$root/target/platform-tests
dist=$root/target/dist
. scripts/lib.sh  # all_rids
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
# The generated vectors hold strings longer than ISO C requires compilers to take (as test_c.sh).
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -Wno-overlength-strings -O1 -I"$build/gen")
export WINEPREFIX=$cache/wine-c-tests WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY SHARPAPI_CONFORMANCE_DIR

log() { echo "test_platforms: $*" >&2; }
passed=0
failed=0
failures=()

# check NAME COMMAND [ARG...]: one counted check. COMMAND runs in a subshell of its own with
# errexit in force (a background job: under `if`, bash would ignore errexit inside it).
check() {
  local name=$1
  shift
  printf '\n== %s\n' "$name"
  ("$@") &
  if wait $!; then
    passed=$((passed + 1))
  else
    echo "FAILED: $name"
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

# ---- what this needs ----

debian_packages=(binutils file llvm python3 python3-venv pkg-config cmake make zip unzip debootstrap
  qemu-user-static libc6-arm64-cross musl musl-tools
  gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 mingw-w64-tools wine wine64)
missing=()
for package in "${debian_packages[@]}"; do
  [ "$(dpkg-query -W -f '${db:Status-Status}' "$package" 2>/dev/null)" = installed ] || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null; do sleep 2; done
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# zig (its clang) cross-compiles the arm64 tests, from the venv that build_targets.sh makes, with
# its pins.
zig_venv=$root/target/tools/zig
if ! "$zig_venv/bin/python3" -c 'import ziglang' 2>/dev/null; then
  read -ra pins <<<"$(grep -o 'ziglang==[0-9.]*\|cargo-zigbuild==[0-9.]*' scripts/build_targets.sh | tr '\n' ' ')"
  log "installing ${pins[*]} into $zig_venv"
  rm -rf "$zig_venv"
  python3 -m venv "$zig_venv"
  "$zig_venv/bin/pip" install -q "${pins[@]}"
fi
zigcc() { "$zig_venv/bin/python3" -m ziglang cc "$@"; }

# Debian's musl for arm64, unpacked as a root for qemu (its loader, /lib/ld-musl-aarch64.so.1).
# apt fetches it with lists and a cache of its own, so this host's apt (and its architectures)
# stays as it is; made once beside its final path and renamed into place.
musl_arm64_root=$cache/musl-arm64-root
if [ ! -e "$musl_arm64_root/lib/ld-musl-aarch64.so.1" ]; then
  log "fetching Debian's musl for arm64 into $musl_arm64_root (once)"
  mkdir -p "$cache"
  apt_dir=$cache/apt-arm64
  rm -rf "$apt_dir" "$musl_arm64_root.partial"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
  : >"$apt_dir/status"
  apt_options=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Dir::State::Lists="$apt_dir/lists"
    -o Dir::Cache="$apt_dir/cache" -o Dir::State::status="$apt_dir/status")
  apt-get "${apt_options[@]}" update -qq
  (cd "$apt_dir/debs" && apt-get "${apt_options[@]}" download musl:arm64 2>/dev/null)
  dpkg-deb -x "$apt_dir"/debs/musl_*_arm64.deb "$musl_arm64_root.partial"
  rm -rf "$apt_dir" "$musl_arm64_root"
  mv -T "$musl_arm64_root.partial" "$musl_arm64_root"
fi

rm -rf "$build"
mkdir -p "$build/gen" "$build/logs"
python3 scripts/gen_c_vectors.py "$build/gen" >/dev/null

# ---- the libraries as built ----

dist_files() {
  case $1 in
    linux-*) echo "libsharpapi_webhooks.so libsharpapi_webhooks.a" ;;
    osx-*) echo "libsharpapi_webhooks.dylib libsharpapi_webhooks.a" ;;
    win-*) echo "sharpapi_webhooks.dll libsharpapi_webhooks.a" ;;
  esac
}
shared_library() { echo "$dist/$1/$(dist_files "$1" | cut -d' ' -f1)"; }

dist_complete() {
  local rid file listed
  listed=$(sed 's|^[0-9a-f]*  \./||' "$dist/SHA256SUMS")
  for rid in "${all_rids[@]}"; do
    for file in $(dist_files "$rid"); do
      grep -qxF "$rid/$file" <<<"$listed" || { echo "SHA256SUMS lists no $rid/$file (run scripts/build_targets.sh)"; exit 1; }
    done
  done
  (cd "$dist" && sha256sum -c --quiet SHA256SUMS)
  echo "$(wc -l <"$dist/SHA256SUMS") files, each as SHA256SUMS says"
}
check "dist: every platform's libraries, as target/dist/SHA256SUMS lists them" dist_complete

# elf_identity LIB MACHINE: LIB is an ELF shared library for MACHINE named libsharpapi_webhooks.so.
elf_identity() {
  local machine soname
  machine=$(readelf -h "$1" | sed -n 's/^ *Machine: *//p')
  soname=$(readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
  echo "$1: $machine, soname $soname"
  [ "$machine" = "$2" ] && [ "$soname" = libsharpapi_webhooks.so ]
}

glibc_floor() {
  local lib=$1 needed newest
  elf_identity "$lib" "$2"
  needed=$(readelf -V -W "$lib" | grep -o 'Name: GLIBC_[0-9.]*' | sed 's/Name: GLIBC_//' | sort -uV)
  [ -n "$needed" ] || { echo "$lib: no GLIBC version needed at all (is it a glibc library?)"; exit 1; }
  newest=$(tail -n 1 <<<"$needed")
  echo "needs GLIBC_$(echo $needed | sed 's/ /, GLIBC_/g'): newest $newest"
  [ "$(printf '%s\n' "$newest" 2.17 | sort -V | tail -n 1)" = 2.17 ] ||
    { echo "$lib needs GLIBC_$newest, newer than the 2.17 floor"; exit 1; }
}
check "glibc floor: linux-x64 needs nothing newer than GLIBC_2.17" glibc_floor "$dist/linux-x64/libsharpapi_webhooks.so" "Advanced Micro Devices X86-64"
check "glibc floor: linux-arm64 needs nothing newer than GLIBC_2.17" glibc_floor "$dist/linux-arm64/libsharpapi_webhooks.so" AArch64

musl_only() {
  local lib=$1 needed
  elf_identity "$lib" "$2"
  needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
  echo "needs: $needed"
  [ "$needed" = "libc.so " ] || { echo "$lib needs more than musl's libc.so"; exit 1; }
  ! grep -q 'GLIBC_' <<<"$(readelf -V -W "$lib")" || { echo "$lib asks for glibc symbol versions"; exit 1; }
}
check "musl: linux-musl-x64 needs only musl's libc.so" musl_only "$dist/linux-musl-x64/libsharpapi_webhooks.so" "Advanced Micro Devices X86-64"
check "musl: linux-musl-arm64 needs only musl's libc.so" musl_only "$dist/linux-musl-arm64/libsharpapi_webhooks.so" AArch64

# exported_symbols RID: the symbols its shared library exports, one a line, as C names them.
exported_symbols() {
  local lib
  lib=$(shared_library "$1")
  case $1 in
    linux-*) readelf --dyn-syms -W "$lib" | awk '$5 == "GLOBAL" && $7 != "UND" { sub(/@.*/, "", $8); print $8 }' ;;
    osx-*) llvm-objdump --macho --exports-trie "$lib" | awk '/^0x/ { sub(/^_/, "", $2); print $2 }' ;;
    win-*) x86_64-w64-mingw32-objdump -p "$lib" |
      sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | awk '/^\t\[/ { print $NF }' ;;
  esac | sort -u
}
# The header's functions and the linux-x64 library's UniFFI functions (uniffi_, ffi_): what every
# library exports. UniFFI's metadata (UNIFFI_META_ statics, which uniffi-bindgen reads from the
# file, never called) too, but on Windows, where the linker leaves data out of what it exports.
grep -o '\bsharpapi_[a-z0-9_]*(' bindings/c/include/sharpapi_webhooks.h | tr -d '(' | sort -u >"$build/header_functions"
exported_symbols linux-x64 >"$build/exports-reference"
grep -E '^(uniffi_|ffi_)' "$build/exports-reference" >"$build/uniffi_symbols" || true
grep -E '^UNIFFI_META_' "$build/exports-reference" >"$build/uniffi_meta" || true

exports_complete() {
  local missing meta_missing required=("$build/header_functions" "$build/uniffi_symbols")
  [[ $1 == win-* ]] || required+=("$build/uniffi_meta")
  exported_symbols "$1" >"$build/exports-$1"
  missing=$(sort -u "${required[@]}" | comm -23 - "$build/exports-$1" | tr '\n' ' ')
  meta_missing=$(comm -23 "$build/uniffi_meta" "$build/exports-$1" | wc -l)
  echo "$1: exports $(wc -l <"$build/exports-$1") symbols; of the $(wc -l <"$build/header_functions") header functions," \
    "$(wc -l <"$build/uniffi_symbols") UniFFI functions and $(wc -l <"$build/uniffi_meta") UniFFI metadata statics" \
    "($meta_missing not exported$([[ $1 == win-* ]] && echo ', not required here')), missing: ${missing:-none}"
  [ -z "$missing" ] && [ -s "$build/uniffi_symbols" ] && [ -s "$build/uniffi_meta" ]
}
for rid in "${all_rids[@]}"; do
  check "exports: $rid has every sharpapi_ function of the header and every UniFFI symbol" exports_complete "$rid"
done

# macos_dylib RID CPU: the dylib's CPU, install name, minimum macOS and what it links.
macos_dylib() {
  local lib headers cpu install_name minos dependencies
  lib=$(shared_library "$1")
  cpu=$(llvm-objdump --macho --private-header "$lib" | awk '$1 ~ /^MH_MAGIC/ { print $2 }')
  headers=$(llvm-objdump --macho --private-headers "$lib")
  install_name=$(awk '/cmd LC_ID_DYLIB/ { id = 1 } id && $1 == "name" { print $2; exit }' <<<"$headers")
  minos=$(awk '/cmd LC_BUILD_VERSION/ { b = 1 } b && $1 == "minos" { print $2; exit }
               /cmd LC_VERSION_MIN_MACOSX/ { v = 1 } v && $1 == "version" { print $2; exit }' <<<"$headers")
  dependencies=$(awk '/cmd LC_LOAD_DYLIB|cmd LC_LOAD_WEAK_DYLIB/ { d = 1 } d && $1 == "name" { print $2; d = 0 }' <<<"$headers")
  echo "$1: CPU $cpu, install name $install_name, minimum macOS $minos, links $(echo $dependencies)"
  [ "$cpu" = "$2" ] || { echo "not a $2 dylib"; exit 1; }
  [ "$install_name" = @rpath/libsharpapi_webhooks.dylib ] || { echo "install name is not @rpath/libsharpapi_webhooks.dylib"; exit 1; }
  [ -n "$minos" ] && [ "$(printf '%s\n' "$minos" 13.0 | sort -V | tail -n 1)" = 13.0 ] ||
    { echo "minimum macOS ${minos:-(none)} is newer than 13.0, or not said"; exit 1; }
  ! grep -qvE '^(/usr/lib/|/System/Library/)' <<<"$dependencies" || { echo "links a library that is not the system's"; exit 1; }
  # the static library holds every function of the header, for the same CPU
  # (llvm-nm fails on the archive's members that define nothing)
  { llvm-nm --defined-only --extern-only "$dist/$1/libsharpapi_webhooks.a" 2>/dev/null || true; } |
    awk '$2 == "T" { sub(/^_/, "", $3); print $3 }' | sort -u >"$build/static-$1"
  [ -z "$(comm -23 "$build/header_functions" "$build/static-$1")" ] || { echo "the static library lacks header functions"; exit 1; }
  cpu=$(llvm-objdump --macho --private-header "$dist/$1/libsharpapi_webhooks.a" | awk '$1 ~ /^MH_MAGIC/ { print $2 }' | sort -u)
  [ "$cpu" = "$2" ] || { echo "the static library is not $2 alone: $cpu"; exit 1; }
  echo "libsharpapi_webhooks.a: $2, defines every header function"
}
check "macOS (built only): osx-x64 dylib: CPU, install name, minimum macOS, dependencies" macos_dylib osx-x64 X86_64
check "macOS (built only): osx-arm64 dylib: CPU, install name, minimum macOS, dependencies" macos_dylib osx-arm64 ARM64

# ---- the release archives ----

check "archives: scripts/package_c.sh" scripts/package_c.sh

archive_path() {
  case $1 in
    win-*) echo "$root/target/release/sharpapi-webhooks-c-$version-$1.zip" ;;
    *) echo "$root/target/release/sharpapi-webhooks-c-$version-$1.tar.gz" ;;
  esac
}
expected_listing() {
  local files=(include/sharpapi_webhooks.h lib/libsharpapi_webhooks.a
    lib/pkgconfig/sharpapi_webhooks.pc lib/pkgconfig/sharpapi_webhooks-static.pc
    lib/cmake/sharpapi_webhooks/sharpapi_webhooksConfig.cmake
    lib/cmake/sharpapi_webhooks/sharpapi_webhooksConfigVersion.cmake)
  case $1 in
    linux-*) files+=(lib/libsharpapi_webhooks.so) ;;
    osx-*) files+=(lib/libsharpapi_webhooks.dylib) ;;
    win-*) files+=(bin/sharpapi_webhooks.dll lib/libsharpapi_webhooks.dll.a) ;;
  esac
  printf "sharpapi-webhooks-c-$version-$1/%s\n" "${files[@]}" | LC_ALL=C sort
}
# unpacked RID: where check_archive unpacked that archive.
unpacked() { echo "$build/unpacked/$1/sharpapi-webhooks-c-$version-$1"; }

check_archive() {
  local rid=$1 archive listing dir file
  archive=$(archive_path "$rid")
  case $archive in
    *.zip) listing=$(unzip -Z1 "$archive") ;;
    *) listing=$(tar -tzf "$archive") ;;
  esac
  listing=$(grep -v '/$' <<<"$listing" | LC_ALL=C sort)
  if [ "$listing" != "$(expected_listing "$rid")" ]; then
    diff <(expected_listing "$rid") <(echo "$listing") || true
    echo "$(basename "$archive") does not hold what it should (- expected, + held)"
    exit 1
  fi
  mkdir -p "$build/unpacked/$rid"
  case $archive in
    *.zip) unzip -q "$archive" -d "$build/unpacked/$rid" ;;
    *) tar -xzf "$archive" -C "$build/unpacked/$rid" ;;
  esac
  dir=$(unpacked "$rid")
  for file in $(dist_files "$rid"); do
    case $file in *.dll) cmp "$dist/$rid/$file" "$dir/bin/$file" ;; *) cmp "$dist/$rid/$file" "$dir/lib/$file" ;; esac
  done
  cmp bindings/c/include/sharpapi_webhooks.h "$dir/include/sharpapi_webhooks.h"
  [ "$(PKG_CONFIG_LIBDIR=$dir/lib/pkgconfig pkg-config --modversion sharpapi_webhooks)" = "$version" ]
  [ "$(PKG_CONFIG_LIBDIR=$dir/lib/pkgconfig pkg-config --modversion sharpapi_webhooks-static)" = "$version" ]
  echo "$(basename "$archive"): $(wc -l <<<"$listing") files as expected, libraries as in target/dist, pkg-config version $version"
}
for rid in "${all_rids[@]}"; do
  check "archive: $rid: listing, libraries, pkg-config version" check_archive "$rid"
done
sums_complete() {
  local sums=sharpapi-webhooks-c-$version-SHA256SUMS rid
  (cd target/release && sha256sum -c "$sums")
  for rid in "${all_rids[@]}"; do
    grep -q "  $(basename "$(archive_path "$rid")")\$" "target/release/$sums" || { echo "$sums lacks $rid"; exit 1; }
  done
}
check "archives: the checksum file covers every archive and holds" sums_complete

# ---- the C tests on every platform that runs here ----

# A test program's run: its output is kept in logs/LABEL.log; it must exit 0 and end with
# "N passed, 0 failed". A vector run (SHARPAPI_CONFORMANCE_DIR) must also report every vector's
# outcome as the vectors expect.
judge_run() {
  local label=$1 status=$2 output=$build/logs/$1.log summary
  # (Wine's console ends lines with CR LF)
  summary=$(tr -d '\r' <"$output" | grep -E '^test_(vectors|api): [0-9]+ passed, [0-9]+ failed$' | tail -n 1 || true)
  grep '^FAIL' "$output" | head -n 20 || true
  echo "$label: ${summary:-no summary line}, exit status $status"
  [ "$status" -eq 0 ] && [[ $summary =~ ^test_[a-z]+:\ [1-9][0-9]*\ passed,\ 0\ failed$ ]] || exit 1
  if [[ $label == *vectors* ]]; then
    python3 scripts/conformance.py --report c "$build/conformance/$label/c.json"
  fi
}

# run_test LABEL COMMAND...: runs a test program (with its runner: qemu, wine), then judges it.
run_test() {
  local label=$1 status=0
  shift
  SHARPAPI_CONFORMANCE_DIR=$build/conformance/$label "$@" >"$build/logs/$label.log" 2>&1 || status=$?
  judge_run "$label" "$status"
}

# not_linked_to_shared PROGRAM: a statically linked test needs no libsharpapi_webhooks.so.
# (each output is read whole before grep -q, which may stop reading early, looks at it)
not_linked_to_shared() {
  ! grep -q 'NEEDED.*libsharpapi_webhooks' <<<"$(readelf -d "$1")" || { echo "$1 needs libsharpapi_webhooks.so"; exit 1; }
}
needs_shared() {
  grep -q 'NEEDED.*\[libsharpapi_webhooks\.so\]' <<<"$(readelf -d "$1")" || { echo "$1 does not need libsharpapi_webhooks.so"; exit 1; }
}

# linux-x64 inside bullseye: built there by its own gcc through the archive's pkg-config files,
# then run there (the dynamic programs load the archive's library through their rpath).
bullseye=$build/bullseye
mkdir -p "$bullseye"
cat >"$bullseye/build_and_run.sh" <<'SH'
set -eu
archive=$1 out=$2 gen=$3 src=$4
export PKG_CONFIG_LIBDIR=$archive/lib/pkgconfig
flags="-std=c11 -Wall -Wextra -Werror -pedantic -Wno-overlength-strings -O1 -I$gen"
echo "bullseye: $(ldd --version | head -n 1), $(gcc --version | head -n 1)"
for test in test_vectors test_api; do
  gcc $flags $(pkg-config --cflags sharpapi_webhooks) "$src/$test.c" $(pkg-config --libs sharpapi_webhooks) \
    -Wl,-rpath,"$(pkg-config --variable=libdir sharpapi_webhooks)" -pthread -o "$out/${test}_dynamic"
  gcc $flags $(pkg-config --cflags sharpapi_webhooks-static) "$src/$test.c" $(pkg-config --libs sharpapi_webhooks-static) \
    -pthread -o "$out/${test}_static"
done
ldd "$out/test_vectors_dynamic" | grep libsharpapi_webhooks >"$out/ldd.txt"
for program in test_vectors_dynamic test_vectors_static test_api_dynamic test_api_static; do
  label=bullseye-linux-x64-$(echo "$program" | sed 's/^test_vectors_/vectors-/; s/^test_api_/api-/')
  status=0
  SHARPAPI_CONFORMANCE_DIR=$out/../conformance/$label "$out/$program" >"$out/../logs/$label.log" 2>&1 || status=$?
  echo "$status" >"$out/$label.status"
done
SH
bullseye_build() {
  scripts/bullseye_chroot.sh sh "$bullseye/build_and_run.sh" "$(unpacked linux-x64)" "$bullseye" "$build/gen" \
    "$root/bindings/c/tests"
  cat "$bullseye/ldd.txt"
  [ "$(realpath "$(awk '{ print $3 }' "$bullseye/ldd.txt")")" = "$(unpacked linux-x64)/lib/libsharpapi_webhooks.so" ] ||
    { echo "the dynamic test does not load the archive's library"; exit 1; }
  not_linked_to_shared "$bullseye/test_vectors_static"
}
check "bullseye (glibc 2.31), linux-x64: built by bullseye's gcc through the archive's pkg-config" bullseye_build
for run in vectors-dynamic vectors-static api-dynamic api-static; do
  label=bullseye-linux-x64-$run
  check "bullseye, linux-x64: $run" judge_run "$label" "$(cat "$bullseye/$label.status" 2>/dev/null || echo 99)"
done

# build_programs RID dynamic|static COMPILER...: builds test_vectors and test_api against the
# unpacked archive with COMPILER, through its pkg-config files, into $build/RID/.
build_programs() {
  local rid=$1 kind=$2 dir test pc=sharpapi_webhooks link=()
  shift 2
  dir=$(unpacked "$rid")
  mkdir -p "$build/$rid"
  # shellcheck disable=SC2054 # one linker argument, commas and all
  if [ "$kind" = static ]; then pc=sharpapi_webhooks-static; else link=(-Wl,-rpath,"$dir/lib"); fi
  for test in test_vectors test_api; do
    # shellcheck disable=SC2046 # pkg-config's flags are words
    "$@" "${cflags[@]}" $(PKG_CONFIG_LIBDIR=$dir/lib/pkgconfig pkg-config --cflags $pc) "bindings/c/tests/$test.c" \
      $(PKG_CONFIG_LIBDIR=$dir/lib/pkgconfig pkg-config --libs $pc) "${link[@]}" -pthread -o "$build/$rid/${test}_$kind"
  done
  if [ "$kind" = static ]; then
    not_linked_to_shared "$build/$rid/test_vectors_static"
  else
    needs_shared "$build/$rid/test_vectors_dynamic"
  fi
  echo "$rid $kind: $(file -b "$build/$rid/test_vectors_$kind" | cut -d, -f1,2,4,5)"
}
# cross_build RID COMPILER...: both kinds with one compiler.
cross_build() {
  build_programs "$1" dynamic "${@:2}"
  build_programs "$1" static "${@:2}"
}
# run_four RID RUNNER...: the four programs of cross_build, each a counted check.
run_four() {
  local rid=$1 program label
  shift
  for program in test_vectors_dynamic test_vectors_static test_api_dynamic test_api_static; do
    label=$rid-$(sed 's/^test_vectors_/vectors-/; s/^test_api_/api-/' <<<"$program")
    check "$rid: $label" run_test "$label" "$@" "$build/$rid/$program"
  done
}

check "linux-arm64: built by zig cc for aarch64 glibc 2.17" cross_build linux-arm64 zigcc -target aarch64-linux-gnu.2.17
run_four linux-arm64 qemu-aarch64-static -L /usr/aarch64-linux-gnu

check "linux-musl-arm64: built by zig cc for aarch64 musl" cross_build linux-musl-arm64 zigcc -target aarch64-linux-musl
run_four linux-musl-arm64 qemu-aarch64-static -L "$musl_arm64_root"

# Debian's musl-gcc links against musl, but has no libgcc_s of musl's, which the static library's
# unwinding asks for (-lgcc_s; Alpine's gcc has one): zig's clang, with its own, links that one.
musl_x64_build() {
  build_programs linux-musl-x64 dynamic musl-gcc
  build_programs linux-musl-x64 static zigcc -target x86_64-linux-musl
}
check "linux-musl-x64: built by musl-gcc (dynamic) and zig cc (static)" musl_x64_build
musl_loader() {
  grep -q 'interpreter: /lib/ld-musl-x86_64.so.1' <<<"$(readelf -l "$build/linux-musl-x64/test_vectors_dynamic")" ||
    { echo "the dynamic test is not loaded by musl"; exit 1; }
  echo "the dynamic test is loaded by /lib/ld-musl-x86_64.so.1 ($(dpkg-query -W -f '${Package} ${Version}' musl))"
}
check "linux-musl-x64: loaded by musl's loader" musl_loader
run_four linux-musl-x64

# win-x64: mingw-w64 builds, Wine runs. The tests make their report folder with POSIX's
# mkdir(path, mode); MinGW's takes no mode, so a forced include maps it. Wine 8.0 lacks
# bcryptprimitives.dll (Windows 10's; Rust's std takes its random bytes from its ProcessPrng), so
# a stand-in from BCryptGenRandom lies beside the programs, as the DLL does: Windows finds a
# program's DLLs in its folder.
win=$build/win-x64
win_build() {
  local dir test
  dir=$(unpacked win-x64)
  mkdir -p "$win"
  cat >"$win/mkdir_compat.h" <<'C'
#include <direct.h>
#include <io.h>
#include <sys/stat.h>
#define mkdir(path, mode) _mkdir(path)
C
  cat >"$win/bcryptprimitives.c" <<'C'
#include <windows.h>
#include <bcrypt.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
C
  x86_64-w64-mingw32-gcc -shared -O1 -o "$win/bcryptprimitives.dll" "$win/bcryptprimitives.c" -lbcrypt
  cp "$dir/bin/sharpapi_webhooks.dll" "$win/"
  local mingw=(x86_64-w64-mingw32-gcc "${cflags[@]}" -include "$win/mkdir_compat.h")
  for test in test_vectors test_api; do
    # test_api.c passes a long through a thread's void * result: on Windows a long is narrower
    # than a pointer, which the round trip survives but GCC warns of.
    [ "$test" = test_api ] && mingw+=(-Wno-int-to-pointer-cast -Wno-pointer-to-int-cast)
    # the DLL itself, as MinGW can link it
    "${mingw[@]}" -I"$dir/include" "bindings/c/tests/$test.c" "$dir/bin/sharpapi_webhooks.dll" -pthread -o "$win/${test}_dll.exe"
    # the import library, through pkg-config
    # shellcheck disable=SC2046
    "${mingw[@]}" $(PKG_CONFIG_LIBDIR=$dir/lib/pkgconfig pkg-config --cflags sharpapi_webhooks) "bindings/c/tests/$test.c" \
      $(PKG_CONFIG_LIBDIR=$dir/lib/pkgconfig pkg-config --libs sharpapi_webhooks) -pthread -o "$win/${test}_implib.exe"
    # the static library, through pkg-config
    # shellcheck disable=SC2046
    "${mingw[@]}" $(PKG_CONFIG_LIBDIR=$dir/lib/pkgconfig pkg-config --cflags sharpapi_webhooks-static) "bindings/c/tests/$test.c" \
      $(PKG_CONFIG_LIBDIR=$dir/lib/pkgconfig pkg-config --libs sharpapi_webhooks-static) -pthread -o "$win/${test}_static.exe"
  done
  # Every DLL a program needs that Windows does not have goes beside it (MinGW's thread library).
  local program imports
  for program in "$win"/*.exe; do
    imports=$(x86_64-w64-mingw32-objdump -p "$program" | sed -n 's/^\tDLL Name: //p')
    case $program in
      *_static.exe) ! grep -qi sharpapi_webhooks <<<"$imports" || { echo "$program imports the DLL"; exit 1; } ;;
      *) grep -qx sharpapi_webhooks.dll <<<"$imports" || { echo "$program does not import sharpapi_webhooks.dll: $imports"; exit 1; } ;;
    esac
    if grep -qi '^libwinpthread-1.dll$' <<<"$imports"; then
      cp "$(x86_64-w64-mingw32-gcc -print-file-name=libwinpthread-1.dll)" "$win/" 2>/dev/null ||
        cp /usr/x86_64-w64-mingw32/lib/libwinpthread-1.dll "$win/"
    fi
  done
  echo "win-x64: $(ls "$win"/*.exe | wc -l) programs; each that links the DLL imports sharpapi_webhooks.dll"
}
check "win-x64: built by mingw-w64 (the DLL itself, the import library, the static library)" win_build
wine_run() { (cd "$win" && wine "$@"); }
for program in test_vectors_dll test_vectors_implib test_vectors_static test_api_dll test_api_implib test_api_static; do
  label=win-x64-$(sed 's/^test_vectors_/vectors-/; s/^test_api_/api-/' <<<"$program")
  check "win-x64 under Wine: $label" run_test "$label" wine_run "./$program.exe"
done

# CMake: the archive's find_package files, for linux-x64 (this machine's gcc) and win-x64 (MinGW,
# run under Wine), each building the example and running it through scripts/demo.sh.
cmake_consumer() {
  local rid=$1 dir out
  dir=$(unpacked "$rid")
  out=$build/cmake-$rid
  local options=(-DCMAKE_PREFIX_PATH="$dir" -DCMAKE_BUILD_TYPE=Release)
  [[ $rid == win-* ]] && options+=(-DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER=x86_64-w64-mingw32-gcc)
  cmake -S bindings/c/tests/cmake -B "$out" "${options[@]}" >"$build/logs/cmake-$rid.log"
  cmake --build "$out" >>"$build/logs/cmake-$rid.log"
  if [[ $rid == win-* ]]; then
    cp "$win"/*.dll "$out/"
    for program in verify_delivery_shared verify_delivery_static; do
      # (Wine's console ends lines with CR LF; the program's exit status goes through)
      printf '#!/usr/bin/env bash\nset -o pipefail\ncd "%s" && wine ./%s.exe "$@" | tr -d "\\r"\n' "$out" "$program" >"$out/$program.sh"
      chmod +x "$out/$program.sh"
      scripts/demo.sh "$out/$program.sh"
    done
  else
    scripts/demo.sh "$out/verify_delivery_shared"
    scripts/demo.sh "$out/verify_delivery_static"
    needs_shared "$out/verify_delivery_shared"
    not_linked_to_shared "$out/verify_delivery_static"
  fi
}
check "CMake: linux-x64 archive: find_package, the example shared and static" cmake_consumer linux-x64
check "CMake: win-x64 archive (mingw-w64, Wine): find_package, the example shared and static" cmake_consumer win-x64
WINEPREFIX=$WINEPREFIX wineserver -k 2>/dev/null || true

printf '\n== not run here: osx-x64, osx-arm64 (no way to run Mach-O on Linux): checked as built only, above\n'
echo "test_platforms: $((SECONDS - started)) s"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
fi
echo "platforms: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
