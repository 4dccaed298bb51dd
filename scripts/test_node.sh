#!/usr/bin/env bash
# The Node.js package (bindings/node): scripts/build_node.sh (every platform's native library,
# from target/dist, copied into the package's prebuilds/ and packed), `npm ci` from the committed
# lock, the generated tables and version checked against bindings/vocabulary.json, prettier,
# `tsc --noEmit` over a CommonJS and an ESM usage file, `node --test` (every shared vector, the
# API, bad input, the choice of library by platform and SHARPAPI_WEBHOOKS_LIBRARY, a real Express
# app over HTTP on 127.0.0.1; with SHARPAPI_CONFORMANCE_DIR set, the vectors' outcomes written to
# node.json there), then the packed tarball (target/node/sharpapi-webhooks-<version>.tgz): its
# platforms listed by bindings/node/check_platforms.js (which is shown to fail on a tarball
# lacking one), installed into a fresh project and loaded from there, as users get it, and the
# README's examples run as written (scripts/readme_examples.py --mutate: its install commands in
# an empty folder, each example file run, and a typo in each shown to fail the run). The last
# line is "node: N passed, M failed"; the exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

node_dir=$PWD/bindings/node
out=$PWD/target/node
passed=0
failed=0
summary_printed=0
# A failure outside the counted checks (no Node.js, a build or install error) still ends with the
# summary, as one more failed test, so that it can never pass for a skip.
on_exit() {
  local status=$?
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

# Every platform's native library, copied into the package's prebuilds, and the package packed.
tarball=$(scripts/build_node.sh)
(cd "$node_dir" && npm ci --no-audit --no-fund)

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
  if grep -E "^package/(test|bench|examples|node_modules)/|package-lock" "$out/consumer.contents"; then exit 1; fi
  cd "$out/consumer"
  npm init -y >/dev/null
  npm install --no-audit --no-fund "$tarball" express@5.3.0 >/dev/null
  node -e "$1"
  node --input-type=module -e "$2"
  echo "test_node: the packed package installs and loads from $out/consumer (CommonJS and ESM)"
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
  assert.equal(typeof require("sharpapi-webhooks/express").webhookMiddleware, "function");
  // The library of this machine, from the installed package: linux-x64 on x86-64 glibc Linux.
  const installed = require("node:path").dirname(require.resolve("sharpapi-webhooks/package.json"));
  const loaded = require(installed + "/lib/native.js").libraryFile;
  assert.ok(loaded.startsWith(installed + "/prebuilds/"), loaded);
  if (`${process.platform}-${process.arch}` === "linux-x64" && process.report.getReport().header.glibcVersionRuntime)
    assert.equal(loaded, installed + "/prebuilds/linux-x64/libsharpapi_webhooks.so");'
consumer_esm='
  import assert from "node:assert/strict";
  import { Verifier, sign } from "sharpapi-webhooks";
  import { webhookMiddleware } from "sharpapi-webhooks/express";
  const body = new TextEncoder().encode(`{"id":"2","status":"failed","type":"x"}`);
  const event = new Verifier("s").constructEvent(body, sign(body, "s"));
  assert.deepEqual([event.id, event.status, event.typeKnown], ["2", "failed", false]);
  assert.equal(typeof webhookMiddleware, "function");'
check "build_node.sh's tarball, installed into a fresh project and loaded from there" \
  env out="$out" node_dir="$node_dir" tarball="$tarball" \
  bash -euo pipefail -c "$installed_package" _ "$consumer_cjs" "$consumer_esm"

# npm's settings only make the examples' installs quicker and quieter (packages already in npm's
# cache are not fetched again); the commands run are the README's, as written.
check "README.md's examples, run as written (readme_examples.py --mutate)" \
  env npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false \
  npm_config_update_notifier=false \
  python3 scripts/readme_examples.py run bindings/node/README.md --mutate

summary_printed=1
echo "node: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
