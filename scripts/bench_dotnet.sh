#!/usr/bin/env bash
# The .NET benchmark: Verifier.Verify at 1 KiB through P/Invoke against managed HMACSHA256 with a
# constant-time compare, in one run, printed as a ratio. Runs against the extracted NuGet package,
# as the tests do; installs Mono when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$PWD/target/dotnet
package=$out/package
bindings/dotnet/deps.sh
bindings/dotnet/build.sh
mkdir -p "$out/bench"
mcs -langversion:7.2 -warnaserror -optimize+ -r:"$package/lib/netstandard2.0/SharpApi.Webhooks.dll" \
  -out:"$out/bench/VerifyBenchmark.exe" bindings/dotnet/bench/VerifyBenchmark.cs
MONO_PATH=$package/lib/netstandard2.0 LD_LIBRARY_PATH=$package/runtimes/linux-x64/native \
  mono --optimize=all "$out/bench/VerifyBenchmark.exe"
