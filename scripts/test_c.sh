#!/usr/bin/env bash
# The C library as its users get it: installed into a scratch prefix, found through pkg-config and
# CMake, linked dynamically and statically; every vector and the API tests run plain, under
# valgrind and under AddressSanitizer + UndefinedBehaviorSanitizer; then the example end to end.
set -euo pipefail
cd "$(dirname "$0")/.."

build=$PWD/target/c-tests
prefix=$build/prefix
rm -rf "$build"
PREFIX=$prefix scripts/install_c.sh
python3 scripts/gen_c_vectors.py "$build"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig

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
  "$build/${test}_dynamic"
  printf '\n== C %s: static\n' "$test"
  "$build/${test}_static"
  printf '\n== C %s: valgrind (no error, no leak)\n' "$test"
  valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible "$build/${test}_dynamic"
  printf '\n== C %s: AddressSanitizer + UndefinedBehaviorSanitizer\n' "$test"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/${test}_sanitized"
done

printf '\n== C: a CMake project finds the library with find_package\n'
cmake -S bindings/c/tests/cmake -B "$build/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build/cmake" >/dev/null
scripts/demo.sh "$build/cmake/verify_delivery_shared"
scripts/demo.sh "$build/cmake/verify_delivery_static"
