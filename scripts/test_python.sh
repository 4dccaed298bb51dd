#!/usr/bin/env bash
# The Python package (bindings/python) as its users get it: the wheel built by maturin and
# installed in fresh virtual environments, `pip install ./bindings/python` from source, every test
# (the vectors, the API, threads, Flask, Django) on 3.11 with mypy --strict, and the vectors, API
# and thread tests on 3.9, 3.10, 3.12 and 3.13; then bindings/python/README.md's examples as written
# (scripts/readme_examples.py --mutate), in an empty folder, with Python 3.9 as their `python3`.
# Prints the total of passed and failed tests last. With SHARPAPI_CONFORMANCE_DIR set, the vector
# test also writes its outcomes to $SHARPAPI_CONFORMANCE_DIR/python.json.
set -euo pipefail
cd "$(dirname "$0")/.."
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
(cd bindings/python && "../../$work/venv-3.11/bin/python" -m pytest -q -p no:cacheprovider) | tee "$work/logs/pytest-3.11.log"
count "$work/logs/pytest-3.11.log"
(cd bindings/python && "../../$work/venv-3.11/bin/python" -m mypy --no-incremental)

for version in 3.9 3.10 3.12 3.13; do
  printf '\n== Python %s: the wheel, the vectors, the API and threads\n' "$version"
  fresh_venv "$work/venv-$version" "$(interpreter "$version")"
  pytest_pin=$([ "$version" = 3.9 ] && echo pytest==8.4.2 || echo pytest==9.2.0)
  "$work/venv-$version/bin/pip" install -q "$pytest_pin" "$wheel"
  (cd bindings/python && "../../$work/venv-$version/bin/python" -m pytest -q -p no:cacheprovider \
    tests/test_vectors.py tests/test_api.py tests/test_threads.py) | tee "$work/logs/pytest-$version.log"
  count "$work/logs/pytest-$version.log"
done

printf '\n== pip install ./bindings/python (built from source) in a fresh environment\n'
fresh_venv "$work/venv-source" "$(interpreter 3.11)"
"$work/venv-source/bin/pip" install -q ./bindings/python
(cd bindings/python && "../../$work/venv-source/bin/python" -c '
import hashlib, hmac, sharpapi_webhooks as w
body = b"{\"id\":\"1\",\"status\":\"success\",\"type\":\"content_translate\"}"
headers = [("X-Signature", hmac.new(b"s", body, hashlib.sha256).hexdigest())]
event = w.Verifier("s").construct_event_from_headers(body, headers)
assert event.type is w.JobType.CONTENT_TRANSLATE, event
print("python source install: 1 passed, 0 failed")') | tee "$work/logs/source.log"
count "$work/logs/source.log"

printf '\n== bindings/python/README.md as written, on Python 3.9 (its python3), each example with a typo too\n'
# The README's install block builds the wheel again (scripts/build_python.sh) and installs it, and
# the extras, in a fresh virtual environment of an empty folder.
python39=$(interpreter 3.9)
PATH="$(dirname "$python39"):$PATH" python3 scripts/readme_examples.py run bindings/python/README.md --mutate \
  2>&1 | tee "$work/logs/readme.log"
count "$work/logs/readme.log"

printf '\npython: %s passed, %s failed\n' "$passed" "$failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
