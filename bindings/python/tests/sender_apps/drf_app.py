"""The Django REST framework test app: settings, view and URL in one module."""

from __future__ import annotations

from django.conf import settings

from . import behaviour

settings.configure(
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    SECRET_KEY="drf-test-app-only",
    INSTALLED_APPS=["rest_framework"],
    MIDDLEWARE=["django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware"],
    USE_TZ=True,
    SHARPAPI_WEBHOOK_SECRET=behaviour.secrets(),
    SHARPAPI_WEBHOOK_MAX_BODY_BYTES=behaviour.max_body_bytes(),
)

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after the settings)
from django.urls import path  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from sharpapi_webhooks import WebhookEvent  # noqa: E402
from sharpapi_webhooks.drf import WebhookView  # noqa: E402


class SharpApiWebhook(WebhookView):
    idempotency_store = behaviour.store()

    def handle_event(self, request: Request, event: WebhookEvent) -> Response:
        return Response(behaviour.handle(event))


urlpatterns = [path("webhooks/sharpapi", SharpApiWebhook.as_view())]
application = get_wsgi_application()
