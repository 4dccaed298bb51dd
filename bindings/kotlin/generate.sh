#!/usr/bin/env bash
# Generates UniFFI's Kotlin for LIBRARY (target/dist's linux-x64 static library, whose symbol
# table holds UniFFI's metadata) into OUT_DIR; Maven runs it at generate-sources. usage: generate.sh LIBRARY OUT_DIR
#
# The configuration is the top-level uniffi.toml's Kotlin table with ".ffi" appended to the
# package: the generated code declares Verifier, WebhookEvent, JobStatus, JobType,
# WebhookException, sign and verify, which would clash with the idiomatic layer that owns those
# names in the package itself.
set -euo pipefail
library=$1
out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
bindgen=$root/target/debug/uniffi-bindgen
for built in "$library" "$bindgen"; do
  if [ ! -f "$built" ]; then
    echo "generate.sh: $built is missing; bindings/kotlin/build.sh builds it" >&2
    exit 1
  fi
done

rm -rf "$out"
mkdir -p "$out"
config=$out/../uniffi-kotlin.toml
python3 - "$root/uniffi.toml" >"$config" <<'PY'
import json
import sys
import tomllib

with open(sys.argv[1], "rb") as source:
    kotlin = tomllib.load(source)["crates"]["sharpapi_webhooks_ffi"]["bindings"]["kotlin"]
kotlin["package_name"] += ".ffi"
# The jar carries the library under the name the C package and the other bindings load,
# libsharpapi_webhooks.so (.dylib, sharpapi_webhooks.dll), in each of JNA's platform folders.
kotlin["cdylib_name"] = "sharpapi_webhooks"
print("[crates.sharpapi_webhooks_ffi.bindings.kotlin]")
for key, value in kotlin.items():
    # JSON's strings, numbers and booleans are TOML's too; a nested table would need real TOML.
    if isinstance(value, (dict, list)):
        sys.exit(f"generate.sh: uniffi.toml's kotlin.{key} is a table or list; teach this script to copy it")
    print(f"{key} = {json.dumps(value)}")
PY
"$bindgen" generate --no-format --config "$config" --language kotlin --out-dir "$out" "$library"
