"""A Flask app that receives SharpAPI webhooks.

    SHARPAPI_WEBHOOK_SECRET=whsec_... flask --app examples.flask_app run
"""

from __future__ import annotations

import os
from typing import Dict, Optional

from flask import Flask

from sharpapi_webhooks import JobType, WebhookEvent
from sharpapi_webhooks.flask import webhook_view
from sharpapi_webhooks.idempotency import IdempotencyStore, MemoryStore


def create_app(store: Optional[IdempotencyStore] = None) -> Flask:
    app = Flask(__name__)
    # One secret, or a list of two while rotating: the current one first, then the previous.
    app.config["SHARPAPI_WEBHOOK_SECRET"] = os.environ.get("SHARPAPI_WEBHOOK_SECRET", "")
    translations: Dict[str, str] = {}
    app.extensions["translations"] = translations

    # SharpAPI retries a delivery up to three times, so one job can arrive again, even while it
    # is being handled. The store claims each job id before the view runs and marks it handled
    # only after the view succeeded; a view that raises releases the claim, so that the retry
    # runs it again. MemoryStore serves one process: with several workers or servers, use
    # RedisStore (or DjangoCacheStore over a shared cache).
    @app.route("/webhooks/sharpapi")  # every method: the view answers all but POST with 405
    @webhook_view(store=store if store is not None else MemoryStore())
    def sharpapi_webhook(event: WebhookEvent) -> Dict[str, str]:
        if event.is_success and event.type is JobType.CONTENT_TRANSLATE and event.result:
            translations[event.id] = event.result["content"]
        # Answer quickly; SharpAPI waits for a 2xx. Long work belongs in a background queue.
        return {"id": event.id, "outcome": "handled"}

    return app
