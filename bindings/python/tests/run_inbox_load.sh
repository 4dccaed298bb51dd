#!/usr/bin/env bash
# run_inbox_load.sh NAME INBOX_URL PYTHON FRAMEWORK...: the lead's load driver
# (tests/sender/inbox_load.py: 2,000 deliveries, 10% duplicates) against one acknowledge-then-
# process test app per FRAMEWORK (flask or fastapi; tests/sender_apps/inbox_apps.py) and one
# Huey worker (huey_consumer, next to PYTHON) per app, all over the inbox at INBOX_URL
# (sqlite:///PATH or redis://HOST:PORT/DB, which must be empty). Prints the driver's output, whose
# last line is `inbox-load NAME: N passed, M failed`; on a failure, the apps' and workers' logs.
set -euo pipefail
name=$1 url=$2 python=$3
shift 3
root=$(cd "$(dirname "$0")/../../.." && pwd)
folder=$(mktemp -d)
secret=whsec_inbox_load_current
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$folder"
}
trap cleanup EXIT
touch "$folder/handled.log"
export SHARPAPI_INBOX=$url SHARPAPI_WEBHOOK_SECRET=$secret SHARPAPI_WEBHOOK_PREVIOUS_SECRET=whsec_inbox_load_previous \
  SHARPAPI_HANDLED_LOG=$folder/handled.log
consumer=$(dirname "$python")/huey_consumer
[ -x "$consumer" ] || { echo "run_inbox_load: Huey's worker command is missing: $consumer" >&2; exit 1; }
targets=()
ports=()
for framework in "$@"; do
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$root/bindings/python" && PORT=$port exec "$python" -m tests.sender_apps.inbox_apps "$framework") \
    >"$folder/web-$framework-$port.log" 2>&1 &
  pids+=($!)
  (cd "$root/bindings/python" && exec "$consumer" tests.sender_apps.inbox_tasks.huey -w 4 -k thread -d 0.05 -m 0.5) \
    >"$folder/worker-$port.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
  targets+=(--url "http://127.0.0.1:$port/webhooks/sharpapi" --metrics-url "http://127.0.0.1:$port/metrics")
done
for port in "${ports[@]}"; do
  for _ in $(seq 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
done
status=0
python3 "$root/tests/sender/inbox_load.py" --name "$name" --handled-log "$folder/handled.log" --secret "$secret" \
  --count 2000 --duplicates 0.1 "${targets[@]}" || status=$?
if [ "$status" != 0 ]; then
  for log in "$folder"/*.log; do
    [ "$log" = "$folder/handled.log" ] && continue
    printf -- '--- %s\n' "$(basename "$log")" >&2
    tail -n 40 "$log" >&2
  done
fi
exit "$status"
