#!/usr/bin/env bash
# The .NET package as its users get it: bindings/dotnet/build.sh builds the NuGet package with
# Mono and extracts it, with the native library of all seven RIDs (checked first: the nupkg's
# RIDs are listed, and each library is target/dist's); the NUnit tests, compiled against the
# extracted assembly, run with the extracted linux-x64 library, which the package loads itself:
# the RID choice for every platform, every shared vector (headers vectors through ConstructEventFromHeaders),
# every explain vector through Verifier.Explain, TestDelivery.Create checked by Verifier and byte for
# byte, bad input, error messages, released native memory, threads, the package's layout and its
# version check; first, generate_vocabulary.py --check fails on a stale generated file. With
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

# The package's platforms: every RID's runtimes/<rid>/native/ library, byte for byte the one
# scripts/build_targets.sh wrote to target/dist/; a missing RID fails here.
python3 - "$out"/SharpApi.Webhooks.*.nupkg target/dist <<'PY'
import hashlib, sys, zipfile
from pathlib import Path
nupkg, dist = sys.argv[1], Path(sys.argv[2])
expected = {"linux-x64": "libsharpapi_webhooks.so", "linux-arm64": "libsharpapi_webhooks.so",
            "linux-musl-x64": "libsharpapi_webhooks.so", "linux-musl-arm64": "libsharpapi_webhooks.so",
            "osx-x64": "libsharpapi_webhooks.dylib", "osx-arm64": "libsharpapi_webhooks.dylib",
            "win-x64": "sharpapi_webhooks.dll"}
with zipfile.ZipFile(nupkg) as package:
    natives = {name.split("/")[1]: name for name in package.namelist()
               if name.startswith("runtimes/") and "/native/" in name}
    print("dotnet: package RIDs: " + " ".join(sorted(natives)))
    problems = [f"no runtimes/{rid}/native/{file}" for rid, file in expected.items()
                if natives.get(rid) != f"runtimes/{rid}/native/{file}"]
    problems += [f"unexpected {name}" for rid, name in natives.items() if rid not in expected]
    for rid, name in natives.items():
        if rid in expected and hashlib.sha256(package.read(name)).digest() != \
                hashlib.sha256((dist / rid / expected[rid]).read_bytes()).digest():
            problems.append(f"{name} is not target/dist/{rid}/{expected[rid]}")
if problems:
    sys.exit("dotnet: the package's platforms are wrong: " + "; ".join(problems))
PY

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
# not copied beside the tests; -noshadow keeps NUnit from loading copies. No LD_LIBRARY_PATH: the
# package finds its runtimes/linux-x64/native/ library itself.
nunit_status=0
MONO_PATH=$package/lib/netstandard2.0 \
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
