#!/usr/bin/env bash
# The Swift package, built and tested for real: bindings/swift/swift_chroot.sh makes (the first
# time) or reuses a Debian stable chroot with Swift, and generate.sh takes the native library of
# each Linux architecture from target/dist and generates the UniFFI sources; then `swift build`
# and `swift test` run there (x86_64, this machine), with warnings as errors, and the
# README's examples run as written in an empty folder there (scripts/readme_examples.py --mutate:
# the install command, the project's files, the build and the run from another folder, then a
# misspelt `Verifier` in each file, which must fail). Then the platforms check: the aarch64
# library, which Swift is not run with here, exports every sharpapi_ and UniFFI symbol the
# x86_64 one does (and no other), every function the C header and the generated UniFFI header
# declare, and needs no glibc newer than 2.17, as the x86_64 one. Ends with
# `swift: N passed, M failed`, counted from XCTest's results, plus one for the README's examples
# and one for the platforms check. With
# SHARPAPI_CONFORMANCE_DIR set, the vector test also writes swift.json there (swift_chroot.sh
# passes the variable in).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# Package.swift links the library with an absolute rpath to where generate.sh put it. Swift
# Testing is off: the tests are XCTest's, and its summary of no tests would read as none run.
bindings/swift/swift_chroot.sh sh -c '
  set -e
  swift build -Xswiftc -warnings-as-errors
  swift test --disable-swift-testing -Xswiftc -warnings-as-errors
' 2>&1 | tee "$log" || status=$?

passed=$(grep -cE "^Test Case '.*' passed \(" "$log" || true)
failed=$(grep -cE "^Test Case '.*' failed \(" "$log" || true)
if [ "$status" -eq 0 ] && { [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; }; then
  status=1
fi

# The README's examples, in the chroot, where Swift is (the repository is at the same path there).
# SwiftPM 6 on Linux sometimes aborts while building ("pure virtual method called", a crash of
# swift-build itself, seen once under heavy load): only that crash earns a second run, said so.
readme_log=$(mktemp)
run_readme() {
  bindings/swift/swift_chroot.sh python3 "$root/scripts/readme_examples.py" run \
    "$root/bindings/swift/README.md" --mutate 2>&1 | tee "$readme_log"
}
if run_readme || { grep -q "pure virtual method called" "$readme_log" &&
  echo "swift: swift-build crashed (pure virtual method called); running the README once more" &&
  run_readme; }; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi
# The platforms Package.swift links, by architecture: generated/lib/<rid>/, listed; the aarch64
# library checked against the x86_64 one by its exports.
if python3 - bindings/swift/generated bindings/c/include/sharpapi_webhooks.h <<'PY'
import re, subprocess, sys
from pathlib import Path
generated, c_header = Path(sys.argv[1]), Path(sys.argv[2])
rids = ["linux-x64", "linux-arm64"]
print("swift: package platforms: " + " ".join(
    f"generated/lib/{path.parent.name}/{path.name}" for path in sorted(generated.glob("lib/*/*"))))
exported, glibc = {}, {}
for rid in rids:
    library = generated / "lib" / rid / "libsharpapi_webhooks.so"
    if not library.is_file():
        sys.exit(f"swift: no {library}")
    symbols = subprocess.run(["nm", "-D", "--defined-only", library], check=True, capture_output=True, text=True).stdout
    exported[rid] = {line.split()[-1] for line in symbols.splitlines()
                     if re.match(r"(sharpapi_|uniffi_|ffi_sharpapi|UNIFFI_)", line.split()[-1], re.I)}
    versions = subprocess.run(["objdump", "-T", library], check=True, capture_output=True, text=True).stdout
    glibc[rid] = max((tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_([0-9.]+)", versions)), default=(0,))
declared = {name for name in re.findall(r"\b(sharpapi_\w+)\s*\(", c_header.read_text()) if not name.endswith("_t")}
declared |= set(re.findall(r"\b((?:uniffi|ffi)_sharpapi\w+)\s*\(",
                           (generated / "SharpApiWebhooksFFI/SharpApiWebhooksFFI.h").read_text()))
problems = []
if exported["linux-arm64"] != exported["linux-x64"]:
    problems.append("the aarch64 library's exports differ from the x86_64 one's: only aarch64 "
                    f"{sorted(exported['linux-arm64'] - exported['linux-x64'])}, only x86_64 "
                    f"{sorted(exported['linux-x64'] - exported['linux-arm64'])}")
for rid in rids:
    if declared - exported[rid]:
        problems.append(f"{rid} lacks {sorted(declared - exported[rid])}")
    if glibc[rid] > (2, 17):
        problems.append(f"{rid} needs GLIBC_{'.'.join(map(str, glibc[rid]))}, newer than 2.17")
if problems:
    sys.exit("swift: " + "; ".join(problems))
print(f"swift: linux-arm64 exports the same {len(exported['linux-x64'])} sharpapi_/UniFFI symbols as "
      f"linux-x64, the {len(declared)} functions of the two headers among them; both need GLIBC 2.17 at most")
PY
then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi
echo "swift: $passed passed, $failed failed"
exit "$status"
