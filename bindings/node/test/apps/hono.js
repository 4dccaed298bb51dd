'use strict';
// The sender suite's test app for sharpapi-webhooks/hono: the middleware on a Hono app, served by
// @hono/node-server.

const { serve } = require('@hono/node-server');
const { Hono } = require('hono');
const { webhookMiddleware } = require('sharpapi-webhooks/hono');
const contract = require('./contract');

async function main() {
  const app = new Hono();
  const verified = webhookMiddleware({
    secrets: contract.secrets,
    maxBodyBytes: contract.maxBodyBytes,
    idempotency: await contract.idempotencyStore(),
  });
  app.all('/webhooks/sharpapi', verified, async (c) => {
    const event = c.get('sharpapiEvent');
    await contract.handleEvent(event);
    return c.json({ id: event.id, outcome: 'handled' });
  });
  serve({ fetch: app.fetch, port: contract.port, hostname: contract.hostname }).on(
    'listening',
    () => contract.listening('hono'),
  );
}

main();
