#!/usr/bin/env bash
# Builds the Kotlin/JVM package from scratch: installs Java 17 and Maven when missing, builds
# uniffi-bindgen and any platform's library missing from target/dist or older than the Rust
# sources (scripts/build_targets.sh),
# then runs `mvn -q -B MAVEN_ARGS...` on a removed target/.
# usage: bindings/kotlin/build.sh verify | package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."

. scripts/lib.sh
need javac openjdk-17-jdk-headless
need mvn maven
install_needed kotlin
# The jar targets Java 17 and the checks use its HexFormat.
java_major=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
if [ "$java_major" -lt 17 ]; then
  echo "kotlin: javac $java_major found; Java 17 or newer is needed" >&2
  exit 1
fi
for tool in cargo python3; do
  command -v "$tool" >/dev/null || { echo "kotlin: $tool not found" >&2; exit 1; }
done

# Every platform's library, from scripts/build_targets.sh's output (glibc 2.17 floor for linux-*);
# a RID missing there, or older than the Rust sources, is built first.
build_stale_targets "${all_rids[@]}"
# Built alone, in the dev profile: its cli feature must not reach the library's build.
cargo build --locked -p uniffi-bindgen

cd bindings/kotlin
# From scratch: the Kotlin compiler leaves the classes of deleted sources behind.
rm -rf target
mvn -q -B "$@"
