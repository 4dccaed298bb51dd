#!/usr/bin/env bash
# The Swift package, built and tested for real: bindings/swift/swift_chroot.sh makes (the first
# time) or reuses a Debian stable chroot with Swift, builds the native library and generates the
# UniFFI sources; then `swift build` and `swift test` run there, with warnings as errors, and the
# README's examples run as written in an empty folder there (scripts/readme_examples.py --mutate:
# the install command, the project's files, the build and the run from another folder, then a
# misspelt `Verifier` in each file, which must fail). Ends with `swift: N passed, M failed`,
# counted from XCTest's results, plus one for the README's examples. With
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
if bindings/swift/swift_chroot.sh python3 "$root/scripts/readme_examples.py" run \
  "$root/bindings/swift/README.md" --mutate; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi
echo "swift: $passed passed, $failed failed"
exit "$status"
