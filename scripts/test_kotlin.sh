#!/usr/bin/env bash
# The Kotlin/JVM package (bindings/kotlin). `mvn verify` generates UniFFI's Kotlin from
# target/dist's linux-x64 library, compiles it with the idiomatic layer, packs every platform's
# library from target/dist into the jar (JNA's resource folders, and linux-musl-<arch>/ for musl)
# and runs the JUnit tests (every shared vector, every explain vector (tests/vectors/explain/),
# the test deliveries (TestDelivery, byte for byte and through the Verifier), concurrency, bad
# input, the library chosen per platform). Then the jar's platform folders are listed (one missing
# fails), and a Java program compiled against only the jar and JNA verifies a delivery with no
# library path set.
# Before the build, generate_vocabulary.py --check fails on a generated file or version that
# drifted from bindings/vocabulary.json. With SHARPAPI_CONFORMANCE_DIR set, the vector test also
# writes $SHARPAPI_CONFORMANCE_DIR/kotlin.json.
# Then the framework integrations (bindings/kotlin/integrations: the shared answers and
# idempotency stores, Spring Boot, Ktor): the jar just built goes into ~/.m2, where their poms find
# it by its coordinates, `mvn install` runs their JUnit tests (the Redis store's against a
# redis-server of their own; explainFailures' log lines and unchanged answers), and the sender
# suite (tests/sender/sender.py) drives each integration's test app over real sockets, with the
# in-memory store and again with the Redis one.
# Last, every example of bindings/kotlin/README.md runs as written in an empty folder
# (scripts/readme_examples.py --mutate): its install block builds the jar again through build.sh
# and installs it into ~/.m2, and a fresh Maven project depends on it by its coordinates; each of
# its checks counts as a test.
# The last line is "kotlin: N passed, M failed": N JUnit tests, sender cases and README checks
# passed; M of them failed, plus one for a build that failed otherwise, one for a failed packaging
# check, one for stale generated files, one for an integrations build that failed outside its tests
# and one for each sender run that printed no summary. Exits non-zero on any failure.
set -uo pipefail
if [ -n "${SHARPAPI_CONFORMANCE_DIR:-}" ]; then
  # Maven runs the tests in bindings/kotlin: a relative folder is taken from where this was run.
  SHARPAPI_CONFORMANCE_DIR=$(realpath -m -- "$SHARPAPI_CONFORMANCE_DIR")
  export SHARPAPI_CONFORMANCE_DIR
fi
cd "$(dirname "$0")/.."
kotlin=bindings/kotlin
integrations=$kotlin/integrations

. scripts/lib.sh
need redis-server redis-server  # the Redis store's tests and the sender suite's Redis runs
install_needed kotlin

vocabulary=ok
python3 "$kotlin/generate_vocabulary.py" --check || vocabulary=stale

packaging_check() {
  local jars=("$kotlin"/target/sharpapi-webhooks-*.jar)
  if [ ${#jars[@]} -ne 1 ] || [ ! -f "${jars[0]}" ]; then
    echo "kotlin: the build made no jar to check" >&2
    return 1
  fi
  local work jna stdlib
  work=$(mktemp -d)
  # Away from target/classes, and from any folder that holds the library.
  cp "${jars[0]}" "$work/webhooks.jar"
  IFS=: read -r jna stdlib <"$kotlin/target/runtime-classpath.txt"
  # -classfile: kotlin.Metadata, on each class of the jar, lives in the stdlib, not compiled against.
  javac -Xlint:all,-classfile -Werror -d "$work/classes" -cp "$work/webhooks.jar:$jna" \
      "$kotlin/src/packaging-check/PackagingCheck.java" &&
    mkdir "$work/jna" &&
    # No library path of any kind: neither LD_LIBRARY_PATH nor options added to every JVM.
    (cd "$work" && env -u LD_LIBRARY_PATH -u JAVA_TOOL_OPTIONS \
      java -Djna.tmpdir="$work/jna" -cp "classes:webhooks.jar:$jna:$stdlib" PackagingCheck)
  local status=$?
  rm -rf "$work"
  return $status
}

# The jar's platforms: a library in each of JNA's five resource folders and the package's two
# musl ones, byte for byte the one scripts/build_targets.sh wrote to target/dist/; lists them, and
# fails when one is missing.
platforms_check() {
  python3 - "$kotlin"/target/sharpapi-webhooks-*.jar target/dist <<'PY'
import sys, zipfile
from pathlib import Path
jar, dist = sys.argv[1], Path(sys.argv[2])
expected = {"linux-x86-64": "linux-x64/libsharpapi_webhooks.so", "linux-aarch64": "linux-arm64/libsharpapi_webhooks.so",
            "linux-musl-x86-64": "linux-musl-x64/libsharpapi_webhooks.so",
            "linux-musl-aarch64": "linux-musl-arm64/libsharpapi_webhooks.so",
            "darwin-x86-64": "osx-x64/libsharpapi_webhooks.dylib", "darwin-aarch64": "osx-arm64/libsharpapi_webhooks.dylib",
            "win32-x86-64": "win-x64/sharpapi_webhooks.dll"}
with zipfile.ZipFile(jar) as archive:
    natives = {name.split("/")[0]: name for name in archive.namelist()
               if "sharpapi_webhooks" in name and not name.startswith(("com/", "META-INF/")) and not name.endswith("/")}
    print("kotlin: jar platform folders: " + " ".join(sorted(natives)))
    problems = []
    for folder, source in expected.items():
        name = f"{folder}/{Path(source).name}"
        if natives.get(folder) != name:
            problems.append(f"no {name}")
        elif archive.read(name) != (dist / source).read_bytes():
            problems.append(f"{name} is not target/dist/{source}")
    problems += [f"unexpected {name}" for folder, name in natives.items() if folder not in expected]
if problems:
    sys.exit("kotlin: the jar's platforms are wrong: " + "; ".join(problems))
PY
}

build=ok
packaging=ok
if "$kotlin/build.sh" verify; then
  platforms_check || packaging=failed
  packaging_check || packaging=failed
else
  # Failed tests stop Maven before the jar is made: there is nothing to check.
  build=failed
  packaging=skipped
fi

# Counted now: the README's install block rebuilds target/, without the tests' reports.
read -r passed failed < <(python3 - "$kotlin/target/surefire-reports" "$build" "$packaging" "$vocabulary" <<'PY'
import glob
import sys
import xml.etree.ElementTree as ElementTree

reports, build, packaging, vocabulary = sys.argv[1:]
passed = failed = 0
for report in glob.glob(f"{reports}/TEST-*.xml"):
    suite = ElementTree.parse(report).getroot()
    broken = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    failed += broken
    passed += int(suite.get("tests", 0)) - broken - int(suite.get("skipped", 0))
if build == "failed" and not failed:
    failed += 1  # a failure before or beside the tests: generation, compilation, packing
if packaging == "failed":
    failed += 1
if vocabulary == "stale":
    failed += 1
print(passed, failed)
PY
)

# The integrations, against the jar just built. Their JUnit reports and each sender run's summary
# line are counted; a build that failed outside its tests, or a sender run without a summary,
# counts as one failure.
integrations_passed=0
integrations_failed=0
redis_pid=
redis_dir=
stop_redis() {
  [ -z "$redis_pid" ] || { kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; redis_pid=; }
  [ -z "$redis_dir" ] || { rm -rf "$redis_dir"; redis_dir=; }
}
trap stop_redis EXIT

sender_run() {  # sender_run NAME MODULE MAIN [VAR=VALUE...]: the suite against MODULE's test app
  local name=$1 module=$integrations/$2 main=$3 log summary
  shift 3
  log=$(mktemp)
  printf '\n== kotlin: sender suite, %s\n' "$name"
  # A plain `java -cp`: the module's test class path, written by Maven (maven-dependency-plugin).
  env "$@" python3 tests/sender/sender.py --name "$name" -- java \
      -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/test-classpath.txt")" "$main" \
      2>&1 | tee "$log"
  summary=$(sed -n "s/^sender $name: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p" "$log" | tail -n 1)
  rm -f "$log"
  if [ -z "$summary" ]; then
    echo "kotlin: the sender suite's run $name printed no summary" >&2
    integrations_failed=$((integrations_failed + 1))
    return
  fi
  integrations_passed=$((integrations_passed + ${summary% *}))
  integrations_failed=$((integrations_failed + ${summary#* }))
}

integrations_check() {
  printf '\n== kotlin: the integrations (%s)\n' "$integrations"
  local jars=("$kotlin"/target/sharpapi-webhooks-*.jar)
  # The reports of an earlier run must not be counted again.
  rm -rf "$integrations"/*/target
  local built=ok
  mvn -q -B org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file \
      -Dfile="${jars[0]}" -DpomFile="$kotlin/pom.xml" || return 1
  mvn -q -B --fail-at-end -f "$integrations/pom.xml" install || built=failed
  read -r integrations_passed integrations_failed < <(python3 - "$integrations" <<'PY'
import glob
import sys
import xml.etree.ElementTree as ElementTree

passed = failed = 0
for report in glob.glob(f"{sys.argv[1]}/*/target/surefire-reports/TEST-*.xml"):
    suite = ElementTree.parse(report).getroot()
    broken = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    failed += broken
    passed += int(suite.get("tests", 0)) - broken - int(suite.get("skipped", 0))
print(passed, failed)
PY
  )
  if [ "$built" = failed ] && [ "$integrations_failed" = 0 ]; then
    integrations_failed=1  # a failure beside the tests: compilation, resolution, packing
  fi
  # Each test app that was built (a failed test elsewhere does not keep it from running).
  local app apps=()
  for app in spring ktor; do
    if [ -f "$integrations/$app/target/test-classpath.txt" ] && [ -d "$integrations/$app/target/test-classes" ]; then
      apps+=("$app")
    else
      echo "kotlin: $app's test app was not built; its sender runs are not tried" >&2
      integrations_failed=$((integrations_failed + 2))
    fi
  done
  [ ${#apps[@]} -gt 0 ] || return 0
  for app in "${apps[@]}"; do
    sender_run "kotlin-$app" "$app" "com.sharpapi.webhooks.$app.testapp.SenderTestApp"
  done
  # One redis-server of its own on a free port, keeping nothing, for the runs with the Redis store.
  local redis_port
  redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redis_dir=$(mktemp -d)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" \
    >"$redis_dir/redis.log" 2>&1 &
  redis_pid=$!
  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do
    kill -0 "$redis_pid" 2>/dev/null || { cat "$redis_dir/redis.log" >&2; redis_pid=; return 1; }
    sleep 0.1
  done
  for app in "${apps[@]}"; do
    sender_run "kotlin-$app-redis" "$app" "com.sharpapi.webhooks.$app.testapp.SenderTestApp" \
      SHARPAPI_IDEMPOTENCY=redis "REDIS_URL=redis://127.0.0.1:$redis_port/0"
  done
  stop_redis
}

if [ "$build" = ok ]; then
  integrations_check || integrations_failed=$((integrations_failed + 1))
else
  echo "kotlin: the build failed; the integrations are not tried" >&2
  integrations_failed=1
fi
echo "kotlin: integrations: $integrations_passed passed, $integrations_failed failed"
passed=$((passed + integrations_passed))
failed=$((failed + integrations_failed))

# The README's examples, as written, in a clean temporary project (its summary line counts; none,
# as when a block lacks its marker, counts as one failure). Not tried when the build failed.
readme=ok
if [ "$build" = ok ]; then
  log=$(mktemp)
  python3 scripts/readme_examples.py run "$kotlin/README.md" --mutate 2>&1 | tee "$log" || readme=failed
  read -r readme_passed readme_failed < <(
    { sed -n 's/^readme .*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$log"
      echo "0 1"; } | head -n 1
  )
  rm -f "$log"
  if [ "$readme" = failed ] && [ "$readme_failed" = 0 ]; then
    readme_failed=1
  fi
else
  echo "kotlin: the build failed; the README's examples are not tried" >&2
  readme=failed readme_passed=0 readme_failed=1
fi
passed=$((passed + readme_passed))
failed=$((failed + readme_failed))

echo "kotlin: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ] && [ "$readme" = ok ]
