// The sender suite's test app as a Next.js App Router route (tests/sender/sender.py has the
// contract): webhookHandler of sharpapi-webhooks/web as the route's POST, served by `next start`
// after `next build`. The in-memory store: `next start` is one process.
import { appendFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryStore } from 'sharpapi-webhooks/idempotency';
import { webhookHandler } from 'sharpapi-webhooks/web';

const attempts = new Map(); // event id -> calls of the handler for it

async function handleEvent(event) {
  const result = event.result !== null && typeof event.result === 'object' ? event.result : {};
  if (Number.isInteger(result.sleep_ms)) {
    await sleep(result.sleep_ms);
  }
  const count = (attempts.get(event.id) ?? 0) + 1;
  attempts.set(event.id, count);
  if (count <= (result.fail_attempts ?? 0)) {
    throw new Error(`the handler failed on purpose (call ${count} for ${event.id})`);
  }
  await appendFile(process.env.SHARPAPI_HANDLED_LOG, `${event.id}\n`);
}

const handler = webhookHandler({
  // Read on the first delivery, not when `next build` loads the route (the secrets are not there).
  secrets: () => [
    process.env.SHARPAPI_WEBHOOK_SECRET,
    process.env.SHARPAPI_WEBHOOK_PREVIOUS_SECRET,
  ],
  maxBodyBytes: process.env.SHARPAPI_MAX_BODY_BYTES
    ? Number(process.env.SHARPAPI_MAX_BODY_BYTES)
    : undefined,
  idempotency: new MemoryStore(),
  onEvent: handleEvent,
});

export const POST = handler;
export const GET = handler;
export const PUT = handler;
export const DELETE = handler;
export const PATCH = handler;
