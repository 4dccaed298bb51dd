'use strict';
// The Hono middleware in a Hono app served by @hono/node-server, over HTTP on 127.0.0.1.

const assert = require('node:assert/strict');
const { describe, it } = require('node:test');
const { serve: serveNode } = require('@hono/node-server');
const { Hono } = require('hono');
const { webhookMiddleware } = require('sharpapi-webhooks/hono');
const { CURRENT, ROUTE, delivery, integrationCases, post, sign } = require('./integrations');

/** Serves `app` on a free port of 127.0.0.1, with Node's own Request and Response kept. */
function listen(app) {
  return new Promise((resolve) => {
    const server = serveNode(
      { fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false },
      (info) =>
        resolve({
          port: info.port,
          close: () => new Promise((closed) => server.close(closed)),
        }),
    );
  });
}

async function serve({ onEvent, ...options }) {
  const app = new Hono();
  // Hono's own answer to a handler's error, which the middleware replaces with its JSON one.
  app.onError((error, c) => c.text('Internal Server Error', 500));
  app.all(ROUTE, webhookMiddleware(options), async (c) => {
    const event = c.get('sharpapiEvent');
    const value = await onEvent(event, c);
    return c.json(value ?? { id: event.id, outcome: 'handled' });
  });
  return listen(app);
}

integrationCases('hono', serve);

describe('the Hono middleware', () => {
  it('reports a body that another middleware read first, never verifying a re-serialized one', async () => {
    const app = new Hono();
    const logged = [];
    app.post(
      ROUTE,
      async (c, next) => {
        await c.req.json(); // the mistake: the body parsed before the webhook middleware
        await next();
      },
      webhookMiddleware({ secret: CURRENT, log: (message) => logged.push(message) }),
      (c) => c.json({ id: c.get('sharpapiEvent').id }),
    );
    const server = await listen(app);
    try {
      const body = delivery('parsed-first');
      const answer = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.equal(answer.status, 500);
      assert.equal(answer.json.error, 'BodyAlreadyRead');
      assert.match(logged[0], /read before sharpapi-webhooks could verify it/);
    } finally {
      await server.close();
    }
  });

  it("keeps a handler's answer that is not 2xx, and releases the claim for the retry", async () => {
    const { MemoryStore } = require('sharpapi-webhooks/idempotency');
    const app = new Hono();
    let calls = 0;
    app.post(ROUTE, webhookMiddleware({ secret: CURRENT, idempotency: new MemoryStore() }), (c) => {
      calls += 1;
      return calls === 1 ? c.json({ retry: 'later' }, 503) : c.json({ ok: true });
    });
    const server = await listen(app);
    try {
      const body = delivery('busy');
      const first = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.deepEqual([first.status, first.json], [503, { retry: 'later' }]);
      const second = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.deepEqual([second.status, second.json], [200, { ok: true }]);
      const third = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.deepEqual([third.status, third.json.outcome], [200, 'duplicate']);
    } finally {
      await server.close();
    }
  });
});
