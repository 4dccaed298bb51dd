"""Verifies one SharpAPI delivery and prints its event, as a webhook endpoint would.

    SHARPAPI_WEBHOOK_SECRET=whsec_... python -m examples.verify_delivery BODY_FILE|- [SIGNATURE]

The body is read exactly as received; SIGNATURE is the X-Signature value (else the environment's
SHARPAPI_SIGNATURE). The exit status is 0 for a verified event, else the error's code.
"""

from __future__ import annotations

import os
import sys
from typing import List

import sharpapi_webhooks as webhooks


def main(argv: List[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    if argv[1] == "-":
        raw_body = sys.stdin.buffer.read()
    else:
        with open(argv[1], "rb") as body_file:
            raw_body = body_file.read()
    signature = argv[2] if len(argv) > 2 else os.environ.get("SHARPAPI_SIGNATURE")
    try:
        verifier = webhooks.Verifier(os.environ.get("SHARPAPI_WEBHOOK_SECRET", ""))
        event = verifier.construct_event(raw_body, signature)
    except webhooks.WebhookError as error:
        print(f"refused ({type(error).__name__}): {error}", file=sys.stderr)
        return error.code
    print(f"verified: job {event.id}")
    print(f"status: {event.status.value}")
    print(f"type: {event.type.value}")
    print(f"result: {event.result_json or '(none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
