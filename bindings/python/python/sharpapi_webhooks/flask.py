"""Flask integration: ``@webhook_view`` hands a verified event to the view.

.. code-block:: python

    app.config["SHARPAPI_WEBHOOK_SECRET"] = "whsec_..."      # or a list while rotating

    @app.post("/webhooks/sharpapi")
    @webhook_view
    def sharpapi_webhook(event: WebhookEvent) -> tuple[str, int]:
        ...
        return "", 204

A delivery without a valid signature is answered 401, a verified body that is not an event 400,
each with a JSON error body; the view is not called.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from ._errors import WebhookError
from ._event import WebhookEvent
from ._integration import configured_verifier, error_response
from ._verifier import Verifier

__all__ = ["CONFIG_KEY", "verified_event", "webhook_view"]

CONFIG_KEY = "SHARPAPI_WEBHOOK_SECRET"
"""The app config key of the secret, or of the list of secrets while rotating."""

_EXTENSION = "sharpapi_webhooks"


def _verifier() -> Verifier:
    configured = configured_verifier(
        current_app.config.get(CONFIG_KEY), current_app.extensions.get(_EXTENSION)
    )
    current_app.extensions[_EXTENSION] = configured
    return configured[1]


def verified_event() -> WebhookEvent:
    """The current request's event, verified with the app's secret. Raises :class:`WebhookError`."""
    # The raw bytes as received; parse_form_data=False so that nothing consumes the stream.
    raw_body = request.get_data(cache=True, parse_form_data=False)
    # Every header, for the core to find X-Signature in by its rule.
    return _verifier().construct_event_from_headers(raw_body, request.headers)


def webhook_view(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """Decorates a view that takes the verified event as its first argument."""

    @functools.wraps(view)
    def verified_view(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        try:
            event = verified_event()
        except WebhookError as error:
            status, body = error_response(error)
            return jsonify(body), status
        return view(event, *args, **kwargs)

    return verified_view
