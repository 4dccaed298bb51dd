#!/usr/bin/env bash
# The C library as its users get it: installed into a scratch prefix, found through pkg-config and
# CMake, linked dynamically and statically; every vector (those of tests/vectors/explain/ through
# sharpapi_explain too) and the API tests (test deliveries and explain among them) run plain, under
# valgrind and under AddressSanitizer + UndefinedBehaviorSanitizer; then the example end to end,
# and bindings/c/README.md's examples as written, in an empty folder (scripts/readme_examples.py
# --mutate). Ends with `c: N passed, M failed`; any failure makes it exit non-zero.
#
# The plain run of the vector test writes what the library did with every vector to
# $SHARPAPI_CONFORMANCE_DIR/c.json (a scratch folder when that is unset), which is checked against
# the vectors' expected answers; the other runs write theirs elsewhere, and each must be the same.
set -euo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
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
pkg_static_version=$(pkg-config --modversion sharpapi_webhooks-static)
if [ "$header_version" != "$version" ] || [ "$pkg_version" != "$version" ] \
    || [ "$pkg_static_version" != "$version" ]; then
  echo "test_c: the header says $header_version and pkg-config $pkg_version" \
    "(static: $pkg_static_version), Cargo.toml $version" >&2
  exit 1
fi
passed=$((passed + 1))

# needs_shared_library PROGRAM: does PROGRAM name libsharpapi_webhooks.so among its NEEDED entries?
needs_shared_library() {
  local dynamic
  dynamic=$(readelf -d "$1") || { echo "test_c: readelf cannot read $1" >&2; exit 1; }
  grep -q 'NEEDED.*\[libsharpapi_webhooks\.so\]' <<<"$dynamic"
}

# the generated vectors hold strings longer than ISO C requires compilers to take
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -Wno-overlength-strings -g -O1 -I"$build")
read -ra pkg_cflags <<<"$(pkg-config --cflags sharpapi_webhooks)"
read -ra pkg_libs <<<"$(pkg-config --libs sharpapi_webhooks)"
read -ra pkg_static_libs <<<"$(pkg-config --libs sharpapi_webhooks-static)"
sanitizers=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)

for test in test_vectors test_api; do
  source=bindings/c/tests/$test.c
  gcc "${cflags[@]}" "${pkg_cflags[@]}" "$source" "${pkg_libs[@]}" -Wl,-rpath,"$prefix/lib" -pthread \
    -o "$build/${test}_dynamic"
  gcc "${cflags[@]}" "${pkg_cflags[@]}" "$source" "${pkg_static_libs[@]}" -pthread \
    -o "$build/${test}_static"
  gcc "${cflags[@]}" "${sanitizers[@]}" "${pkg_cflags[@]}" "$source" "${pkg_libs[@]}" \
    -Wl,-rpath,"$prefix/lib" -pthread -o "$build/${test}_sanitized"
  if needs_shared_library "$build/${test}_static"; then
    echo "test_c: ${test}_static, linked through sharpapi_webhooks-static.pc, needs the .so" >&2
    exit 1
  fi
  loaded=$(ldd "$build/${test}_dynamic")
  grep -q "libsharpapi_webhooks.so => $prefix/lib/" <<<"$loaded" \
    || { echo "test_c: ${test}_dynamic does not load the installed library" >&2; exit 1; }
  passed=$((passed + 1))

  printf '\n== C %s: dynamic\n' "$test"
  SHARPAPI_CONFORMANCE_DIR=$conformance_dir "$build/${test}_dynamic"
  passed=$((passed + 1))
  printf '\n== C %s: static\n' "$test"
  SHARPAPI_CONFORMANCE_DIR=$build/conformance-static "$build/${test}_static"
  passed=$((passed + 1))
  printf '\n== C %s: valgrind (no error, no leak)\n' "$test"
  SHARPAPI_CONFORMANCE_DIR=$build/conformance-valgrind \
    valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible "$build/${test}_dynamic"
  passed=$((passed + 1))
  printf '\n== C %s: AddressSanitizer + UndefinedBehaviorSanitizer\n' "$test"
  SHARPAPI_CONFORMANCE_DIR=$build/conformance-sanitized \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/${test}_sanitized"
  passed=$((passed + 1))
done

printf '\n== C: the conformance report holds every vector, as expected\n'
for run in static valgrind sanitized; do
  cmp "$conformance_dir/c.json" "$build/conformance-$run/c.json" \
    || { echo "test_c: the $run run reported other outcomes than the plain one" >&2; exit 1; }
done
python3 scripts/conformance.py --report c "$conformance_dir/c.json"
passed=$((passed + 1))

printf '\n== C: a CMake project finds the library with find_package\n'
cmake -S bindings/c/tests/cmake -B "$build/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build/cmake" >/dev/null
scripts/demo.sh "$build/cmake/verify_delivery_shared"
passed=$((passed + 1))
scripts/demo.sh "$build/cmake/verify_delivery_static"
if needs_shared_library "$build/cmake/verify_delivery_static"; then
  echo "test_c: CMake's sharpapi_webhooks::static target linked the .so" >&2
  exit 1
fi
passed=$((passed + 1))

printf '\n== C: bindings/c/README.md, every example as written, in an empty folder\n'
# Kept in $build/readme, so that what it built can be looked at: its static programs (pkg-config's
# sharpapi_webhooks-static, CMake's ::static) need no libsharpapi_webhooks.so, and its shared one
# names the prefix it was installed into with -Wl,-rpath.
readme=$build/readme
if python3 scripts/readme_examples.py run bindings/c/README.md --mutate --keep "$readme"; then
  passed=$((passed + 1))
  for program in my_endpoint_static verify_delivery build/my_endpoint_static; do
    if needs_shared_library "$readme/$program"; then
      echo "test_c: the README's $program needs libsharpapi_webhooks.so" >&2
      failed=$((failed + 1))
    else
      passed=$((passed + 1))
    fi
  done
  dynamic=$(readelf -d "$readme/my_endpoint" | tr -s ' ')
  if grep -q 'NEEDED.*\[libsharpapi_webhooks\.so\]' <<<"$dynamic" \
      && grep -qF "(RUNPATH) Library runpath: [$(realpath "$readme")/deps/lib]" <<<"$dynamic"; then
    passed=$((passed + 1))
  else
    echo "test_c: the README's my_endpoint does not load the library from its rpath" >&2
    failed=$((failed + 1))
  fi
else
  failed=$((failed + 1))
fi

echo "c: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
