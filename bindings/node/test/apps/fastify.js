'use strict';
// The sender suite's test app for sharpapi-webhooks/fastify: the plugin on a Fastify 5 app.

const Fastify = require('fastify');
const sharpapiWebhooks = require('sharpapi-webhooks/fastify');
const contract = require('./contract');

async function main() {
  const app = Fastify({ logger: { level: 'warn', stream: process.stderr } });
  await app.register(sharpapiWebhooks, {
    secrets: contract.secrets,
    maxBodyBytes: contract.maxBodyBytes,
    idempotency: await contract.idempotencyStore(),
    onEvent: (event) => contract.handleEvent(event),
  });
  await app.listen({ port: contract.port, host: contract.hostname });
  contract.listening('fastify');
}

main();
