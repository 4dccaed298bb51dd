#!/usr/bin/env bash
# The PHP package, bindings/php: installs PHP, PHPUnit, Laravel, Slim and redis-server from Debian
# when missing, fills the package's native/<rid>/ folders from target/dist (bindings/php/build.sh)
# and lists them (a missing platform, or a library that is not target/dist's, fails), starts
# bindings/php/examples/endpoint.php under PHP's built-in web server on loopback in both ways a
# server can load the library, and a redis-server on a free port, and runs PHPUnit: every shared
# vector and every explain vector (tests/vectors/explain/), the test deliveries (TestDelivery, byte
# for byte and through the Verifier), explain_failures' log lines, bad input, the declarations
# against the C header, the library's loading and the one picked per platform, real HTTP requests,
# the idempotency stores (Redis included, and claimed by several processes at once), the Laravel
# integration through Laravel's test client and the PSR-15 middleware. The package's generated files are checked first against their sources
# (bindings/vocabulary.json, the C header). Then the sender suite (tests/sender/sender.py) runs
# against the Laravel and the Slim test app (bindings/php/tests/apps/) under `php -S` with several
# workers, each with its file-cache store and again with Redis. Then the durable inbox (issue 16)
# with real processes, with SQLite and with Redis (bindings/php/tests/apps/inbox/inbox_processes.py:
# a killed worker, a web process that dies after accept, two instances, a dead letter replayed)
# and tests/sender/inbox_load.py's 2,000 deliveries over the Slim inbox app; and Laravel's own
# queue worker, `php artisan queue:work`, on the database (SQLite) and redis queues
# (tests/apps/inbox/laravel_queue_processes.py). Then bindings/php/README.md's
# examples run as written in an empty folder (scripts/readme_examples.py --mutate): Composer
# installs the package from the clone, the quick start, the endpoint under `php -S` with
# preloading, the errors, Laravel and Slim, a PHPUnit test that posts test deliveries, explain.
# When SHARPAPI_CONFORMANCE_DIR is set, the vector tests also write
# $SHARPAPI_CONFORMANCE_DIR/php.json. The last line is "php: N passed, M failed" (PHPUnit's test
# cases, the sender suites' cases, the inbox runs' checks and the README's runs); the exit status is non-zero on any
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$PWD/target/php
package=$PWD/bindings/php
summary_printed=0
server_pids=()
group_pids=()
# A failure before PHPUnit reports (a missing toolchain, a build error, a server that did not
# start) still ends with the summary, counted as one failed test, so it can never pass for a skip.
on_exit() {
  local status=$?
  local pid
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  # The inbox runs' servers and workers, each the leader of its own process group (php -S's
  # workers included).
  for pid in "${group_pids[@]}"; do
    kill -- "-$pid" 2>/dev/null || true
  done
  if [ "$summary_printed" = 0 ]; then
    echo "php: 0 passed, 1 failed"
    [ "$status" != 0 ] || status=1
  fi
  exit "$status"
}
trap on_exit EXIT

bindings/php/deps.sh
echo "php: $(php -r 'echo PHP_VERSION;'), $(phpunit --version | head -n 1)"

# Generated files against their sources: a stale one names itself and fails the run.
php bindings/php/generate_vocabulary.php --check
php bindings/php/tools/generate_native_header.php --check

mkdir -p "$out"
bindings/php/build.sh
# The package's platforms: one library per RID under native/, byte for byte target/dist's.
python3 - "$package/native" target/dist <<'PY'
import sys
from pathlib import Path
native, dist = Path(sys.argv[1]), Path(sys.argv[2])
expected = {"linux-x64": "libsharpapi_webhooks.so", "linux-arm64": "libsharpapi_webhooks.so",
            "linux-musl-x64": "libsharpapi_webhooks.so", "linux-musl-arm64": "libsharpapi_webhooks.so",
            "osx-x64": "libsharpapi_webhooks.dylib", "osx-arm64": "libsharpapi_webhooks.dylib",
            "win-x64": "sharpapi_webhooks.dll"}
shipped = {path.parent.name: path.name for path in native.glob("*/*")}
print("php: package platforms: " + " ".join(f"native/{rid}/{name}" for rid, name in sorted(shipped.items())))
problems = [f"no native/{rid}/{file}" for rid, file in expected.items() if shipped.get(rid) != file]
problems += [f"unexpected native/{rid}/{name}" for rid, name in shipped.items() if rid not in expected]
problems += [f"native/{rid}/{file} is not target/dist/{rid}/{file}" for rid, file in expected.items()
             if shipped.get(rid) == file and (native / rid / file).read_bytes() != (dist / rid / file).read_bytes()]
if problems:
    sys.exit("php: the package's platforms are wrong: " + "; ".join(problems))
PY
library=$package/native/linux-x64/libsharpapi_webhooks.so
# The package picks its own library: the tests and the servers run without a variable naming one.
unset SHARPAPI_WEBHOOKS_LIBRARY
export SHARPAPI_WEBHOOK_SECRET=whsec_php_http_test_secret

free_port() {
  php -r '$server = stream_socket_server("tcp://127.0.0.1:0");
    echo substr(strrchr(stream_socket_get_name($server, false), ":"), 1);'
}

# Waits until the server last started, NAME, listens on PORT; fails with its log if it does not.
wait_listening() {
  local name=$1 port=$2
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return
    fi
    kill -0 "${server_pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "php: the $name server did not start:" >&2
  cat "$out/server-$name.log" >&2
  exit 1
}

# The example endpoint's claims on job ids: a SQLite file of this run.
export SHARPAPI_WEBHOOK_DB=$out/endpoint-claims.sqlite
rm -f "$SHARPAPI_WEBHOOK_DB"

# Starts the example endpoint as server NAME with PHP options ARGS; its URL goes into $servers.
servers=""
start_server() {
  local name=$1 port
  shift
  port=$(free_port)
  php "$@" -S "127.0.0.1:$port" "$package/examples/endpoint.php" >"$out/server-$name.log" 2>&1 &
  server_pids+=("$!")
  wait_listening "$name" "$port"
  servers="$servers${servers:+ }$name=http://127.0.0.1:$port"
}

# A Redis of this run, on a free port, nothing written to disk: the Redis stores' tests and the
# sender suites' second runs use it.
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$out/server-redis.log" 2>&1 &
server_pids+=("$!")
wait_listening redis "$redis_port"
export SHARPAPI_WEBHOOKS_TEST_REDIS=127.0.0.1:$redis_port

# FFI::cdef, which a web server allows only with ffi.enable=1, of the package's own native/linux-x64/
# library, picked by the package: no variable names it (unset above).
start_server cdef -d ffi.enable=1
# The default ffi.enable=preload: ffi.preload declares the library (found by LD_LIBRARY_PATH, as
# ld.so.cache would find an installed one) and opcache.preload compiles the package. The path in
# SHARPAPI_WEBHOOKS_LIBRARY leads nowhere, so that a fallback to FFI::cdef would fail the tests.
LD_LIBRARY_PATH=$(dirname "$library") SHARPAPI_WEBHOOKS_LIBRARY=/nonexistent/libsharpapi_webhooks.so \
  start_server preload -d ffi.enable=preload -d "ffi.preload=$package/ffi/sharpapi_webhooks.h" \
  -d opcache.enable=1 -d opcache.enable_cli=1 -d "opcache.preload=$package/preload.php" \
  -d "opcache.preload_user=$(id -un)"

junit=$out/junit.xml
rm -f "$junit"
phpunit_status=0
(cd "$package" && SHARPAPI_WEBHOOKS_TEST_SERVERS=$servers \
  phpunit --log-junit "$junit") || phpunit_status=$?

# Every test case that did not pass, skipped or warned included, counts as failed.
read -r passed failed < <(php -r '
  $document = new DOMDocument();
  $document->load($argv[1]) || exit(1);
  $passed = $failed = 0;
  foreach ($document->getElementsByTagName("testcase") as $case) {
      $case->childElementCount === 0 ? $passed++ : $failed++;
  }
  echo "$passed $failed\n";' -- "$junit" 2>/dev/null || echo "0 1")

# The sender suite against each framework's test app, under `php -S` with four workers (which do
# not share memory: the apps keep their claims in a file cache, or in Redis) and the package
# preloaded, as its README sets a server up, with post_max_size at the default body limit.
sender_status=0
run_sender() {
  local name=$1 docroot=$2 router=$3 state
  state=$out/sender-$name
  rm -rf "$state"
  mkdir -p "$state"
  local log=$out/sender-$name.log
  SHARPAPI_APP_STATE=$state PHP_CLI_SERVER_WORKERS=4 LD_LIBRARY_PATH=$(dirname "$library") \
    python3 tests/sender/sender.py --name "$name" -- sh -c 'exec php -d ffi.enable=preload \
      -d "ffi.preload=$0/ffi/sharpapi_webhooks.h" -d opcache.enable=1 -d "opcache.preload=$0/preload.php" \
      -d "opcache.preload_user=$(id -un)" -d post_max_size=16M -d display_errors=0 \
      -S "127.0.0.1:$PORT" -t "$1" "$2"' "$package" "$docroot" "$router" >"$log" 2>&1 || sender_status=1
  grep -v '^  ok ' "$log" || true
  local counts
  counts=$(sed -n "s/^sender $name: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\$/\1 \2/p" "$log" | tail -n 1)
  if [ -n "$counts" ]; then
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
  else
    failed=$((failed + 1))
  fi
}
laravel_app=$package/tests/apps/laravel
slim_app=$package/tests/apps/slim
run_sender php-laravel "$laravel_app/public" "$laravel_app/public/index.php"
run_sender php-slim "$slim_app" "$slim_app/index.php"
export SHARPAPI_IDEMPOTENCY=redis REDIS_URL=redis://127.0.0.1:$redis_port/0
run_sender php-laravel-redis "$laravel_app/public" "$laravel_app/public/index.php"
run_sender php-slim-redis "$slim_app" "$slim_app/index.php"
unset SHARPAPI_IDEMPOTENCY REDIS_URL

# The durable inbox (issue 16, spec INBOX.md) with real processes, with SQLite and with Redis:
# bindings/php/tests/apps/inbox/inbox_processes.py (a worker SIGKILLed mid-handler, a web process that dies
# after accept, a failing handler to dead and its replay, and with Redis two instances), then
# tests/sender/inbox_load.py over the Slim inbox app (tests/apps/inbox/) under `php -S` with four
# workers each and two polling workers: two instances on Redis, one on SQLite, 2,000 deliveries
# with 10% duplicates, their /metrics checked. Each is counted by its summary line; no summary
# line (a missing tool, a crash) is a failure.
count_summary() {
  local kind=$1 name=$2 log=$3 counts
  counts=$(sed -n "s/^$kind $name: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\$/\1 \2/p" "$log" | tail -n 1)
  if [ -n "$counts" ]; then
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
  else
    failed=$((failed + 1))
  fi
}
inbox_status=0
inbox_app=$package/tests/apps/inbox
run_inbox() {
  local backend=$1 processes_inbox=$2 inbox=$3 instances=$4 state=$out/inbox-$1 urls=() metrics=() port pid
  rm -rf "$state"
  mkdir -p "$state"
  python3 "$inbox_app/inbox_processes.py" --inbox "$processes_inbox" --state "$state/processes" --name "php-$backend" \
    >"$state/processes.log" 2>&1 || inbox_status=1
  grep -v '^ok ' "$state/processes.log" || true
  count_summary inbox-processes "php-$backend" "$state/processes.log"
  local handled=$state/handled.log started=()
  for _ in $(seq "$instances"); do
    port=$(free_port)
    PORT=$port SHARPAPI_INBOX=$inbox SHARPAPI_HANDLED_LOG=$handled PHP_CLI_SERVER_WORKERS=4 \
      setsid php -d ffi.enable=1 -S "127.0.0.1:$port" -t "$inbox_app/slim" "$inbox_app/slim/index.php" \
      >"$state/web-$port.log" 2>&1 &
    group_pids+=("$!")
    started+=("$!")
    server_pids+=("$!")
    wait_listening "inbox-$backend-$port" "$port"
    urls+=(--url "http://127.0.0.1:$port/webhooks/sharpapi")
    metrics+=(--metrics-url "http://127.0.0.1:$port/metrics")
  done
  for worker in 1 2; do
    # The apps' lease is 2 s, short for the process tests; under load a claim may wait longer
    # than that for SQLite's write lock, so these workers take the default's order of magnitude.
    SHARPAPI_INBOX_LEASE_SECONDS=30 SHARPAPI_INBOX=$inbox SHARPAPI_HANDLED_LOG=$handled \
      setsid php -d ffi.enable=1 "$inbox_app/worker.php" \
      >"$state/worker-$worker.log" 2>&1 &
    group_pids+=("$!")
    started+=("$!")
  done
  python3 tests/sender/inbox_load.py "${urls[@]}" "${metrics[@]}" --handled-log "$handled" \
    --secret "$SHARPAPI_WEBHOOK_SECRET" --count 2000 --duplicates 0.1 --name "php-$backend" \
    >"$state/load.log" 2>&1 || inbox_status=1
  grep -v '^ok ' "$state/load.log" || true
  count_summary inbox-load "php-$backend" "$state/load.log"
  for pid in "${started[@]}"; do
    kill -- "-$pid" 2>/dev/null || true
  done
}
# Each run's own SQLite files (in its fresh state folder) and Redis databases (this run's Redis).
run_inbox sqlite "sqlite://$out/inbox-sqlite/processes.db" "sqlite://$out/inbox-sqlite/load.db" 1
run_inbox redis "redis://127.0.0.1:$redis_port/2" "redis://127.0.0.1:$redis_port/3" 2
# The inbox with Laravel's own queue worker (tests/apps/inbox/laravel_queue_processes.py): the
# Laravel inbox app dispatches ProcessDelivery on the `database` queue (a SQLite file) with a
# SQLite inbox, and on the `redis` queue with a Redis inbox; `php artisan queue:work` runs it
# (handled once; SIGKILLed mid-handler and restarted, handled once; a failing handler retried
# by the job, then dead). About 12 s each.
run_laravel_queue() {
  local queue=$1 inbox=$2 state=$out/inbox-laravel-$1
  shift 2
  rm -rf "$state"
  mkdir -p "$state"
  python3 "$inbox_app/laravel_queue_processes.py" --queue "$queue" --inbox "$inbox" --state "$state" --name "php-$queue" "$@" \
    >"$state/processes.log" 2>&1 || inbox_status=1
  grep -v '^ok ' "$state/processes.log" || true
  count_summary inbox-laravel-queue "php-$queue" "$state/processes.log"
}
run_laravel_queue database "sqlite://$out/inbox-laravel-database/inbox.db"
run_laravel_queue redis "redis://127.0.0.1:$redis_port/4" --redis "127.0.0.1:$redis_port/5"

# The README's examples, as written, in a clean temporary project. Packagist is unreachable here:
# Composer gets a home of its own whose global configuration turns Packagist off, so that the
# README's `composer require` resolves sharpapi/webhooks from its path repository without trying
# the network (a user's Composer keeps Packagist). The tests run as root, where Composer would ask
# to go on when stdin is a terminal. The PHPUnit servers' secret is not the README's business.
composer_home=$out/composer-home
mkdir -p "$composer_home"
printf '{"repositories": {"packagist.org": false}}\n' >"$composer_home/config.json"
readme_log=$out/readme.log
readme_status=0
env -u SHARPAPI_WEBHOOK_SECRET -u SHARPAPI_WEBHOOK_DB -u SHARPAPI_WEBHOOKS_TEST_REDIS COMPOSER_HOME="$composer_home" COMPOSER_ALLOW_SUPERUSER=1 \
  python3 scripts/readme_examples.py run bindings/php/README.md --mutate </dev/null 2>&1 \
  | tee "$readme_log" || readme_status=$?
if read -r readme_passed readme_failed < <(sed -n \
    's/^readme .*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$readme_log" | tail -n 1); then
  passed=$((passed + readme_passed))
  failed=$((failed + readme_failed))
else
  failed=$((failed + 1))
fi
[ "$readme_status" = 0 ] || [ "$failed" -gt 0 ] || failed=1

summary_printed=1
echo "php: $passed passed, $failed failed"
[ "$phpunit_status" = 0 ] && [ "$sender_status" = 0 ] && [ "$inbox_status" = 0 ] && [ "$readme_status" = 0 ] && [ "$failed" = 0 ] \
  && [ "$passed" -gt 0 ]
