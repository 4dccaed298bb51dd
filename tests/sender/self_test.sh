#!/usr/bin/env bash
# The sender suite judged on its own reference app (tests/sender/reference_app.py, standard library
# only): it must pass the correct app and fail each broken one on the case that mistake breaks.
# Last line: "sender self-test: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
passed=0 failed=0
check() {  # check NAME EXPECTED_STATUS EXPECTED_FAILURE_PATTERN -- APP ARGS...
  local name=$1 expected=$2 pattern=$3 output status
  shift 4
  output=$(python3 tests/sender/sender.py --name "$name" --load 200 -- "$@" 2>&1)
  status=$?
  if [ "$expected" = pass ] && [ "$status" = 0 ]; then
    passed=$((passed + 1)); echo "ok    $name passes"
  elif [ "$expected" = fail ] && [ "$status" != 0 ] && grep -qE "FAIL  $pattern" <<<"$output"; then
    passed=$((passed + 1)); echo "ok    $name fails on: $pattern"
  else
    failed=$((failed + 1)); echo "FAIL  $name (exit $status, expected to $expected${pattern:+ on $pattern})"
    tail -n 40 <<<"$output"
  fi
}
check reference pass '' -- python3 tests/sender/reference_app.py
check mark-first fail 'handler failing twice, delivery 2' -- python3 tests/sender/reference_app.py --broken mark-first
check no-limit fail 'Content-Length over the limit' -- python3 tests/sender/reference_app.py --broken no-limit
check html-errors fail 'tampered body -> 401: Content-Type' -- python3 tests/sender/reference_app.py --broken html-errors
check no-dedupe fail 'every event handled exactly' -- python3 tests/sender/reference_app.py --broken no-dedupe
echo "sender self-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
