"""The webhook endpoint."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse

from sharpapi_webhooks import WebhookEvent
from sharpapi_webhooks.django import webhook_view
from sharpapi_webhooks.idempotency import DjangoCacheStore

RESULT_KEPT_FOR_SECONDS = 7 * 24 * 3600


# SharpAPI retries a delivery up to three times, so one job can arrive again, even while it is
# being handled. The store claims each job id (cache.add, which stores a key only if it is
# absent) before the view runs, and marks it handled only after the view succeeded; a view that
# raises releases the claim, so that the retry runs it again. With several servers, use a shared
# cache (Redis, Memcached): see DjangoCacheStore for what each backend guarantees.
@webhook_view(store=DjangoCacheStore())
def sharpapi_webhook(request: HttpRequest, event: WebhookEvent) -> JsonResponse:
    if event.is_success:
        cache.set(f"sharpapi-result:{event.id}", event.result_json, RESULT_KEPT_FOR_SECONDS)
    # Answer quickly; SharpAPI waits for a 2xx. Long work belongs in a background queue.
    return JsonResponse({"id": event.id, "outcome": "handled"})
