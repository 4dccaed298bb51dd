#!/usr/bin/env bash
# Builds the Kotlin/JVM package from scratch: installs Java 17 and Maven when missing, builds the
# release cdylib and uniffi-bindgen, then runs `mvn -q -B MAVEN_ARGS...` on a removed target/.
# usage: bindings/kotlin/build.sh verify | package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
if [ ${#missing[@]} -gt 0 ]; then
  echo "kotlin: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The jar targets Java 17 and the checks use its HexFormat.
java_major=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
if [ "$java_major" -lt 17 ]; then
  echo "kotlin: javac $java_major found; Java 17 or newer is needed" >&2
  exit 1
fi
for tool in cargo python3; do
  command -v "$tool" >/dev/null || { echo "kotlin: $tool not found" >&2; exit 1; }
done

cargo build --release --locked -p sharpapi-webhooks-ffi
# Built alone, in the dev profile: its cli feature must not reach the library's build.
cargo build --locked -p uniffi-bindgen

cd bindings/kotlin
# From scratch: the Kotlin compiler leaves the classes of deleted sources behind.
rm -rf target
mvn -q -B "$@"
