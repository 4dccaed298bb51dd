'use strict';
// The inbox-mode test app (issue 16): Express or Fastify (SHARPAPI_INBOX_FRAMEWORK, "express" by
// default) acknowledging from the durable inbox at SHARPAPI_INBOX (redis://... or sqlite://...),
// with GET /metrics.
// The handler runs in test/apps/inbox_worker.js, a process of its own. With
// SHARPAPI_TEST_CRASH_AFTER_ACCEPT=1 the process exits hard (70) right after accept returned,
// before answering: a web process that died between storing and acknowledging.

const contract = require('./contract');
const { inboxMetrics } = require('sharpapi-webhooks/inbox');
const inboxSetup = require('./inbox_setup');

async function main() {
  const { backend, inbox, accepting } = await inboxSetup.connect();
  const metrics = inboxMetrics({ inbox });
  const crashAfterAccept = process.env.SHARPAPI_TEST_CRASH_AFTER_ACCEPT === '1';
  const inboxOption = crashAfterAccept
    ? {
        async accept(event, rawBody) {
          await accepting.accept(event, rawBody);
          process.exit(70);
        },
      }
    : accepting;
  const options = {
    secrets: contract.secrets,
    maxBodyBytes: contract.maxBodyBytes,
    inbox: inboxOption,
    metrics,
    // The log goes to stderr, which the sender suite shows on failure.
    logger: (record) => process.stderr.write(`${JSON.stringify(record)}\n`),
  };
  const { register } = require('prom-client');
  const framework = process.env.SHARPAPI_INBOX_FRAMEWORK ?? 'express';
  if (framework === 'fastify') {
    const fastify = require('fastify')();
    fastify.register(require('sharpapi-webhooks/fastify'), options);
    fastify.get('/metrics', async (request, reply) =>
      reply.type(register.contentType).send(await register.metrics()),
    );
    await fastify.listen({ port: contract.port, host: contract.hostname });
  } else {
    const express = require('express');
    const { webhookHandler } = require('sharpapi-webhooks/express');
    const app = express();
    app.all('/webhooks/sharpapi', webhookHandler(options));
    app.get('/metrics', async (req, res) => {
      res.type(register.contentType).send(await register.metrics());
    });
    await new Promise((resolve) => app.listen(contract.port, contract.hostname, resolve));
  }
  console.error(
    `inbox-${framework}: listening on ${contract.hostname}:${contract.port} (inbox: ${backend})`,
  );
}

main().catch((error) => {
  console.error('inbox app:', error);
  process.exit(1);
});
