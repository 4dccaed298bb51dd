#!/usr/bin/env bash
# The command-line tool (cli/): format and lints; its unit tests and its integration tests, which
# run the built binary against the core, tests/sender/reference_app.py, a byte-capturing server
# and itself (send, listen, forward, record, replay); sign and verify against Python's hmac; the
# wheel built with maturin, installed with pip into a fresh venv and run; cli/README.md's examples
# as written; and the top-level README's two-minute loop (the Flask example, the listener, the
# sender) on free ports. Prints `cli: N passed, M failed` last; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=target/cli
mkdir -p "$work"
log=$work/last.log
version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "sharpapi-webhooks-cli"))')

passed=0
failed=0
check() {
  local name=$1
  shift
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "ok: $name"
  else
    failed=$((failed + 1))
    echo "FAILED: $name"
    cat "$log"
  fi
}

check "rustfmt: cli/ is formatted" cargo fmt -p sharpapi-webhooks-cli --check
check "clippy: no warning in the tool or its tests" \
  cargo clippy --locked -p sharpapi-webhooks-cli --all-targets -- -D warnings

# Each Rust test counts: unit tests (exit codes, examples for every job type, the record format)
# and the integration tests in cli/tests/.
if cargo test --locked -p sharpapi-webhooks-cli >"$log" 2>&1; then rust_ok=1; else rust_ok=0; fi
read -r rust_passed rust_failed < <(awk '/^test result:/ { p += $4; f += $6 } END { print p + 0, f + 0 }' "$log")
passed=$((passed + rust_passed))
failed=$((failed + rust_failed))
if [ "$rust_ok" = 0 ]; then
  [ "$rust_failed" -gt 0 ] || failed=$((failed + 1))  # it did not build, or a test binary crashed
  echo "FAILED: cargo test -p sharpapi-webhooks-cli"
  grep -vE '^\s+(Compiling|Running|Finished|Doc-tests)' "$log" | tail -n 80
else
  echo "ok: cargo test -p sharpapi-webhooks-cli: $rust_passed tests"
fi
binary=$root/target/debug/sharpapi-webhooks

hmac_agrees() {
  python3 - "$binary" <<'PY'
import hashlib, hmac, os, random, subprocess, sys
binary = sys.argv[1]
environment = {k: v for k, v in os.environ.items() if k != "SHARPAPI_WEBHOOK_SECRET"}
generator = random.Random(14)
secrets = ["whsec_demo", "  spaced  ", "ünïcødé-秘密", "-starts-with-a-dash", "x" * 200]
problems = []
for index in range(40):
    body = bytes(generator.randrange(256) for _ in range(generator.randrange(0, 3000)))
    secret = secrets[index % len(secrets)]
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    signed = subprocess.run([binary, "sign", "--secret", secret, "-"], input=body, capture_output=True, env=environment)
    if signed.stdout.decode().strip() != expected:
        problems.append(f"sign #{index}: {signed.stdout!r} {signed.stderr!r}")
    for signature, code in ((expected, 0), (expected.upper(), 0), (expected[:-1] + ("0" if expected[-1] != "0" else "1"), 1)):
        # A random body is rarely an event: a valid signature then exits 3 (InvalidPayload).
        verified = subprocess.run([binary, "verify", "--secret", secret, "--signature", signature],
                                  input=body, capture_output=True, env=environment)
        wanted = {3, 0} if code == 0 else {1}
        if verified.returncode not in wanted:
            problems.append(f"verify #{index} exit {verified.returncode}: {verified.stderr!r}")
event = b'{"id":"job-1","status":"success","type":"content_translate"}'
from_env = subprocess.run([binary, "verify", "--signature", hmac.new(b"env secret", event, hashlib.sha256).hexdigest()],
                          input=event, capture_output=True, env=dict(environment, SHARPAPI_WEBHOOK_SECRET="env secret"))
if from_env.returncode != 0:
    problems.append(f"the secret from SHARPAPI_WEBHOOK_SECRET: {from_env.stderr!r}")
print("\n".join(problems) or "40 bodies: sign equals hmac, verify agrees")
sys.exit(1 if problems else 0)
PY
}
check "sign and verify agree with Python's hmac" hmac_agrees

# The wheel: built with the pinned maturin, installed into a fresh venv, run from there.
wheel_runs() {
  local wheel venv=$work/wheel-venv
  wheel=$(cli/build_wheel.sh)
  python3 -m venv --clear "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$wheel"
  "$venv/bin/sharpapi-webhooks" --version
  [ "$("$venv/bin/sharpapi-webhooks" --version)" = "sharpapi-webhooks $version" ]
  [ "$(printf '{}' | "$venv/bin/sharpapi-webhooks" sign --secret whsec_demo -)" = \
    "$(python3 -c 'import hashlib, hmac; print(hmac.new(b"whsec_demo", b"{}", hashlib.sha256).hexdigest())')" ]
}
check "the wheel installs with pip in a fresh venv and runs sharpapi-webhooks --version" wheel_runs

# cli/README.md as written: its install block (`cargo install --path`) into a root under target/,
# reusing the workspace's compiled release build.
readme_runs() (
  export CARGO_INSTALL_ROOT=$root/$work/install-root CARGO_TARGET_DIR=$root/target
  rm -rf "$CARGO_INSTALL_ROOT"
  PATH=$CARGO_INSTALL_ROOT/bin:$PATH python3 scripts/readme_examples.py run cli/README.md
  [ -x "$CARGO_INSTALL_ROOT/bin/sharpapi-webhooks" ]  # the README's install put it there
)
check "cli/README.md: every example runs as written" readme_runs

# The top-level README's loop: the Flask example needs Flask (the Python tests' pins) and the
# Python package, here from its sources over a library built from this tree.
readme_loop() {
  local venv=$work/flask-venv pins
  pins=$(grep -iE '^(flask|werkzeug|jinja2|markupsafe|itsdangerous|click|blinker)==' bindings/python/requirements-test.txt | tr '\n' ' ')
  if [ "$(cat "$venv/pins" 2>/dev/null)" != "$pins" ]; then
    python3 -m venv --clear "$venv"
    # shellcheck disable=SC2086
    "$venv/bin/pip" install -q --disable-pip-version-check $pins
    echo "$pins" >"$venv/pins"
  fi
  cargo build --locked -q -p sharpapi-webhooks-ffi
  PATH=$root/$venv/bin:$root/target/debug:$PATH \
    PYTHONPATH=$root/bindings/python/python \
    SHARPAPI_WEBHOOKS_LIBRARY=$root/target/debug/libsharpapi_webhooks_ffi.so \
    python3 cli/tests/readme_loop.py
}
check "README.md: the two-minute loop (Flask example, listen --forward-to --record, send, replay)" readme_loop

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
