#!/usr/bin/env bash
# The benchmarks, each printing our time as a ratio of a peer's measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cargo bench --locked -p sharpapi-webhooks --bench verify "$@"       # the core vs OpenSSL
cargo bench --locked -p sharpapi-webhooks-ffi --bench c_abi "$@"    # the C ABI vs the core
# Python: construct_event vs the stdlib hmac + json path, in the test environment's wheel.
[ -x target/python/venv-3.11/bin/python ] || scripts/test_python.sh >/dev/null
target/python/venv-3.11/bin/python scripts/bench_python.py
scripts/bench_swift.sh                                              # Swift binding vs the core
scripts/bench_dotnet.sh                                             # .NET P/Invoke vs managed HMACSHA256
scripts/bench_kotlin.sh                                             # Kotlin binding vs javax.crypto.Mac
scripts/bench_php.sh                                                # PHP FFI vs hash_hmac + hash_equals
scripts/bench_node.sh                                               # Node.js koffi vs node:crypto + JSON.parse
