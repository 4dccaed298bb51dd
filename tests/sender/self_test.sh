#!/usr/bin/env bash
# The sender suite judged on its own reference app (tests/sender/reference_app.py, standard library
# only): it must pass the correct app and fail each broken one on the case that mistake breaks; the
# same for tests/sender/inbox_load.py and its reference_inbox_app.py.
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

# tests/sender/inbox_load.py on two instances of its reference app sharing one inbox: it must pass
# them, and fail instances with an inbox each (a job handled twice) or losing accepted jobs.
inbox_check() {  # inbox_check NAME EXPECTED_STATUS EXPECTED_FAILURE_PATTERN [--broken MODE]
  local name=$1 expected=$2 pattern=$3 folder ports=() pids=() urls=() metrics=() output status port
  shift 3
  folder=$(mktemp -d)
  for _ in 1 2; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    SHARPAPI_WEBHOOK_SECRET=whsec_inbox_self_test SHARPAPI_HANDLED_LOG=$folder/handled.log \
      python3 tests/sender/reference_inbox_app.py "$port" "$folder/inbox" "$@" &
    pids+=("$!") urls+=(--url "http://127.0.0.1:$port/webhooks/sharpapi")
    metrics+=(--metrics-url "http://127.0.0.1:$port/metrics") ports+=("$port")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 100); do
      python3 -c "import socket, sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
      sleep 0.1
    done
  done
  output=$(python3 tests/sender/inbox_load.py --name "$name" "${urls[@]}" "${metrics[@]}" \
    --handled-log "$folder/handled.log" --secret whsec_inbox_self_test --count 400 \
    --handled-timeout 10 2>&1)
  status=$?
  kill "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
  rm -rf "$folder"
  if [ "$expected" = pass ] && [ "$status" = 0 ]; then
    passed=$((passed + 1)); echo "ok    inbox-load $name passes"
  elif [ "$expected" = fail ] && [ "$status" != 0 ] && grep -qE "FAIL $pattern" <<<"$output"; then
    passed=$((passed + 1)); echo "ok    inbox-load $name fails on: $pattern"
  else
    failed=$((failed + 1)); echo "FAIL  inbox-load $name (exit $status, expected to $expected${pattern:+ on $pattern})"
    tail -n 20 <<<"$output"
  fi
}
inbox_check reference pass ''
inbox_check own-inbox fail 'no job handled twice' --broken own-inbox
inbox_check lose-some fail 'every one of 400 jobs handled' --broken lose-some
echo "sender self-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
