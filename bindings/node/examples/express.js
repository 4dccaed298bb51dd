'use strict';
// A SharpAPI webhook endpoint with Express 5, as the README shows it:
//   SHARPAPI_WEBHOOK_SECRET=whsec_... node examples/express.js
// test/express.test.js serves this app over HTTP.

const express = require('express');
const { webhookMiddleware } = require('sharpapi-webhooks/express');

/**
 * The app: POST /webhooks/sharpapi calls `onEvent(event)` once per job id. `secrets` is the
 * secret, or [current, previous] while rotating.
 */
function createApp(secrets, onEvent) {
  // SharpAPI retries a delivery up to three times. A Set serves one process; in production, use a
  // unique key on the job id in your database, which every worker and restart sees.
  const handled = new Set();
  const app = express();
  app.post('/webhooks/sharpapi', webhookMiddleware(secrets), (req, res) => {
    const event = req.sharpapiEvent;
    if (!handled.has(event.id)) {
      handled.add(event.id);
      onEvent(event);
    }
    res.sendStatus(204);
  });
  return app;
}

if (require.main === module) {
  const app = createApp(process.env.SHARPAPI_WEBHOOK_SECRET, (event) => {
    console.log(event.id, event.status, event.type, event.isSuccess ? event.result : null);
  });
  app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
}

module.exports = { createApp };
