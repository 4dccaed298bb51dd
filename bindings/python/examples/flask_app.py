"""A Flask app that receives SharpAPI webhooks.

    SHARPAPI_WEBHOOK_SECRET=whsec_... flask --app examples.flask_app run
"""

from __future__ import annotations

import os
import threading
from typing import Dict, Set, Tuple

from flask import Flask

from sharpapi_webhooks import JobType, WebhookEvent
from sharpapi_webhooks.flask import webhook_view


class HandledJobs:
    """The ids of the jobs already handled. SharpAPI retries a delivery up to three times, so the
    same job can arrive again; in production, keep this in the database (a unique job id column)
    or in Redis (SET NX), so that it survives restarts and is shared by every worker."""

    def __init__(self) -> None:
        self._ids: Set[str] = set()
        self._lock = threading.Lock()

    def first_time(self, job_id: str) -> bool:
        with self._lock:
            if job_id in self._ids:
                return False
            self._ids.add(job_id)
            return True


def create_app() -> Flask:
    app = Flask(__name__)
    # One secret, or a list of two while rotating: the current one first, then the previous.
    app.config["SHARPAPI_WEBHOOK_SECRET"] = os.environ.get("SHARPAPI_WEBHOOK_SECRET", "")
    handled = HandledJobs()
    translations: Dict[str, str] = {}
    app.extensions["handled_jobs"] = handled
    app.extensions["translations"] = translations

    @app.post("/webhooks/sharpapi")
    @webhook_view
    def sharpapi_webhook(event: WebhookEvent) -> Tuple[Dict[str, str], int]:
        if not handled.first_time(event.id):
            return {"job": event.id, "outcome": "already handled"}, 200
        if event.is_success and event.type is JobType.CONTENT_TRANSLATE and event.result:
            translations[event.id] = event.result["content"]
        # Answer quickly; SharpAPI waits for a 2xx. Long work belongs in a background queue.
        return {"job": event.id, "outcome": "handled"}, 200

    return app
