'use strict';
// The Fastify plugin on Fastify's own server, over HTTP on 127.0.0.1.

const assert = require('node:assert/strict');
const { describe, it } = require('node:test');
const Fastify = require('fastify');
const sharpapiWebhooks = require('sharpapi-webhooks/fastify');
const { CURRENT, delivery, integrationCases, post, sign } = require('./integrations');

/**
 * A logger of Fastify's shape that hands errors to `log(message, error)`, as pino's would print
 * them, and warnings to `log(message, fields)`.
 */
function loggerTo(log) {
  const ignore = () => {};
  const logger = {
    level: 'error',
    error: (fields, message) => log(message, fields?.err),
    fatal: ignore,
    warn: (fields, message) => log(message, fields),
    info: ignore,
    debug: ignore,
    trace: ignore,
    silent: ignore,
    child: () => logger,
  };
  return logger;
}

async function serve({ log, ...options }, configure = () => {}) {
  const app = Fastify(log === undefined ? { logger: false } : { loggerInstance: loggerTo(log) });
  configure(app);
  await app.register(sharpapiWebhooks, options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: app.server.address().port, close: () => app.close() };
}

integrationCases('fastify', serve, { repeatedHeaderLines: true, warnsToLog: true });

describe('the Fastify plugin', () => {
  it("keeps its raw-body parser in its scope: the app's other routes still parse JSON", async () => {
    const server = await serve({ secret: CURRENT, onEvent: () => {} }, (app) => {
      app.post('/other', async (request) => ({ parsed: request.body }));
    });
    try {
      const answer = await fetch(`http://127.0.0.1:${server.port}/other`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"a": 1}',
      });
      assert.deepEqual(await answer.json(), { parsed: { a: 1 } });
    } finally {
      await server.close();
    }
  });

  it('decorates the request with the event, and serves under a prefix and path', async () => {
    const app = Fastify({ logger: false });
    let seen = null;
    await app.register(sharpapiWebhooks, {
      secret: CURRENT,
      prefix: '/hooks',
      path: '/sharpapi',
      onEvent: async (event, request, reply) => {
        seen = request.sharpapiEvent;
        reply.code(202);
        return { accepted: event.id };
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const body = delivery('prefixed');
      const answer = await fetch(`http://127.0.0.1:${app.server.address().port}/hooks/sharpapi`, {
        method: 'POST',
        headers: { 'X-Signature': sign(body) },
        body,
      });
      assert.equal(answer.status, 202);
      assert.deepEqual(await answer.json(), { accepted: 'prefixed' });
      assert.equal(seen.id, 'prefixed');
    } finally {
      await app.close();
    }
  });

  it("logs a handler's failure through Fastify's logger, not in the answer", async () => {
    const lines = [];
    const app = Fastify({
      logger: { level: 'error', stream: { write: (line) => lines.push(JSON.parse(line)) } },
    });
    await app.register(sharpapiWebhooks, {
      secret: CURRENT,
      onEvent: () => {
        throw new Error('the database is down');
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const body = delivery('logged');
      const answer = await post(app.server.address().port, body, [['X-Signature', sign(body)]]);
      assert.equal(answer.status, 500);
      assert.doesNotMatch(answer.text, /database/);
      assert.ok(
        lines.some((line) => line.err?.message === 'the database is down'),
        lines,
      );
    } finally {
      await app.close();
    }
  });
});
