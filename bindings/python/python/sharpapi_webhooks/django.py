"""Django integration: ``@webhook_view`` hands a verified event to the view.

.. code-block:: python

    # settings.py
    SHARPAPI_WEBHOOK_SECRET = "whsec_..."                    # or a list while rotating

    # views.py
    @webhook_view
    def sharpapi_webhook(request: HttpRequest, event: WebhookEvent) -> HttpResponse:
        ...
        return HttpResponse(status=204)

The view is exempt from CSRF (SharpAPI signs its requests instead) and accepts only POST. A
delivery without a valid signature is answered 401, a verified body that is not an event 400,
each with a JSON error body; the view is not called.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ._errors import WebhookError
from ._event import WebhookEvent
from ._integration import ConfiguredVerifier, configured_verifier, error_response
from ._verifier import Verifier

__all__ = ["SETTING", "verified_event", "webhook_view"]

SETTING = "SHARPAPI_WEBHOOK_SECRET"
"""The setting that holds the secret, or the list of secrets while rotating."""

_configured: Optional[ConfiguredVerifier] = None


def _verifier() -> Verifier:
    global _configured
    _configured = configured_verifier(getattr(settings, SETTING, None), _configured)
    return _configured[1]


def verified_event(request: HttpRequest) -> WebhookEvent:
    """The request's event, verified with the configured secret. Raises :class:`WebhookError`."""
    # Every header, for the core to find X-Signature in by its rule.
    return _verifier().construct_event_from_headers(request.body, request.headers)


def webhook_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorates a view ``view(request, event, ...)``; see the module's documentation."""

    @functools.wraps(view)
    def verified_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            event = verified_event(request)
        except WebhookError as error:
            status, body = error_response(error)
            return JsonResponse(body, status=status)
        return view(request, event, *args, **kwargs)

    exempt: Callable[..., HttpResponse] = csrf_exempt(require_POST(verified_view))
    return exempt
