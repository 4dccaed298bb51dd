#!/usr/bin/env bash
# The short fuzz run CI does: builds the four targets (tests/fuzz) and runs each for 30 s
# (FUZZ_SECONDS), after replaying its regressions; one line per target, and a non-zero exit on
# any finding. Long runs: scripts/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/fuzz.sh
. scripts/fuzz.sh

seconds=${FUZZ_SECONDS:-30}
log_dir=$fuzz_dir/target/logs
mkdir -p "$log_dir"
python3 "$fuzz_dir/seeds.py"
if ! fuzz_build >"$log_dir/build.log" 2>&1; then
  cat "$log_dir/build.log" >&2
  echo "fuzz: build failed" >&2
  exit 1
fi

failed=0
for target in "${targets[@]}"; do
  log=$log_dir/$target.log
  if fuzz_run "$target" -max_total_time="$seconds" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz: $target: 1 passed, 0 failed ($runs inputs in ${seconds} s)"
  else
    failed=$((failed + 1))
    echo "fuzz: $target: 0 passed, 1 failed; log $log, input in $fuzz_dir/artifacts/$target/"
    grep -E -m5 'panicked|ERROR|Test unit written' "$log" >&2 || true
  fi
done
echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
