#!/usr/bin/env bash
# The Swift package, built and tested for real: bindings/swift/swift_chroot.sh makes (the first
# time) or reuses a Debian stable chroot with Swift, builds the native library and generates the
# UniFFI sources; then `swift build` and `swift test` run there, with warnings as errors.
# Ends with `swift: N passed, M failed`, counted from XCTest's results.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# The rpath lets the test bundle load the library from where swift_chroot.sh put it. Swift
# Testing is off: the tests are XCTest's, and its summary of no tests would read as none run.
bindings/swift/swift_chroot.sh sh -c '
  set -e
  flags="-Xswiftc -warnings-as-errors -Xlinker -L$NATIVE_LIB_DIR -Xlinker -rpath -Xlinker $NATIVE_LIB_DIR"
  swift build $flags
  swift test --disable-swift-testing $flags
' 2>&1 | tee "$log" || status=$?

passed=$(grep -cE "^Test Case '.*' passed \(" "$log" || true)
failed=$(grep -cE "^Test Case '.*' failed \(" "$log" || true)
if [ "$status" -eq 0 ] && { [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; }; then
  status=1
fi
echo "swift: $passed passed, $failed failed"
exit "$status"
