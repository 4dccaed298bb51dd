#!/usr/bin/env bash
# The Node.js package (bindings/node): scripts/build_node.sh (every platform's native library,
# from target/dist, copied into the package's prebuilds/, the core compiled to WebAssembly into
# its wasm/, and packed), `npm ci` from the committed lock (skipped when node_modules was
# installed from this very lock by an earlier run, and still holds what it lists), the generated
# tables and version checked against bindings/vocabulary.json, prettier, `tsc --noEmit` over a
# CommonJS and an ESM usage file, `node --test` (every shared vector, the explain vectors, the API
# and the framework integrations through both engines, native and WebAssembly, and the two
# compared on random input; bad input, the choice of engine and of library by platform,
# SHARPAPI_WEBHOOKS_ENGINE and SHARPAPI_WEBHOOKS_LIBRARY; with SHARPAPI_CONFORMANCE_DIR set, the
# vectors' outcomes written there, node.json for the native engine and node-wasm.json), then the
# packed tarball
# (target/node/sharpapi-webhooks-<version>.tgz): its platforms listed by
# bindings/node/check_platforms.js (which is shown to fail on a tarball lacking one), installed
# into a fresh project and loaded from there with each engine, as users get it, every vector run
# there under Deno and Bun (their own export conditions: the WebAssembly engine), and the
# README's examples run as written (scripts/readme_examples.py --mutate: its install commands in
# an empty folder, each example file run, and a typo in each shown to fail the run). The
# framework integrations: `node --test` serves each (Express, Fastify, Hono, the Web handler)
# over HTTP on 127.0.0.1 on each engine and runs the idempotency stores' contract (Redis on a
# redis-server of its own) and the durable inbox (test/inbox.test.js, with Redis and BullMQ workers
# and with SQLite: a worker SIGKILLed mid-handler, a web process dying after accept, two instances
# sharing Redis, a failing handler going dead and replayed), then the inbox under load by
# tests/sender/inbox_load.py (Redis over two instances, SQLite over one); the sender suite (tests/sender/sender.py) runs against each one's test
# app with the in-memory store, and against Express's with Redis (the store is one code path,
# handleOnce, under every integration: one run per store proves it); a Worker runs in real
# workerd, and the package is bundled minified by esbuild without keepNames, its errors keeping
# their names; test/next-app is built with `next build` (its node_modules kept from run to run
# while its lock is the same) and served by `next start` for the sender suite. The last
# line is "node: N passed, M failed"; the exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

node_dir=$PWD/bindings/node
out=$PWD/target/node
passed=0
failed=0
summary_printed=0
# The redis-server that the sender suite's Redis runs use, once started; stopped on any exit.
redis_pid=
stop_redis() { [ -z "$redis_pid" ] || { kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null || true; redis_pid=; }; }
# A failure outside the counted checks (no Node.js, a build or install error) still ends with the
# summary, as one more failed test, so that it can never pass for a skip.
on_exit() {
  local status=$?
  stop_redis
  if [ "$summary_printed" = 0 ]; then
    echo "node: $passed passed, $((failed + 1)) failed"
    [ "$status" != 0 ] || status=1
  fi
  exit "$status"
}
trap on_exit EXIT

check() {  # check NAME COMMAND...: one counted test
  printf '\n== node: %s\n' "$1"
  if "${@:2}"; then passed=$((passed + 1)); else echo "test_node: FAILED: $1" >&2; failed=$((failed + 1)); fi
}

command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "test_node: node and npm not found; the machine should come with Node.js 20 or later" >&2; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || { echo "test_node: Node.js $(node --version) is older than 20, which the package needs" >&2; exit 1; }
echo "test_node: Node.js $(node --version), npm $(npm --version)"
# Debian's redis-server: the idempotency tests and the sender suite's Redis runs start their own.
need redis-server redis-server
install_needed test_node

# Every platform's native library, copied into the package's prebuilds, and the package packed.
tarball=$(scripts/build_node.sh)
# `npm ci` takes ~20 s even when nothing changed: skipped when node_modules was installed from this
# very lock (its hash, stamped after the install) and `npm ls` finds every package it lists.
lock_stamp=$(cat "$node_dir/package-lock.json" <(node --version) | sha256sum | cut -c1-64)
stamp_file=$node_dir/node_modules/.sharpapi-webhooks-lock
if [ "$(cat "$stamp_file" 2>/dev/null)" = "$lock_stamp" ] \
  && (cd "$node_dir" && npm ls --all >/dev/null 2>&1); then
  echo "test_node: $node_dir/node_modules is installed from this package-lock.json; npm ci skipped"
else
  # better-sqlite3 (the SQLite inbox, a devDependency) is built from source by its install script
  # (its prebuilt binaries come from GitHub, which is out of reach): node-gyp against the headers
  # of the Node.js that runs here (NodeSource's nodejs package installs them under include/node),
  # named by npm_config_nodedir so that node-gyp does not download them. ~1.5 min, once per lock.
  node_prefix=$(node -p 'require("node:path").resolve(process.execPath, "..", "..")')
  [ -f "$node_prefix/include/node/node_api.h" ] \
    || { echo "test_node: Node.js's headers are not in $node_prefix/include/node, and better-sqlite3 (the SQLite inbox) is built against them: install a Node.js that ships them (NodeSource's nodejs package does)" >&2; exit 1; }
  (cd "$node_dir" && npm_config_nodedir="$node_prefix" npm ci --no-audit --no-fund)
  echo "$lock_stamp" >"$stamp_file"
fi

check "generate_vocabulary.js --check (lib/vocabulary.*, the package's version)" \
  node "$node_dir/generate_vocabulary.js" --check
check "prettier --check (the JavaScript, the declarations, the README)" \
  bash -c 'cd "$1" && node_modules/.bin/prettier --check .' _ "$node_dir"
check "tsc --noEmit over test/types (CommonJS and ESM)" "$node_dir/node_modules/.bin/tsc" -p "$node_dir/test/types"

mkdir -p "$out"
tap=$out/node-test.tap
node_test_status=0
(cd "$node_dir" && node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" test/*.test.js) || node_test_status=$?
# The runner's own totals; a cancelled test (a timeout, a crash) counts as failed.
count() { sed -n "s/^# $1 //p" "$tap" | tail -n 1; }
tests_passed=$(count pass)
tests_failed=$(($(count fail) + $(count cancelled)))
passed=$((passed + tests_passed))
failed=$((failed + tests_failed))
if [ "$node_test_status" != 0 ] && [ "$tests_failed" = 0 ]; then
  echo "test_node: node --test exited with $node_test_status" >&2
  failed=$((failed + 1))
fi

# The sender suite (tests/sender/sender.py) against each integration's test app
# (bindings/node/test/apps/) with the in-memory idempotency store, and against Express's with the
# Redis one, on a redis-server started here on a free port, without persistence, and stopped after:
# every integration hands the store to the same handleOnce (lib/idempotency.js, through
# answers.js's runHandler), so one run per store proves it, and test/idempotency.test.js runs the
# store contract against RedisStore itself. Each run's own "N passed, M failed" is added to the
# totals; a run that ends without one is a failure.
redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$out/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 100); do
  grep -q 'Ready to accept connections' "$out/redis.log" && break
  sleep 0.1
done
grep -q 'Ready to accept connections' "$out/redis.log" \
  || { echo "test_node: redis-server did not start:" >&2; cat "$out/redis.log" >&2; exit 1; }
sender_run() {  # sender_run NAME [VAR=VALUE...] -- COMMAND...: one run of the suite, its counts added
  local name=$1 log="$out/sender-$1.log" settings=()
  shift
  while [ "$1" != -- ]; do settings+=("$1"); shift; done
  shift
  printf '\n== node: sender suite, %s\n' "$name"
  env "${settings[@]}" python3 tests/sender/sender.py --name "$name" -- "$@" 2>&1 | tee "$log" || true
  local summary
  summary=$(sed -n "s/^sender $name: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p" "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "test_node: FAILED: the sender suite's run $name printed no summary" >&2
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + ${summary% *}))
  failed=$((failed + ${summary#* }))
  [ "${summary#* }" = 0 ] || echo "test_node: FAILED: sender suite, $name" >&2
}
for app in express fastify web hono; do
  sender_run "node-$app" -- node "$node_dir/test/apps/$app.js"
done
sender_run node-express-redis SHARPAPI_IDEMPOTENCY=redis "REDIS_URL=redis://127.0.0.1:$redis_port/0" \
  -- node "$node_dir/test/apps/express.js"
stop_redis

# The durable inbox under load (issue 16): test/inbox_load.run.js runs tests/sender/inbox_load.py
# (2,000 deliveries with 10% duplicates, every job handled exactly once, each instance's /metrics
# adding up to what was sent) against the inbox test app: with Redis (a redis-server of its own,
# Express and Fastify instances and two BullMQ workers sharing it), then with SQLite (one instance
# and its polling worker on a file). Each run's "inbox-load NAME: N passed, M failed" is added to
# the totals; a run without it is a failure. (The inbox's other cases, the killed worker and web
# process among them, are in test/inbox.test.js, part of `node --test` above.)
inbox_load_run() {  # inbox_load_run NAME BACKEND
  local name=$1 log="$out/inbox-load-$1.log"
  printf '\n== node: the inbox under load, %s (tests/sender/inbox_load.py)\n' "$2"
  (cd "$node_dir" && node test/inbox_load.run.js "$name" "$2") 2>&1 | tee "$log" || true
  local summary
  summary=$(sed -n "s/^inbox-load $name: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p" "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "test_node: FAILED: the inbox load run $name printed no summary (see $log)" >&2
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + ${summary% *}))
  failed=$((failed + ${summary#* }))
  [ "${summary#* }" = 0 ] || echo "test_node: FAILED: the inbox load run $name" >&2
}
inbox_load_run node-inbox-redis redis
inbox_load_run node-inbox-sqlite sqlite

check "the tarball carries every platform (check_platforms.js lists them)" \
  node "$node_dir/check_platforms.js" "$tarball"
# The check itself, on a copy of the tarball without win-x64's library: it must fail.
lacking_platform='
  rm -rf "$out/lacking" && mkdir -p "$out/lacking"
  tar -xzf "$tarball" -C "$out/lacking"
  rm "$out/lacking/package/prebuilds/win-x64/sharpapi_webhooks.dll"
  tar -czf "$out/lacking/lacking.tgz" -C "$out/lacking" package
  if node "$node_dir/check_platforms.js" "$out/lacking/lacking.tgz" >"$out/lacking/log" 2>&1; then
    echo "check_platforms.js passed a tarball without win-x64" >&2; exit 1
  fi
  grep -q "prebuilds/win-x64/sharpapi_webhooks.dll: MISSING, expected PE x64" "$out/lacking/log"
  rm -rf "$out/lacking"
'
check "check_platforms.js fails on a tarball lacking one platform" \
  env out="$out" node_dir="$node_dir" tarball="$tarball" bash -euo pipefail -c "$lacking_platform"

# Run as a script of its own, so that errexit holds inside it (a function called by `check`
# would run with errexit off).
installed_package='
  rm -rf "$out/pack" "$out/consumer"
  mkdir -p "$out/consumer"
  [ "$tarball" = "$out/sharpapi-webhooks-$(node -p "require(\"$node_dir/package.json\").version").tgz" ]
  # The native library ships; the tests, the benchmark, the examples and the lock do not.
  tar -tzf "$tarball" | sort >"$out/consumer.contents"
  grep -qx "package/prebuilds/linux-x64/libsharpapi_webhooks.so" "$out/consumer.contents"
  grep -qx "package/lib/platform.js" "$out/consumer.contents"
  # The WebAssembly engine ships: the module, its two loaders, its bytes for the edge runtimes.
  for file in sharpapi_webhooks_wasm_bg.wasm sharpapi_webhooks_wasm.mjs sharpapi_webhooks_wasm.cjs \
    sharpapi_webhooks_wasm_base64.mjs; do
    grep -qx "package/wasm/$file" "$out/consumer.contents"
  done
  if grep -E "^package/(test|bench|examples|node_modules)/|package-lock" "$out/consumer.contents"; then exit 1; fi
  cd "$out/consumer"
  npm init -y >/dev/null
  npm install --no-audit --no-fund "$tarball" express@5.3.0 >/dev/null
  node -e "$1"
  node --input-type=module -e "$2"
  SHARPAPI_WEBHOOKS_ENGINE=wasm node --input-type=module -e "$2"
  echo "test_node: the packed package installs and loads from $out/consumer (CommonJS and ESM, both engines)"
'
consumer_cjs='
  const assert = require("node:assert/strict");
  const crypto = require("node:crypto");
  const webhooks = require("sharpapi-webhooks");
  assert.match(require.resolve("sharpapi-webhooks"), /\/consumer\/node_modules\/sharpapi-webhooks\/lib\/index\.js$/);
  const body = Buffer.from(`{"id":"1","status":"success","type":"content_translate"}`);
  const signature = crypto.createHmac("sha256", "s").update(body).digest("hex");
  assert.equal(new webhooks.Verifier("s").constructEvent(body, signature).type, webhooks.JobType.CONTENT_TRANSLATE);
  assert.equal(webhooks.constructEventFromHeaders(body, ["X-Signature", signature, "x-signature", signature], "s").id, "1");
  assert.equal(webhooks.nativeVersion, require("sharpapi-webhooks/package.json").version);
  assert.equal(webhooks.engine, "native");
  const wasm = require("sharpapi-webhooks/wasm");
  assert.equal(wasm.engine, "wasm");
  assert.equal(wasm.constructEventFromHeaders(body, ["X-Signature", signature], "s").id, "1");
  assert.equal(typeof require("sharpapi-webhooks/express").webhookMiddleware, "function");
  // The library of this machine, from the installed package: linux-x64 on x86-64 glibc Linux.
  const installed = require("node:path").dirname(require.resolve("sharpapi-webhooks/package.json"));
  const loaded = require(installed + "/lib/native.js").libraryFile;
  assert.ok(loaded.startsWith(installed + "/prebuilds/"), loaded);
  if (`${process.platform}-${process.arch}` === "linux-x64" && process.report.getReport().header.glibcVersionRuntime)
    assert.equal(loaded, installed + "/prebuilds/linux-x64/libsharpapi_webhooks.so");'
consumer_esm='
  import assert from "node:assert/strict";
  import { Verifier, engine, sign } from "sharpapi-webhooks";
  import { webhookMiddleware } from "sharpapi-webhooks/express";
  const body = new TextEncoder().encode(`{"id":"2","status":"failed","type":"x"}`);
  const event = new Verifier("s").constructEvent(body, sign(body, "s"));
  assert.deepEqual([event.id, event.status, event.typeKnown], ["2", "failed", false]);
  assert.equal(engine, process.env.SHARPAPI_WEBHOOKS_ENGINE || "native");
  assert.equal(typeof webhookMiddleware, "function");'
check "build_node.sh's tarball, installed into a fresh project and loaded from there" \
  env out="$out" node_dir="$node_dir" tarball="$tarball" \
  bash -euo pipefail -c "$installed_package" _ "$consumer_cjs" "$consumer_esm"

# Every shared vector under Deno and Bun, in the fresh project above: each imports the package by
# its own export condition ("deno", "bun": the WebAssembly engine, lib/index.edge.mjs) and runs
# test/runtimes/vectors.mjs, whose outcomes conformance.py --report checks. Deno and Bun come from
# the npm registry (their binaries are per-platform optional dependencies), pinned, installed into
# target/tools/js-runtimes; a runtime that cannot be had fails its run, saying why. Each run's
# "N passed, M failed" is added to the totals; a run that ends without one is a failure.
runtimes=$PWD/target/tools/js-runtimes
runtime_packages=(bun@1.4.5 deno@2.9.6)
runtime_version() {  # runtime_version NAME: the version of target/tools/js-runtimes' package, or ""
  node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
    "$runtimes/node_modules/$1/package.json"
}
if [ "bun@$(runtime_version bun)" != "${runtime_packages[0]}" ] \
  || [ "deno@$(runtime_version deno)" != "${runtime_packages[1]}" ]; then
  rm -rf "$runtimes" && mkdir -p "$runtimes"
  npm install --prefix "$runtimes" --no-audit --no-fund --save-exact "${runtime_packages[@]}" >&2 \
    || echo "test_node: npm could not install ${runtime_packages[*]} into $runtimes" >&2
fi
mkdir -p "$out/runtimes"
cp "$node_dir/test/runtimes/vectors.mjs" "$node_dir/test/vector_checks.cjs" "$out/consumer/"
runtime_run() {  # runtime_run NAME COMMAND...: the vectors under one runtime, its counts added
  local name=$1 log="$out/runtime-$1.log" report="$out/runtimes/node-$1.json"
  shift
  printf '\n== node: every vector under %s (%s)\n' "$name" "$*"
  rm -f "$report"
  local vectors=$PWD/tests/vectors
  (cd "$out/consumer" && "$@" vectors.mjs "$name" "$vectors" "$report") >"$log" 2>&1 || true
  grep -v '^ok ' "$log" || true
  local summary
  summary=$(sed -n "s/^$name: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p" "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "test_node: FAILED: the vectors under $name printed no summary (see $log)" >&2
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + ${summary% *}))
  failed=$((failed + ${summary#* }))
  [ "${summary#* }" = 0 ] || echo "test_node: FAILED: the vectors under $name" >&2
  check "$name's outcomes, every vector as expected (conformance.py --report)" \
    python3 scripts/conformance.py --report "node-$name" "$report"
}
# Deno is given what the test needs, not the package: it reads the vectors and writes the report.
runtime_run deno "$runtimes/node_modules/.bin/deno" run --allow-read \
  --allow-write="$out/runtimes"
runtime_run bun "$runtimes/node_modules/.bin/bun" run

# A Cloudflare Worker in real workerd: test/workerd/workerd.check.js bundles test/workerd/worker.mjs
# as wrangler does (esbuild, the workerd condition: the WebAssembly engine, its .wasm a module of
# its own), serves it with `workerd serve` and sends it the integrations' cases. In the same run,
# test/bundle/minified.check.js bundles the package as an application's bundler does, minified
# without keepNames, and checks that its errors keep their classes and names. workerd (the npm
# package, whose binary comes as a per-platform optional dependency) and esbuild, pinned, go into
# target/tools/workerd; the runner's totals are added as the main run's are.
workerd_tools=$PWD/target/tools/workerd
workerd_packages=(workerd@1.20261117.1 esbuild@0.28.2)
installed_version() {
  node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
    "$workerd_tools/node_modules/$1/package.json"
}
if [ "workerd@$(installed_version workerd)" != "${workerd_packages[0]}" ] \
  || [ "esbuild@$(installed_version esbuild)" != "${workerd_packages[1]}" ]; then
  rm -rf "$workerd_tools" && mkdir -p "$workerd_tools"
  npm install --prefix "$workerd_tools" --no-audit --no-fund --save-exact "${workerd_packages[@]}" >&2
fi
printf '\n== node: the Worker in workerd, and a minified bundle (test/workerd/, test/bundle/)\n'
workerd_tap=$out/workerd.tap
workerd_status=0
(cd "$node_dir" && SHARPAPI_WORKERD_TOOLS="$workerd_tools" node --test --test-reporter=spec \
  --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$workerd_tap" \
  test/workerd/workerd.check.js test/bundle/minified.check.js) || workerd_status=$?
workerd_passed=$(sed -n 's/^# pass //p' "$workerd_tap" | tail -n 1)
workerd_failed=$(($(sed -n 's/^# fail //p' "$workerd_tap" | tail -n 1) + $(sed -n 's/^# cancelled //p' "$workerd_tap" | tail -n 1)))
passed=$((passed + ${workerd_passed:-0}))
failed=$((failed + workerd_failed))
if [ "$workerd_status" != 0 ] && [ "$workerd_failed" = 0 ]; then
  echo "test_node: the workerd run exited with $workerd_status" >&2
  failed=$((failed + 1))
fi

# Next.js: test/next-app (its package.json and lock pin next, react and react-dom) copied into
# target/node/next-app with the packed tarball installed, built with `next build` and served by
# `next start`, which the sender suite then runs against (the route is the test app; in-memory
# store: one process). Its route reads the secrets on the first delivery, so the build runs
# without them, as a build in CI does. Its `npm ci` (~30 s, next's 100 MB) runs only when the lock
# changed since the last run (its hash stamped in node_modules); otherwise node_modules is kept
# and everything else copied afresh. The package itself is installed afresh every time.
next_app='
  lock_stamp=$(sha256sum <"$node_dir/test/next-app/package-lock.json" | cut -c1-64)
  stamp_file=$out/next-app/node_modules/.sharpapi-webhooks-lock
  if [ "$(cat "$stamp_file" 2>/dev/null)" = "$lock_stamp" ]; then
    find "$out/next-app" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
    cp -R "$node_dir/test/next-app/." "$out/next-app/"
    rm -rf "$out/next-app/node_modules/sharpapi-webhooks" "$out/next-app/node_modules/.package-lock.json"
    cd "$out/next-app"
    echo "test_node: next-app/node_modules is installed from this package-lock.json; npm ci skipped"
  else
    rm -rf "$out/next-app"
    cp -R "$node_dir/test/next-app" "$out/next-app"
    cd "$out/next-app"
    npm ci --no-audit --no-fund >/dev/null
    echo "$lock_stamp" >"$stamp_file"
  fi
  npm install --no-save --no-audit --no-fund "$tarball" >/dev/null
  NEXT_TELEMETRY_DISABLED=1 node_modules/.bin/next build
'
check "next build of test/next-app, with the packed package" \
  env out="$out" node_dir="$node_dir" tarball="$tarball" bash -euo pipefail -c "$next_app"
sender_run node-nextjs NEXT_TELEMETRY_DISABLED=1 \
  -- bash -c 'cd "$1" && exec node_modules/.bin/next start --hostname 127.0.0.1 --port "$PORT"' _ "$out/next-app"

# npm's settings only make the examples' installs quicker and quieter (packages already in npm's
# cache are not fetched again); the commands run are the README's, as written. Its install runs
# scripts/build_node.sh, which the top of this script ran moments ago: SHARPAPI_WEBHOOKS_DIST_BUILT
# tells it that target/dist is current (scripts/build_targets.sh checked it), so it packs without
# checking every platform's build again (bindings/wasm/build.sh reuses its optimised module).
check "README.md's examples, run as written (readme_examples.py --mutate)" \
  env SHARPAPI_WEBHOOKS_DIST_BUILT=1 npm_config_prefer_offline=true npm_config_audit=false \
  npm_config_fund=false npm_config_update_notifier=false \
  python3 scripts/readme_examples.py run bindings/node/README.md --mutate

summary_printed=1
echo "node: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
