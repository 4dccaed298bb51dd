"""Every integration's test app (tests/sender_apps) as it is deployed: gunicorn's threaded
worker for Flask, Django and DRF, uvicorn for FastAPI, over real HTTP on 127.0.0.1, with a body
limit of 4 MiB set through the environment. What the issue found broken: a body over Django's
2.5 MiB DATA_UPLOAD_MAX_MEMORY_SIZE, a chunked body, a body over the limit read before being
refused, and an event lost when its handler failed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .servers import Answer, request, sender_app, sign

LIMIT = 4 * 1024 * 1024


def delivery(job_id: str, **result: object) -> bytes:
    return json.dumps({"id": job_id, "status": "success", "type": "content_translate", "result": result}).encode()


@pytest.mark.parametrize("name", ["flask", "django", "drf", "fastapi"])
def test_the_test_app_over_its_real_server(name: str) -> None:
    with sender_app(name, SHARPAPI_MAX_BODY_BYTES=str(LIMIT)) as app:

        def post(body: bytes, **options: Any) -> Answer:
            headers = [("Content-Type", "application/json"), ("X-Signature", sign(body, app.secret))]
            return request(app.port, "POST", "/webhooks/sharpapi", headers, body, **options)

        big = delivery("big", content="x" * (3 * 1024 * 1024))
        assert post(big).status == 200
        chunked = delivery("chunked", content="y" * 300_000)
        assert post(chunked, chunked=True).status == 200
        over = delivery("over", content="z" * LIMIT)
        unsent = post(over, send_body=False)
        assert (unsent.status, unsent.json()["error"]) == (413, "PayloadTooLarge")
        streamed = post(over, chunked=True)
        assert (streamed.status, streamed.json()["error"]) == (413, "PayloadTooLarge")
        failing = delivery("failing", fail_attempts=2)
        assert [post(failing).status for _ in range(4)] == [500, 500, 200, 200]
        assert sorted(app.handled()) == ["big", "chunked", "failing"]
