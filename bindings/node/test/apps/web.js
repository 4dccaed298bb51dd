'use strict';
// The sender suite's test app for sharpapi-webhooks/web: webhookHandler as the fetch handler of
// @hono/node-server, which turns Node's requests into Web Requests and the Responses back.

const { serve } = require('@hono/node-server');
const { webhookHandler } = require('sharpapi-webhooks/web');
const contract = require('./contract');

async function main() {
  const handler = webhookHandler({
    secrets: contract.secrets,
    maxBodyBytes: contract.maxBodyBytes,
    idempotency: await contract.idempotencyStore(),
    onEvent: (event) => contract.handleEvent(event),
  });
  serve({
    port: contract.port,
    hostname: contract.hostname,
    fetch: (request) =>
      new URL(request.url).pathname === '/webhooks/sharpapi'
        ? handler(request)
        : new Response(null, { status: 404 }),
  }).on('listening', () => contract.listening('web'));
}

main();
