#!/usr/bin/env bash
# The C library as its users get it: installed into a scratch prefix, found through pkg-config and
# CMake, linked dynamically and statically; every vector and the API tests run plain, under
# valgrind and under AddressSanitizer + UndefinedBehaviorSanitizer; then the example end to end.
#
# The plain run of the vector test writes what the library did with every vector to
# $SHARPAPI_CONFORMANCE_DIR/c.json (a scratch folder when that is unset), which is checked against
# the vectors' expected answers; the other runs write theirs elsewhere, and each must be the same.
set -euo pipefail
cd "$(dirname "$0")/.."

build=$PWD/target/c-tests
prefix=$build/prefix
rm -rf "$build"
PREFIX=$prefix scripts/install_c.sh
python3 scripts/gen_c_vectors.py "$build"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
conformance_dir=${SHARPAPI_CONFORMANCE_DIR:-$build/conformance}

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
header_version=$(sed -n 's/^#define SHARPAPI_VERSION "\(.*\)"$/\1/p' "$prefix/include/sharpapi_webhooks.h")
pkg_version=$(pkg-config --modversion sharpapi_webhooks)
if [ "$header_version" != "$version" ] || [ "$pkg_version" != "$version" ]; then
  echo "test_c: the header says $header_version and pkg-config $pkg_version, Cargo.toml $version" >&2
  exit 1
fi

# the generated vectors hold strings longer than ISO C requires compilers to take
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -Wno-overlength-strings -g -O1 -I"$build")
read -ra pkg_cflags <<<"$(pkg-config --cflags sharpapi_webhooks)"
read -ra pkg_libs <<<"$(pkg-config --libs sharpapi_webhooks)"
read -ra private_libs <<<"$(pkg-config --static --libs-only-l sharpapi_webhooks | sed 's/-lsharpapi_webhooks//')"
sanitizers=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)

for test in test_vectors test_api; do
  source=bindings/c/tests/$test.c
  gcc "${cflags[@]}" "${pkg_cflags[@]}" "$source" "${pkg_libs[@]}" -Wl,-rpath,"$prefix/lib" -pthread \
    -o "$build/${test}_dynamic"
  gcc "${cflags[@]}" "${pkg_cflags[@]}" "$source" "$prefix/lib/libsharpapi_webhooks.a" \
    "${private_libs[@]}" -pthread -o "$build/${test}_static"
  gcc "${cflags[@]}" "${sanitizers[@]}" "${pkg_cflags[@]}" "$source" "${pkg_libs[@]}" \
    -Wl,-rpath,"$prefix/lib" -pthread -o "$build/${test}_sanitized"
  if ldd "$build/${test}_static" | grep -q sharpapi; then
    echo "test_c: ${test}_static is linked to the shared library" >&2
    exit 1
  fi
  ldd "$build/${test}_dynamic" | grep -q "libsharpapi_webhooks.so => $prefix/lib/" \
    || { echo "test_c: ${test}_dynamic does not load the installed library" >&2; exit 1; }

  printf '\n== C %s: dynamic\n' "$test"
  SHARPAPI_CONFORMANCE_DIR=$conformance_dir "$build/${test}_dynamic"
  printf '\n== C %s: static\n' "$test"
  SHARPAPI_CONFORMANCE_DIR=$build/conformance-static "$build/${test}_static"
  printf '\n== C %s: valgrind (no error, no leak)\n' "$test"
  SHARPAPI_CONFORMANCE_DIR=$build/conformance-valgrind \
    valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible "$build/${test}_dynamic"
  printf '\n== C %s: AddressSanitizer + UndefinedBehaviorSanitizer\n' "$test"
  SHARPAPI_CONFORMANCE_DIR=$build/conformance-sanitized \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/${test}_sanitized"
done

printf '\n== C: the conformance report holds every vector, as expected\n'
for run in static valgrind sanitized; do
  cmp "$conformance_dir/c.json" "$build/conformance-$run/c.json" \
    || { echo "test_c: the $run run reported other outcomes than the plain one" >&2; exit 1; }
done
python3 - "$conformance_dir/c.json" <<'PYTHON'
import json, sys
from pathlib import Path

report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
assert report["language"] == "c", report["language"]
problems = []
count = 0
for path in sorted(Path("tests/vectors").glob("*.json")):
    for vector in json.loads(path.read_text(encoding="utf-8"))["vectors"]:
        count += 1
        actual = report["outcomes"].get(vector["name"])
        if actual != vector["expected"]:
            problems.append(f"{vector['name']}: expected {vector['expected']}, reported {actual}")
if len(report["outcomes"]) != count:
    problems.append(f"{len(report['outcomes'])} outcomes for {count} vectors")
print("\n".join(problems) or f"{sys.argv[1]}: {count} vectors, each as expected")
sys.exit(1 if problems else 0)
PYTHON

printf '\n== C: a CMake project finds the library with find_package\n'
cmake -S bindings/c/tests/cmake -B "$build/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build/cmake" >/dev/null
scripts/demo.sh "$build/cmake/verify_delivery_shared"
scripts/demo.sh "$build/cmake/verify_delivery_static"
