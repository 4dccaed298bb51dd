'use strict';
// The Web-standard integration: real Request objects in-process (as Next.js, Workers and Deno hand
// them over), the Next.js route of examples/ called as Next.js calls it, and the handler over HTTP
// behind @hono/node-server.

const assert = require('node:assert/strict');
const path = require('node:path');
const { describe, it } = require('node:test');
const { pathToFileURL } = require('node:url');
const { serve: serveNode } = require('@hono/node-server');
const { InvalidSignature, Verifier } = require('sharpapi-webhooks');
const { MemoryStore } = require('sharpapi-webhooks/idempotency');
const {
  BodyAlreadyRead,
  DEFAULT_MAX_BODY_BYTES,
  PayloadTooLarge,
  constructEventFromRequest,
  webhookHandler,
} = require('sharpapi-webhooks/web');
const { CURRENT, PREVIOUS, delivery, integrationCases, sign } = require('./integrations');

const URL = 'https://example.com/webhooks/sharpapi';

function request(body, headers = {}, init = {}) {
  return new Request(URL, { method: 'POST', body, headers, ...init });
}

/** A request whose body is a stream without Content-Length, each chunk counted as it is pulled. */
function streamed(chunks) {
  const pulled = { count: 0 };
  const body = new ReadableStream(
    {
      pull(controller) {
        if (pulled.count === chunks.length) {
          controller.close();
          return;
        }
        controller.enqueue(chunks[pulled.count]);
        pulled.count += 1;
      },
    },
    { highWaterMark: 0 }, // nothing pulled before a read
  );
  return { pulled, body };
}

describe('constructEventFromRequest', () => {
  const body = delivery('request-1', { content: 'ciao' });

  it('verifies a Request with the core looking X-Signature up in its Headers', async () => {
    const event = await constructEventFromRequest(
      request(body, { 'x-signature': sign(body, PREVIOUS) }),
      [CURRENT, PREVIOUS],
    );
    assert.deepEqual([event.id, event.result], ['request-1', { content: 'ciao' }]);
    const verifier = new Verifier(CURRENT);
    const again = await constructEventFromRequest(
      request(body, { 'X-Signature': sign(body) }),
      verifier,
    );
    assert.equal(again.id, 'request-1');
  });

  it("throws the core's errors", async () => {
    await assert.rejects(
      constructEventFromRequest(request(body, { 'X-Signature': sign(body, 'other') }), CURRENT),
      InvalidSignature,
    );
  });

  it('refuses a Content-Length over the limit without reading the body', async () => {
    const { pulled, body: stream } = streamed([body]);
    const over = request(
      stream,
      { 'Content-Length': '1001', 'X-Signature': sign(body) },
      {
        duplex: 'half',
      },
    );
    await assert.rejects(
      constructEventFromRequest(over, CURRENT, { maxBodyBytes: 1000 }),
      (error) => {
        assert.ok(error instanceof PayloadTooLarge);
        assert.equal(error.limit, 1000);
        assert.equal(
          error.message,
          "the request body is larger than the webhook's limit of 1000 bytes",
        );
        return true;
      },
    );
    assert.equal(pulled.count, 0);
    assert.equal(over.bodyUsed, false);
  });

  it('counts a body without Content-Length as it comes, and stops at the limit', async () => {
    const chunk = new Uint8Array(400);
    const { pulled, body: stream } = streamed(Array.from({ length: 100 }, () => chunk));
    await assert.rejects(
      constructEventFromRequest(request(stream, {}, { duplex: 'half' }), CURRENT, {
        maxBodyBytes: 1000,
      }),
      PayloadTooLarge,
    );
    assert.ok(pulled.count <= 4, `${pulled.count} chunks read of 100`); // 3 pass 1000 bytes
    const parts = [body.subarray(0, 10), body.subarray(10, 50), body.subarray(50)];
    const { body: whole } = streamed(parts);
    const event = await constructEventFromRequest(
      request(whole, { 'X-Signature': sign(body) }, { duplex: 'half' }),
      CURRENT,
    );
    assert.equal(event.id, 'request-1');
  });

  it('says so when the body was read before it', async () => {
    const used = request(body, { 'X-Signature': sign(body) });
    await used.json();
    await assert.rejects(constructEventFromRequest(used, CURRENT), BodyAlreadyRead);
  });

  it('has 16 MiB as the default limit, from the core', () => {
    assert.equal(DEFAULT_MAX_BODY_BYTES, 16 * 1024 * 1024);
  });
});

describe('webhookHandler with Request objects', () => {
  it('answers a Response for each case, without a server', async () => {
    const seen = [];
    const handler = webhookHandler({
      secret: CURRENT,
      idempotency: new MemoryStore(),
      onEvent: (event) => {
        seen.push(event.id);
      },
    });
    const body = delivery('handler-1');
    const ok = await handler(request(body, { 'X-Signature': sign(body) }));
    assert.deepEqual([ok.status, await ok.json()], [200, { id: 'handler-1', outcome: 'handled' }]);
    const duplicate = await handler(request(body, { 'X-Signature': sign(body) }));
    assert.equal((await duplicate.json()).outcome, 'duplicate');
    const get = await handler(new Request(URL));
    assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST']);
    const refused = await handler(request(body, { 'X-Signature': 'nope' }));
    assert.deepEqual([refused.status, (await refused.json()).error], [401, 'MalformedSignature']);
    assert.deepEqual(seen, ['handler-1']);
  });

  it("returns onEvent's Response as it is, and passes the platform's other arguments", async () => {
    const handler = webhookHandler({
      secret: CURRENT,
      onEvent: (event, req, env, ctx) =>
        new Response(`${event.id} ${env.name} ${ctx.name}`, { status: 202 }),
    });
    const body = delivery('own-response');
    const answer = await handler(
      request(body, { 'X-Signature': sign(body) }),
      { name: 'env' },
      { name: 'ctx' },
    );
    assert.deepEqual([answer.status, await answer.text()], [202, 'own-response env ctx']);
  });

  it('takes the secrets as a function of the request, called on the first delivery', async () => {
    const calls = [];
    const handler = webhookHandler({
      secrets: (req, env) => {
        calls.push(env);
        return env.SECRETS;
      },
      onEvent: () => {},
    });
    const body = delivery('lazy');
    const misconfigured = await handler(request(body, { 'X-Signature': sign(body) }), {
      SECRETS: [],
    });
    assert.equal(misconfigured.status, 500);
    assert.equal((await misconfigured.json()).error, 'InvalidSecret');
    const env = { SECRETS: [CURRENT, PREVIOUS] };
    for (let copy = 0; copy < 2; copy += 1) {
      const answer = await handler(request(body, { 'X-Signature': sign(body, PREVIOUS) }), env);
      assert.equal(answer.status, 200);
    }
    assert.equal(calls.length, 2, 'called until a Verifier could be made, then kept');
  });
});

describe('the Next.js route of examples/nextjs-route.mjs', () => {
  it('is a POST that Next.js calls with a Request and the route context', async () => {
    process.env.SHARPAPI_WEBHOOK_SECRET = CURRENT;
    const route = await import(
      pathToFileURL(path.join(__dirname, '..', 'examples', 'nextjs-route.mjs'))
    );
    const body = delivery('next-route');
    const context = { params: Promise.resolve({}) };
    const answer = await route.POST(request(body, { 'X-Signature': sign(body) }), context);
    assert.deepEqual(
      [answer.status, await answer.json()],
      [200, { id: 'next-route', outcome: 'handled' }],
    );
    const retry = await route.POST(request(body, { 'X-Signature': sign(body) }), context);
    assert.equal((await retry.json()).outcome, 'duplicate');
    const tampered = await route.POST(
      request(Buffer.from('{}'), { 'X-Signature': sign(body) }),
      context,
    );
    assert.equal(tampered.status, 401);
  });
});

/** Serves the handler over HTTP: @hono/node-server turns Node's requests into Requests. */
function serve({ onEvent, ...options }) {
  const handler = webhookHandler({ ...options, onEvent });
  return new Promise((resolve) => {
    const server = serveNode(
      { fetch: handler, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false },
      (info) =>
        resolve({
          port: info.port,
          close: () => new Promise((closed) => server.close(closed)),
        }),
    );
  });
}

integrationCases('web', serve);
