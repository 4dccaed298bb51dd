#!/usr/bin/env bash
# The UniFFI side of the native library: the in-repo uniffi-bindgen generates Kotlin, Swift and
# Python in library mode from the release cdylib with the top-level uniffi.toml; the Kotlin package
# must be the one uniffi.toml names (proof that the file is read), and the generated Python module
# must load the library and verify a delivery signed by Python's own hmac.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/uniffi
cargo build --release --locked -p sharpapi-webhooks-ffi
# Built alone, in the dev profile: its cli feature must not reach the library's build.
cargo build --locked -p uniffi-bindgen
rm -rf "$out"
target/debug/uniffi-bindgen generate --no-format --config uniffi.toml \
  --language kotlin --language swift --language python --out-dir "$out" \
  target/release/libsharpapi_webhooks_ffi.so

package=$(python3 -c 'import tomllib; print(tomllib.load(open("uniffi.toml", "rb"))["crates"]["sharpapi_webhooks_ffi"]["bindings"]["kotlin"]["package_name"])')
kotlin_file=$out/${package//.//}/sharpapi_webhooks.kt
if ! grep -qx "package $package" "$kotlin_file"; then
  echo "test_uniffi: $kotlin_file does not declare package $package from uniffi.toml" >&2
  exit 1
fi
for generated in "$out/SharpApiWebhooks.swift" "$out/SharpApiWebhooksFFI.h" "$out/sharpapi_webhooks.py"; do
  [ -s "$generated" ] || { echo "test_uniffi: $generated was not generated" >&2; exit 1; }
done
echo "uniffi: Kotlin package $package comes from uniffi.toml; Swift and Python generated"

cp target/release/libsharpapi_webhooks_ffi.so "$out/"
PYTHONPATH=$out python3 - <<'PY'
import hashlib, hmac
import sharpapi_webhooks as native

body = b'{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"n":1.10}}'
signature = hmac.new(b"whsec_uniffi", body, hashlib.sha256).hexdigest().encode()
checks = []
verifier = native.Verifier([b"whsec_other", b"whsec_uniffi"])
event = verifier.construct_event(body, signature)
checks.append(event.id == "bf683177-3a48-47d1-9c4e-0b4de39517fa")
checks.append(event.status == native.JobStatus.SUCCESS() and event.job_type == native.JobType.CONTENT_TRANSLATE())
# The enums give their wire text themselves: no binding keeps a table of its own.
checks.append(event.status.wire_text() == "success" and event.job_type.wire_text() == "content_translate")
checks.append(native.JobType.OTHER("content_new").wire_text() == "content_new")
headers = [native.HttpHeader(name=b"x-SIGNATURE", value=signature), native.HttpHeader(name=b"X-Signature", value=b" " + signature)]
checks.append(verifier.construct_event_from_headers(body, headers).id == event.id)
checks.append(event.result == '{"n":1.10}')
try:
    verifier.verify(body + b" ", signature)
    checks.append(False)
except native.WebhookError.InvalidSignature as error:
    checks.append("raw request body" in str(error))
checks.append(native.sign(body, b"whsec_uniffi").encode() == signature)
# A secret that is no UTF-8 (a lone surrogate, as surrogatepass encodes it) is refused, typed.
try:
    native.Verifier(["a\ud800".encode("utf-8", "surrogatepass")])
    checks.append(False)
except native.WebhookError.InvalidSecret:
    checks.append(True)
failed = checks.count(False)
print(f"uniffi python: {len(checks) - failed} passed, {failed} failed")
raise SystemExit(1 if failed else 0)
PY
