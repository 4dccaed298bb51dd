#!/usr/bin/env bash
# The Kotlin/JVM benchmark: verifying a 1 KiB delivery through the built jar against the JDK's own
# HMAC-SHA256 (javax.crypto.Mac and MessageDigest.isEqual), in one run, printed as a ratio.
# usage: scripts/bench_kotlin.sh [seconds per round, default 0.5]
set -euo pipefail
cd "$(dirname "$0")/.."
kotlin=bindings/kotlin
"$kotlin/build.sh" package -DskipTests
jars=("$kotlin"/target/sharpapi-webhooks-*.jar)
# Java's single-file launcher compiles the benchmark against the jar and runs it.
java -cp "${jars[0]}:$(cat "$kotlin/target/runtime-classpath.txt")" "$kotlin/src/bench/Bench.java" "$@"
