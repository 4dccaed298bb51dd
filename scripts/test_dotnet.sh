#!/usr/bin/env bash
# The .NET package as its users get it: bindings/dotnet/build.sh builds the NuGet package with
# Mono and extracts it; the NUnit tests, compiled against the extracted assembly, run with the
# extracted native library: every shared vector (headers vectors through ConstructEventFromHeaders),
# bad input, error messages, released native memory, threads, the package's layout and its version
# check; first, generate_vocabulary.py --check fails on a stale generated file. With
# SHARPAPI_CONFORMANCE_DIR set, the vector tests also write the outcomes they got to
# $SHARPAPI_CONFORMANCE_DIR/dotnet.json. Last, every example of bindings/dotnet/README.md runs as
# written in an empty folder (scripts/readme_examples.py --mutate; it rebuilds the package through
# build.sh, as the README's install says), each of its checks counted as a test. Installs Mono and
# NUnit when missing. The last line is
# "dotnet: N passed, M failed"; the exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$PWD/target/dotnet
tests=$out/tests
package=$out/package
summary_printed=0
# A failure before NUnit reports (a missing toolchain, a build error) still ends with the summary,
# counted as one failed test, so that it can never pass for a skip.
on_exit() {
  local status=$?
  if [ "$summary_printed" = 0 ]; then
    echo "dotnet: 0 passed, 1 failed"
    [ "$status" != 0 ] || status=1
  fi
  exit "$status"
}
trap on_exit EXIT

bindings/dotnet/deps.sh
# The enums, error codes and version are generated from bindings/vocabulary.json; stale is a failure.
python3 bindings/dotnet/generate_vocabulary.py --check
echo "dotnet: $(mono --version | head -n 1)"
bindings/dotnet/build.sh

rm -rf "$tests"
mkdir -p "$tests/stale_library"
gcc -std=c11 -Wall -Wextra -Werror -shared -fPIC -o "$tests/stale_library/libsharpapi_webhooks.so" \
  bindings/dotnet/tests/version_mismatch/stale_library.c
assembly=$package/lib/netstandard2.0/SharpApi.Webhooks.dll
mcs -langversion:7.2 -warnaserror -r:"$assembly" -out:"$tests/StaleLibraryProbe.exe" \
  bindings/dotnet/tests/version_mismatch/StaleLibraryProbe.cs
mcs -target:library -langversion:7.2 -warnaserror -r:"$assembly" \
  -r:/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll -r:System.Json -r:System.Xml -r:System.Xml.Linq \
  -out:"$tests/SharpApi.Webhooks.Tests.dll" bindings/dotnet/tests/SharpApi.Webhooks.Tests/*.cs

# The assembly and the native library are found in the extracted package, where NuGet puts them,
# not copied beside the tests; -noshadow keeps NUnit from loading copies.
nunit_status=0
MONO_PATH=$package/lib/netstandard2.0 LD_LIBRARY_PATH=$package/runtimes/linux-x64/native \
  nunit-console -nologo -noshadow -xml="$tests/TestResult.xml" "$tests/SharpApi.Webhooks.Tests.dll" \
  || nunit_status=$?

# Every test case that did not succeed, run or not, counts as failed.
read -r passed failed < <(python3 - "$tests/TestResult.xml" <<'PY'
import sys
from xml.etree import ElementTree
cases = ElementTree.parse(sys.argv[1]).getroot().iter("test-case")
results = [case.get("result") for case in cases]
print(results.count("Success"), len(results) - results.count("Success"))
PY
)

# The README's examples, as written, in a clean temporary project: its install block (build.sh,
# then the .nupkg unpacked), the quick start compiled by mcs and run by mono, and, with --mutate,
# the same run with a typo in each example file, which must fail. Its summary line counts; no
# summary line (a README block without a marker, a crash) counts as one failure.
readme_status=0
python3 scripts/readme_examples.py run bindings/dotnet/README.md --mutate 2>&1 | tee "$tests/readme.log" \
  || readme_status=$?
read -r readme_passed readme_failed < <(
  { sed -n 's/^readme .*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$tests/readme.log"
    echo "0 1"; } | head -n 1
)
if [ "$readme_status" != 0 ] && [ "$readme_failed" = 0 ]; then
  readme_failed=1
fi
passed=$((passed + readme_passed))
failed=$((failed + readme_failed))

summary_printed=1
echo "dotnet: $passed passed, $failed failed"
[ "$nunit_status" = 0 ] && [ "$readme_status" = 0 ] && [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
