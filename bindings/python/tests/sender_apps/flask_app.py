"""The Flask test app."""

from __future__ import annotations

from typing import Dict

from flask import Flask

from sharpapi_webhooks import WebhookEvent
from sharpapi_webhooks.flask import webhook_view

from . import behaviour

app = Flask(__name__)
app.config["SHARPAPI_WEBHOOK_SECRET"] = behaviour.secrets()
app.config["SHARPAPI_WEBHOOK_MAX_BODY_BYTES"] = behaviour.max_body_bytes()


@app.route("/webhooks/sharpapi")
@webhook_view(store=behaviour.store())
def sharpapi_webhook(event: WebhookEvent) -> Dict[str, str]:
    return behaviour.handle(event)
