#!/usr/bin/env bash
# The main job, end to end: a sample delivery signed by Python's hmac (an implementation that is
# not ours), verified by an example endpoint; then the same body tampered with, which must be
# refused with InvalidSignature (code 4).
#
#   scripts/demo.sh [PROGRAM]
#
# PROGRAM takes `BODY_FILE SIGNATURE` with the secret in SHARPAPI_WEBHOOK_SECRET and exits with
# the status code, as the Rust and C examples do; without it, the Rust example is built and used.
set -euo pipefail
cd "$(dirname "$0")/.."

secret="whsec_demo_secret"
body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
printf '%s' '{
    "id": "bf683177-3a48-47d1-9c4e-0b4de39517fa",
    "status": "success",
    "type": "content_translate",
    "result": {
        "content": "ciao",
        "from_language": "English",
        "to_language": "Italian"
    }
}' > "$body_file"
signature=$(python3 -c 'import hashlib, hmac, sys; print(hmac.new(sys.argv[1].encode(), open(sys.argv[2], "rb").read(), hashlib.sha256).hexdigest())' "$secret" "$body_file")

if [ $# -ge 1 ]; then
  verify_delivery=$1
else
  cargo build --quiet --locked --release -p sharpapi-webhooks --example verify_delivery
  verify_delivery=target/release/examples/verify_delivery
fi
echo "== demo with $verify_delivery"

echo "== a delivery signed by SharpAPI's rule (X-Signature: $signature)"
output=$(SHARPAPI_WEBHOOK_SECRET=$secret "$verify_delivery" "$body_file" "$signature")
echo "$output"
grep -q '^verified: job bf683177-3a48-47d1-9c4e-0b4de39517fa$' <<<"$output"
grep -q '^type: content_translate$' <<<"$output"

echo "== the same delivery with one byte changed"
sed -i 's/ciao/ciaO/' "$body_file"
status=0
SHARPAPI_WEBHOOK_SECRET=$secret "$verify_delivery" "$body_file" "$signature" || status=$?
if [ "$status" -ne 4 ]; then
  echo "demo: a tampered delivery exited $status, not 4 (InvalidSignature)" >&2
  exit 1
fi
echo "demo: 2 passed, 0 failed"
