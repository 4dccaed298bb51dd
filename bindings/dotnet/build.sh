#!/usr/bin/env bash
# Builds the SharpApi.Webhooks NuGet package with Mono, then extracts it, so that the tests and the
# benchmark run exactly what a consumer restores. Needs the toolchain of deps.sh. The package
# carries the native library of every RID (runtimes/<rid>/native/) from target/dist/, which
# scripts/build_targets.sh writes (it runs for any RID missing there or older than the sources). Writes, under
# target/dotnet/: build/ (the assembly), SharpApi.Webhooks.<version>.nupkg, and package/ (its
# contents).
set -euo pipefail
dotnet_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$dotnet_dir/../.." && pwd)
out=$repo/target/dotnet
cd "$repo"
. scripts/lib.sh

# One version everywhere, from bindings/vocabulary.json (generated from the core): the loaded
# library is checked against Vocabulary.cs at run time, and the package must not claim another.
sources=$dotnet_dir/src/SharpApi.Webhooks
version=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' bindings/vocabulary.json)
header_version=$(sed -n 's/^#define SHARPAPI_VERSION "\(.*\)"$/\1/p' bindings/c/include/sharpapi_webhooks.h)
cargo_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
managed_version=$(sed -n 's/.*const string Version = "\(.*\)";/\1/p' "$sources/Vocabulary.cs")
csproj_version=$(sed -n 's/.*<Version>\(.*\)<\/Version>.*/\1/p' "$sources/SharpApi.Webhooks.csproj")
[ -n "$version" ] || { echo "dotnet build: no version in bindings/vocabulary.json" >&2; exit 1; }
for other in "$header_version" "$cargo_version" "$managed_version" "$csproj_version"; do
  if [ "$other" != "$version" ]; then
    echo "dotnet build: versions differ: bindings/vocabulary.json $version, header $header_version," \
      "Cargo.toml $cargo_version, Vocabulary.cs $managed_version, SharpApi.Webhooks.csproj $csproj_version" \
      "(run bindings/dotnet/generate_vocabulary.py)" >&2
    exit 1
  fi
done

# The native library of every RID the package carries, from scripts/build_targets.sh's output
# (glibc 2.17 floor for linux-*); a RID missing there, or older than the Rust sources, is built
# first.
dist=$repo/target/dist
build_stale_targets "${all_rids[@]}"

rm -rf "$out/build" "$out/package" "$out"/SharpApi.Webhooks.*.nupkg
mkdir -p "$out/build"

# What the SDK generates from the .csproj's <Version>.
cat >"$out/build/AssemblyInfo.g.cs" <<EOF
[assembly: System.Reflection.AssemblyVersion("$version.0")]
[assembly: System.Reflection.AssemblyInformationalVersion("$version")]
[assembly: System.Reflection.AssemblyTitle("SharpApi.Webhooks")]
EOF
mcs -target:library -langversion:7.2 -unsafe -warnaserror -warn:4 -optimize+ -deterministic \
  -doc:"$out/build/SharpApi.Webhooks.xml" -out:"$out/build/SharpApi.Webhooks.dll" \
  "$out/build/AssemblyInfo.g.cs" "$sources"/*.cs

nupkg=$(python3 "$dotnet_dir/pack.py" "$dotnet_dir/SharpApi.Webhooks.nuspec" "$out" \
  version="$version" \
  assembly="$out/build/SharpApi.Webhooks.dll" \
  documentation="$out/build/SharpApi.Webhooks.xml" \
  dist="$dist")
python3 -m zipfile -e "$nupkg" "$out/package"
echo "dotnet build: $nupkg, extracted into $out/package"
