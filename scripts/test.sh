#!/usr/bin/env bash
# Every check and every test of every language; what CI runs. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

step() { printf '\n== %s\n' "$*"; }

# Every language's vector tests write what they produced here; the conformance step compares them.
export SHARPAPI_CONFORMANCE_DIR=$PWD/target/conformance
rm -rf "$SHARPAPI_CONFORMANCE_DIR"

step "shared vectors are fresh, and openssl agrees with every expected signature"
python3 scripts/gen_vectors.py --check

step "every rule and the vocabulary live once: no package keeps a job type table or a NUL check"
python3 scripts/check_single_source.py

step "the sender suite passes a correct reference app and fails four broken ones"
tests/sender/self_test.sh

step "Rust: format and lints"
cargo fmt --all --check
# The bindgen tool is linted on its own, so that its cli feature never joins the library's builds.
cargo clippy --workspace --exclude uniffi-bindgen --all-targets --locked -- -D warnings
cargo clippy -p uniffi-bindgen --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --exclude uniffi-bindgen --no-deps --locked --quiet

step "Rust: unit, vector, property and doc tests; the C ABI from Rust; the header and vocabulary are fresh"
cargo test --workspace --exclude uniffi-bindgen --locked
step "Rust: each benchmark runs once"
cargo test --locked -p sharpapi-webhooks --bench verify --quiet
cargo test --locked -p sharpapi-webhooks-ffi --bench c_abi --quiet

step "the command-line tool: sign/verify vs hmac, explain on every vector, send/listen/replay over HTTP, the wheel, its READMEs"
scripts/test_cli.sh

step "every platform's native library (target/dist/), fresh from the sources: what every package ships"
scripts/build_targets.sh

step "C: the installed library, dynamic and static, plain, under valgrind and sanitizers"
scripts/binding.sh c test

step "UniFFI: bindings generated with uniffi.toml, and the Python one driven"
scripts/test_uniffi.sh

step "Python: the wheel on 3.9-3.13, Flask, Django, threads, mypy --strict"
scripts/binding.sh python test

step "Kotlin/JVM: mvn verify (generated bindings, JUnit), then the jar alone with JNA"
scripts/binding.sh kotlin test

step "Swift: the package built and tested in a Debian stable chroot"
scripts/binding.sh swift test

step ".NET: the NuGet package, built with Mono, tested from its extracted contents"
scripts/binding.sh dotnet test

step "Node.js: the npm package over koffi, node --test, a real Express app on loopback"
scripts/binding.sh node test

step "PHP: the FFI package, PHPUnit and a real request through PHP's web server"
scripts/binding.sh php test

step "packages: every package built with every platform inside, and each package's platforms listed"
scripts/build_packages.sh

step "platforms: glibc 2.17 floor; C over every vector in bullseye, under qemu (arm64 gnu and musl), on musl, under wine; macOS exports; C archives"
scripts/test_platforms.sh
step "platforms: the npm package's vectors in bullseye, under qemu-aarch64 and under wine"
bindings/node/platform_runs.sh

step "fuzz: each target 30 s (cargo-fuzz, nightly): parser vs serde_json, verify vs RFC 2104, header rule, C ABI"
scripts/test_fuzz.sh

step "READMEs: the top-level one's blocks are all marked; the Rust crate's examples (axum, actix-web) run as written"
scripts/test_readme.sh

step "conformance: every shared vector in all eight languages (Node through both engines), one table"
python3 scripts/conformance.py "$SHARPAPI_CONFORMANCE_DIR"

step "end to end: a sample delivery"
scripts/demo.sh
