"""The Django test app: settings, view and URL in one module."""

from __future__ import annotations

from django.conf import settings

from . import behaviour

settings.configure(
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    SECRET_KEY="django-test-app-only",
    MIDDLEWARE=["django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware"],
    USE_TZ=True,
    SHARPAPI_WEBHOOK_SECRET=behaviour.secrets(),
    SHARPAPI_WEBHOOK_MAX_BODY_BYTES=behaviour.max_body_bytes(),
)

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after the settings)
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from sharpapi_webhooks import WebhookEvent  # noqa: E402
from sharpapi_webhooks.django import webhook_view  # noqa: E402


@webhook_view(store=behaviour.store())
def sharpapi_webhook(request: HttpRequest, event: WebhookEvent) -> JsonResponse:
    return JsonResponse(behaviour.handle(event))


urlpatterns = [path("webhooks/sharpapi", sharpapi_webhook)]
application = get_wsgi_application()
