"""The acknowledge-then-process test apps (Flask and FastAPI over one inbox,
:mod:`.inbox_tasks`), each with ``GET /metrics``:

    python -m tests.sender_apps.inbox_apps flask|fastapi

With SHARPAPI_TEST_CRASH_AFTER_ACCEPT=1 the process exits hard (status 70) right after the
inbox stored a delivery, before answering: what a crash between ``accept`` and the 202 does."""

from __future__ import annotations

import os
import sys
from typing import Any, List

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from sharpapi_webhooks import WebhookEvent
from sharpapi_webhooks._observe import Observer

from . import behaviour
from .inbox_tasks import inbox


class CrashAfterAccept:
    """The inbox, but the process dies once a delivery is stored (tests only)."""

    def __init__(self) -> None:
        self.observer: Observer = inbox.observer

    def accept(self, event: WebhookEvent, raw_body: bytes) -> str:
        inbox.accept(event, raw_body)
        os._exit(70)


def acceptor() -> Any:
    return CrashAfterAccept() if os.environ.get("SHARPAPI_TEST_CRASH_AFTER_ACCEPT") == "1" else inbox


def flask_app() -> Any:
    from flask import Flask, Response

    from sharpapi_webhooks.flask import inbox_view

    app = Flask(__name__)
    app.config["SHARPAPI_WEBHOOK_SECRET"] = behaviour.secrets()
    app.config["SHARPAPI_WEBHOOK_MAX_BODY_BYTES"] = behaviour.max_body_bytes()
    app.add_url_rule("/webhooks/sharpapi", view_func=inbox_view(acceptor()))

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)

    return app


def fastapi_app() -> Any:
    from fastapi import FastAPI
    from starlette.responses import Response
    from starlette.routing import Route

    from sharpapi_webhooks.starlette import InboxEndpoint

    app = FastAPI()
    endpoint = InboxEndpoint(acceptor(), behaviour.secrets(), max_body_bytes=behaviour.max_body_bytes())
    app.router.routes.append(Route("/webhooks/sharpapi", endpoint))  # an ASGI app: every method reaches it

    @app.get("/metrics")
    def metrics() -> Response:  # a plain function: counts() runs in the thread pool
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def main(argv: List[str]) -> int:
    if len(argv) != 2 or argv[1] not in ("flask", "fastapi"):
        print("usage: python -m tests.sender_apps.inbox_apps flask|fastapi", file=sys.stderr)
        return 64
    if argv[1] == "fastapi":
        import uvicorn

        uvicorn.run(fastapi_app(), host="127.0.0.1", port=behaviour.port(), log_level="warning")
        return 0
    from .__main__ import serve_wsgi

    serve_wsgi(flask_app())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
