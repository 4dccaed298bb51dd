'use strict';
// The sender suite's test app for sharpapi-webhooks/express: webhookHandler on an Express 5 app.

const express = require('express');
const { webhookHandler } = require('sharpapi-webhooks/express');
const contract = require('./contract');

async function main() {
  const app = express();
  app.all(
    '/webhooks/sharpapi',
    webhookHandler({
      secrets: contract.secrets,
      maxBodyBytes: contract.maxBodyBytes,
      idempotency: await contract.idempotencyStore(),
      onEvent: (event) => contract.handleEvent(event),
    }),
  );
  app.listen(contract.port, contract.hostname, () => contract.listening('express'));
}

main();
