#!/usr/bin/env bash
# Usage: scripts/binding.sh LANGUAGE VERB [ARG...]
#
# The same four verbs for every binding, so that each is set up, built, tested and benched alike:
#   deps   install what it needs and a fresh machine may lack (idempotent, quick when present)
#   build  its package(s), with every platform's native library from target/dist/
#   test   its tests: every shared vector, its API, its README as written; last line
#          "LANGUAGE: N passed, M failed"
#   bench  ours against the platform's own path, as a ratio measured in the same run
# LANGUAGE is one of: rust c python kotlin swift dotnet node php (or `list`). Every native build
# goes through scripts/build_targets.sh; every version comes from Cargo.toml through
# bindings/vocabulary.json. scripts/test.sh runs `test` for each; scripts/bench.sh `bench`.
set -euo pipefail
cd "$(dirname "$0")/.."

languages=(rust c python kotlin swift dotnet node php)
if [ "${1-}" = list ]; then
  printf '%s\n' "${languages[@]}"
  exit 0
fi
[ "$#" -ge 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
language=$1 verb=$2
shift 2

# One row per language: deps, build, test, bench. Each entry is the script that does it.
case $language in
  rust)
    deps=(scripts/deps.sh)
    build=(cargo build --release --locked --workspace --exclude uniffi-bindgen)
    test=(cargo test --locked --workspace --exclude uniffi-bindgen)
    bench=(cargo bench --locked -p sharpapi-webhooks --bench verify) ;;
  c)
    deps=(scripts/deps.sh)
    build=(scripts/package_c.sh)
    test=(scripts/test_c.sh)
    bench=(cargo bench --locked -p sharpapi-webhooks-ffi --bench c_abi) ;;
  python)
    deps=(scripts/deps.sh)
    build=(scripts/build_python.sh)
    test=(scripts/test_python.sh)
    bench=(scripts/bench_python.sh) ;;
  kotlin)
    deps=(scripts/deps.sh)
    build=(bindings/kotlin/build.sh package -DskipTests)
    test=(scripts/test_kotlin.sh)
    bench=(scripts/bench_kotlin.sh) ;;
  swift)
    deps=(bindings/swift/swift_chroot.sh true)
    build=(bindings/swift/generate.sh)
    test=(scripts/test_swift.sh)
    bench=(scripts/bench_swift.sh) ;;
  dotnet)
    deps=(bindings/dotnet/deps.sh)
    build=(bindings/dotnet/build.sh)
    test=(scripts/test_dotnet.sh)
    bench=(scripts/bench_dotnet.sh) ;;
  node)
    deps=(scripts/deps.sh)
    build=(scripts/build_node.sh)
    test=(scripts/test_node.sh)
    bench=(scripts/bench_node.sh) ;;
  php)
    deps=(bindings/php/deps.sh)
    build=(bindings/php/build.sh)
    test=(scripts/test_php.sh)
    bench=(scripts/bench_php.sh) ;;
  *) echo "binding: unknown language '$language' (one of: ${languages[*]})" >&2; exit 2 ;;
esac
case $verb in
  deps) command=("${deps[@]}") ;;
  build) command=("${build[@]}") ;;
  test) command=("${test[@]}") ;;
  bench) command=("${bench[@]}") ;;
  *) echo "binding: unknown verb '$verb' (deps, build, test or bench)" >&2; exit 2 ;;
esac
exec "${command[@]}" "$@"
