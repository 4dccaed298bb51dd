#!/usr/bin/env bash
# The Kotlin/JVM benchmark (bindings/kotlin/src/bench/Bench.java): each hot path of the built jar
# (verify, isValid, constructEvent, constructEventFromHeaders) on a 1 KiB delivery against the
# JDK doing the same work (javax.crypto.Mac and MessageDigest.isEqual, org.json for the event) and
# against the core's own cost through the C ABI (src/bench/core_cost.c, built here), in one run;
# one "ratio kotlin PATH 1KiB: ..." line per path (scripts/bench.sh gathers them) with the ratio to
# the JDK and the time above the core.
# usage: scripts/bench_kotlin.sh [seconds per case and round, default 0.3]
set -euo pipefail
cd "$(dirname "$0")/.."
kotlin=bindings/kotlin
"$kotlin/build.sh" package -DskipTests
jars=("$kotlin"/target/sharpapi-webhooks-*.jar)
# The jar's own linux-x86-64 library, as scripts/build_targets.sh built it.
library=$PWD/target/dist/linux-x64
core=$kotlin/target/bench/core_cost
mkdir -p "$(dirname "$core")"
cc -O2 -Wall -Werror -I bindings/c/include "$kotlin/src/bench/core_cost.c" -L "$library" -lsharpapi_webhooks \
  -Wl,-rpath,"$library" -o "$core"
# Java's single-file launcher compiles the benchmark against the jar and runs it.
java -cp "${jars[0]}:$(cat "$kotlin/target/runtime-classpath.txt"):$(cat "$kotlin/target/bench-classpath.txt")" \
  "$kotlin/src/bench/Bench.java" "$core" "$@"
