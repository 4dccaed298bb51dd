'use strict';
// A SharpAPI webhook endpoint with Express 5, as the README shows it:
//   SHARPAPI_WEBHOOK_SECRET=whsec_... node examples/express.js
// test/express.test.js serves this app over HTTP.

const express = require('express');
const { webhookHandler } = require('sharpapi-webhooks/express');
const { MemoryStore } = require('sharpapi-webhooks/idempotency');

/**
 * The app: POST /webhooks/sharpapi calls `onEvent(event)` once per job id. `secrets` is the
 * secret, or [current, previous] while rotating; `idempotency` the store of handled ids.
 */
function createApp(secrets, onEvent, { idempotency = new MemoryStore() } = {}) {
  const app = express();
  // SharpAPI retries a delivery up to three times. The store claims the job id before onEvent
  // runs and marks it handled only after onEvent succeeded: a throw releases the claim, so that
  // the retry runs onEvent again, and a retry of a handled job is answered without running it.
  // A MemoryStore serves one process; with several, use a RedisStore, which all of them share.
  app.all(
    '/webhooks/sharpapi',
    webhookHandler({ secrets, idempotency, onEvent: (event) => onEvent(event) }),
  );
  return app;
}

if (require.main === module) {
  const app = createApp(process.env.SHARPAPI_WEBHOOK_SECRET, async (event) => {
    console.log(event.id, event.status, event.type, event.isSuccess ? event.result : null);
  });
  app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
}

module.exports = { createApp };
