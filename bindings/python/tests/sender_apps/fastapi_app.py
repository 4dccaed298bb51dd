"""The FastAPI test app."""

from __future__ import annotations

from typing import Dict

from fastapi import APIRouter, FastAPI

from sharpapi_webhooks.fastapi import VerifiedEvent, webhook_route

from . import behaviour

router = APIRouter(
    route_class=webhook_route(behaviour.secrets(), store=behaviour.async_store(), max_body_bytes=behaviour.max_body_bytes())
)


@router.post("/webhooks/sharpapi")
async def sharpapi_webhook(event: VerifiedEvent) -> Dict[str, str]:
    return await behaviour.handle_async(event)


app = FastAPI()
app.include_router(router)
