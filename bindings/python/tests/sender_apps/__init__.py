"""The test apps the shared sender suite (tests/sender/sender.py at the repository's root) runs,
one per integration, as a user would serve it: ``python -m tests.sender_apps NAME`` from
bindings/python, where NAME is flask, django, drf or fastapi. Their contract (PORT, the secrets,
SHARPAPI_HANDLED_LOG, fail_attempts and sleep_ms, SHARPAPI_IDEMPOTENCY=redis) is the suite's;
``behaviour`` holds what every app does the same way."""
