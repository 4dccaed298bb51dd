#!/usr/bin/env bash
# The Python package (bindings/python) as its users get it: the wheels of every platform and the
# sdist (scripts/build_python.sh), checked by bindings/python/check_wheels.py (the seven platform
# tags, each wheel's library, auditwheel and macholib); this machine's wheel (manylinux2014 x86_64
# here) installed in fresh virtual environments, every test (the vectors, the API, the library
# loader, threads, the idempotency stores against a real redis-server, Flask, Django, Django REST
# framework, Starlette and FastAPI, each over real HTTP, the test deliveries, explain and its
# vectors) on 3.11 with mypy --strict, then the shared sender suite (tests/sender/sender.py)
# against each integration's test app (tests/sender_apps: gunicorn or uvicorn; the in-memory
# store, and Redis for Flask and FastAPI) on 3.11; the durable inbox with real processes (a Huey
# worker killed mid-handler, a web process dead after accept, two instances over Redis, dead
# letters replayed) and tests/sender/inbox_load.py against its apps over Redis and SQLite; the vector, API, test-helper, loader and thread
# tests on 3.9, 3.10, 3.12 and 3.13, and on Debian 11's 3.9 and glibc 2.31 in a chroot
# (scripts/bullseye_chroot.sh); the sdist installed by pip, which builds the library
# with cargo, and the vector and loader tests on it; then bindings/python/README.md's examples as
# written (scripts/readme_examples.py --mutate), in an empty folder, with Python 3.9 as `python3`.
# Prints the total of passed and failed tests last. With SHARPAPI_CONFORMANCE_DIR set, the vector
# test also writes its outcomes to $SHARPAPI_CONFORMANCE_DIR/python.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need redis-server redis-server  # the Redis store's tests and the sender suite's Redis runs
install_needed test_python
# The tests run from bindings/python: a relative directory means one from the repository's root.
if [ -n "${SHARPAPI_CONFORMANCE_DIR:-}" ]; then
  SHARPAPI_CONFORMANCE_DIR=$(realpath -m "$SHARPAPI_CONFORMANCE_DIR")
  export SHARPAPI_CONFORMANCE_DIR
fi

printf '\n== The generated vocabulary is fresh\n'
python3 bindings/python/generate_vocabulary.py --check

work=target/python
wheel=$(scripts/build_python.sh)
mkdir -p "$work/logs"
passed=0
failed=0
count() {  # count LOG: adds the last "N passed" and "M failed" of a pytest or README run's summary
  local summary
  summary=$(grep -E '[0-9]+ (passed|failed)' "$1" | tail -n 1 || true)
  passed=$((passed + $(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)))
  failed=$((failed + $(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)))
}

printf '\n== The wheels: one per platform tag, each with its platform'"'"'s library\n'
"$work/build-venv/bin/python" bindings/python/check_wheels.py "$work/wheels" | tee "$work/logs/wheels.log"
count "$work/logs/wheels.log"

pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")

interpreter() {  # the newest installed CPython of a minor version, or a failure naming it
  local found
  found=$(ls -d "$pyenv_root"/versions/"$1".* 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/bin/python" ] || { echo "test_python: no Python $1 in $pyenv_root" >&2; return 1; }
  echo "$found/bin/python"
}

fresh_venv() {  # fresh_venv DIR PYTHON: a new, empty virtual environment
  rm -rf "$1"
  "$2" -m venv "$1"
  "$1/bin/python" -m pip install -q --upgrade --disable-pip-version-check pip >/dev/null
}

printf '\n== Python 3.11: the wheel, every test, mypy --strict\n'
fresh_venv "$work/venv-3.11" "$(interpreter 3.11)"
"$work/venv-3.11/bin/pip" install -q -r bindings/python/requirements-test.txt "$wheel"
# Run from the test folder's parent so that the examples import, and the package comes from the
# wheel: the source folder holds no native library.
(cd bindings/python && "../../$work/venv-3.11/bin/python" -m pytest -q -p no:cacheprovider \
  --ignore=tests/test_inbox_processes.py) | tee "$work/logs/pytest-3.11.log"
count "$work/logs/pytest-3.11.log"
(cd bindings/python && "../../$work/venv-3.11/bin/python" -m mypy --no-incremental)

printf '\n== Python 3.11: the sender suite against each integration'"'"'s test app\n'
# One redis-server of its own on a free port, keeping nothing, for the runs with the Redis store.
redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis_dir=$(mktemp -d)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" \
  >"$work/logs/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; rm -rf "$redis_dir"' EXIT
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do
  kill -0 "$redis_pid" 2>/dev/null || { cat "$work/logs/redis.log" >&2; exit 1; }
  sleep 0.1
done
sender() {  # sender NAME APP [VAR=VALUE...]: the suite against `python -m tests.sender_apps APP`
  local name=$1 app=$2 log="$work/logs/sender-$1.log"
  shift 2
  (cd bindings/python && env "$@" python3 ../../tests/sender/sender.py --name "$name" -- \
    "../../$work/venv-3.11/bin/python" -m tests.sender_apps "$app") | tee "$log" || true
  # A suite that died before its summary counts as a failure, never as nothing.
  grep -qE "^sender $name: [0-9]+ passed, [0-9]+ failed" "$log" || failed=$((failed + 1))
  count "$log"
}
for app in flask django drf fastapi; do
  sender "python-$app" "$app"
done
for app in flask fastapi; do
  sender "python-$app-redis" "$app" SHARPAPI_IDEMPOTENCY=redis "REDIS_URL=redis://127.0.0.1:$redis_port/0"
done

printf '\n== Python 3.11: the durable inbox with real processes (web apps, Huey workers killed and restarted; SQLite and redis-server)\n'
(cd bindings/python && "../../$work/venv-3.11/bin/python" -m pytest -q -p no:cacheprovider tests/test_inbox_processes.py) \
  | tee "$work/logs/pytest-inbox-processes.log"
count "$work/logs/pytest-inbox-processes.log"

printf '\n== Python 3.11: tests/sender/inbox_load.py, 2,000 deliveries with 10%% duplicates: two instances over Redis, one over SQLite\n'
inbox_load() {  # inbox_load NAME INBOX_URL FRAMEWORK...: the lead's load driver against the inbox apps
  local name=$1 log="$work/logs/inbox-load-$1.log"
  shift
  bindings/python/tests/run_inbox_load.sh "$name" "$1" "$PWD/$work/venv-3.11/bin/python" "${@:2}" 2>&1 \
    | grep -v 'INFO:huey' | tee "$log" || true
  # A run that died before its summary counts as a failure, never as nothing.
  grep -qE "^inbox-load $name: [0-9]+ passed, [0-9]+ failed" "$log" || failed=$((failed + 1))
  count "$log"
}
redis-cli -p "$redis_port" flushall >/dev/null
inbox_load python-inbox-redis "redis://127.0.0.1:$redis_port/0" flask fastapi
inbox_folder=$(mktemp -d)
inbox_load python-inbox-sqlite "sqlite://$inbox_folder/inbox.db" flask
rm -rf "$inbox_folder"
kill "$redis_pid" 2>/dev/null || true

for version in 3.9 3.10 3.12 3.13; do
  printf '\n== Python %s: the wheel, the vectors, the API, the test helpers, the loader and threads\n' "$version"
  fresh_venv "$work/venv-$version" "$(interpreter "$version")"
  pytest_pin=$([ "$version" = 3.9 ] && echo pytest==8.4.2 || echo pytest==9.2.0)
  "$work/venv-$version/bin/pip" install -q "$pytest_pin" "$wheel"
  (cd bindings/python && "../../$work/venv-$version/bin/python" -m pytest -q -p no:cacheprovider \
    tests/test_vectors.py tests/test_api.py tests/test_testing.py tests/test_library.py tests/test_threads.py) \
    | tee "$work/logs/pytest-$version.log"
  count "$work/logs/pytest-$version.log"
done

printf '\n== Debian 11 (glibc 2.31, Python 3.9) in a chroot: the wheel, the vectors, the API, the test helpers and the loader\n'
# The glibc floor for real: the manylinux2014 wheel on a glibc older than this machine's
# (scripts/bullseye_chroot.sh makes the chroot once, outside the repository; it needs root).
scripts/bullseye_chroot.sh --env "WHEEL=$wheel" sh -c 'ldd --version | head -n 1 && rm -rf /tmp/venv &&
  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -q --disable-pip-version-check pytest==8.4.2 "$WHEEL" &&
  cd bindings/python && /tmp/venv/bin/python -m pytest -q -p no:cacheprovider \
    tests/test_vectors.py tests/test_api.py tests/test_testing.py tests/test_library.py' | tee "$work/logs/pytest-bullseye.log"
count "$work/logs/pytest-bullseye.log"

printf '\n== pip install of the sdist (the library built by cargo) in a fresh environment\n'
# cargo builds in the unpacked sdist, a new folder each time; a target folder of its own keeps the
# dependencies' builds from one run to the next. The sdist's files carry hatchling's fixed date
# (2020), older than any build in that folder, so cargo would take the project's own crates there
# as fresh and package a library of older sources: those two are cleaned, the dependencies kept.
cargo clean --release --quiet --target-dir "$PWD/$work/sdist-cargo" -p sharpapi-webhooks -p sharpapi-webhooks-ffi
fresh_venv "$work/venv-source" "$(interpreter 3.11)"
CARGO_TARGET_DIR=$PWD/$work/sdist-cargo "$work/venv-source/bin/pip" install -q pytest==9.2.0 \
  "$work"/wheels/sharpapi_webhooks-*.tar.gz
(cd bindings/python && "../../$work/venv-source/bin/python" -m pytest -q -p no:cacheprovider \
  tests/test_vectors.py tests/test_library.py) | tee "$work/logs/pytest-source.log"
count "$work/logs/pytest-source.log"
grep -qx '.* (built from source)' "$work"/venv-source/lib/python3.11/site-packages/sharpapi_webhooks/_native/PLATFORM

printf '\n== bindings/python/README.md as written, on Python 3.9 (its python3), each example with a typo too\n'
# The README's install block builds the wheels again (scripts/build_python.sh) and installs the one
# pip picks for this machine, and the extras, in a fresh virtual environment of an empty folder.
python39=$(interpreter 3.9)
PATH="$(dirname "$python39"):$PATH" python3 scripts/readme_examples.py run bindings/python/README.md --mutate \
  2>&1 | tee "$work/logs/readme.log"
count "$work/logs/readme.log"

printf '\npython: %s passed, %s failed\n' "$passed" "$failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
