#!/usr/bin/env bash
# Installs what the .NET build, tests and benchmark need and a fresh machine may lack, from
# Debian's packages (as root): Mono's C# compiler and runtime, System.Json and System.Xml.Linq
# (the tests read the vectors and the package's manifest), NUnit 2.6 and its console runner, gcc
# (the tests build a stand-in native library), unzip (the README's install unpacks the .nupkg).
# Quick when everything is there. No registry here serves the .NET SDK; Mono runs the same
# P/Invoke code.
set -euo pipefail

missing=()
command -v mcs >/dev/null || missing+=(mono-mcs)
command -v mono >/dev/null || missing+=(mono-runtime)
[ -f /usr/lib/mono/4.5/System.Json.dll ] || missing+=(libmono-system-json4.0-cil)
[ -f /usr/lib/mono/4.5/System.Xml.Linq.dll ] || missing+=(libmono-system-xml-linq4.0-cil)
command -v nunit-console >/dev/null || missing+=(nunit-console)
[ -f /usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll ] || missing+=(libnunit-framework2.6.3-cil)
command -v gcc >/dev/null || missing+=(gcc libc6-dev)
command -v unzip >/dev/null || missing+=(unzip)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "dotnet deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# rustup's servers are out of reach, so a missing Rust toolchain is an error, not an install.
command -v cargo >/dev/null || { echo "dotnet deps: cargo not found; install the Rust toolchain" >&2; exit 1; }
