#!/usr/bin/env bash
# Installs what the .NET build, tests and benchmark need and a fresh machine may lack, from
# Debian's packages (as root): Mono's C# compiler and runtime, System.Json and System.Xml.Linq
# (the tests read the vectors and the package's manifest), NUnit 2.6 and its console runner, gcc
# (the tests build a stand-in native library), unzip (the README's install unpacks the .nupkg).
# Quick when everything is there. No registry here serves the .NET SDK; Mono runs the same
# P/Invoke code.
set -euo pipefail

. "$(dirname "$0")/../../scripts/lib.sh"
need mcs mono-mcs
need mono mono-runtime
need /usr/lib/mono/4.5/System.Json.dll libmono-system-json4.0-cil
need /usr/lib/mono/4.5/System.Xml.Linq.dll libmono-system-xml-linq4.0-cil
need nunit-console nunit-console
need /usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll libnunit-framework2.6.3-cil
need gcc gcc libc6-dev
need unzip unzip
need python3 python3
install_needed dotnet
# rustup's servers are out of reach, so a missing Rust toolchain is an error, not an install.
command -v cargo >/dev/null || { echo "dotnet deps: cargo not found; install the Rust toolchain" >&2; exit 1; }
