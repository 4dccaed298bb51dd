"""The webhook endpoint."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse

from sharpapi_webhooks import WebhookEvent
from sharpapi_webhooks.django import webhook_view

HANDLED_FOR_SECONDS = 7 * 24 * 3600


@webhook_view
def sharpapi_webhook(request: HttpRequest, event: WebhookEvent) -> JsonResponse:
    # SharpAPI retries a delivery up to three times: cache.add stores the key only if it is
    # absent, atomically, so each job is handled once. With several servers use a shared cache
    # (Redis, Memcached) or a unique job id column in the database.
    if not cache.add(f"sharpapi-job:{event.id}", True, HANDLED_FOR_SECONDS):
        return JsonResponse({"job": event.id, "outcome": "already handled"})
    if event.is_success:
        cache.set(f"sharpapi-result:{event.id}", event.result_json, HANDLED_FOR_SECONDS)
    # Answer quickly; SharpAPI waits for a 2xx. Long work belongs in a background queue.
    return JsonResponse({"job": event.id, "outcome": "handled"})
