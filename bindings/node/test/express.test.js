'use strict';
// The Express integration in a real app, over HTTP on 127.0.0.1.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { after, before, describe, it } = require('node:test');
const express = require('express');
const { InvalidSecret, Verifier } = require('sharpapi-webhooks');
const { webhookHandler, webhookMiddleware } = require('sharpapi-webhooks/express');
const { createApp } = require('../examples/express');
const { integrationCases } = require('./integrations');
const { listen, postRaw } = require('./support');

const CURRENT = 'whsec_current';
const PREVIOUS = 'whsec_previous';
const DELIVERY =
  '{\n    "id": "bf683177-3a48-47d1-9c4e-0b4de39517fa",\n    "status": "success",\n' +
  '    "type": "content_translate",\n    "result": {\n        "content": "ciao \\u00e8"\n    }\n}\n';

function signature(body, secret = CURRENT) {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** POSTs `body` as SharpAPI does, with `headers` over its own; resolves to { status, json }. */
async function deliver(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'SharpAPIWebhook/1.0',
      ...headers,
    },
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : JSON.parse(text) };
}

describe('the example app', () => {
  const events = [];
  const failuresLeft = new Map([['fails-once-3a48-47d1-9c4e-0b4de39517fa', 1]]);
  let server = null;
  let url = null;
  before(async () => {
    const app = createApp([CURRENT, PREVIOUS], async (event) => {
      const left = failuresLeft.get(event.id) ?? 0;
      if (left > 0) {
        failuresLeft.set(event.id, left - 1);
        throw new Error('the work failed');
      }
      events.push(event);
    });
    server = await listen(app);
    url = `${server.url}/webhooks/sharpapi`;
  });
  after(() => server.close());

  it('hands a valid delivery, byte for byte as sent, to the handler once', async () => {
    const headers = { 'X-Signature': signature(DELIVERY) };
    const id = 'bf683177-3a48-47d1-9c4e-0b4de39517fa';
    assert.deepEqual(await deliver(url, DELIVERY, headers), {
      status: 200,
      json: { id, outcome: 'handled' },
    });
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.id, 'bf683177-3a48-47d1-9c4e-0b4de39517fa');
    assert.equal(event.type, 'content_translate');
    assert.deepEqual(event.result, { content: 'ciao è' });
    // SharpAPI's retry of the same job: acknowledged, not handled again.
    assert.deepEqual(await deliver(url, DELIVERY, headers), {
      status: 200,
      json: { id, outcome: 'duplicate' },
    });
    assert.equal(events.length, 1);
  });

  it('counts a job as handled only after the work succeeded: a failure is retried', async () => {
    const body = DELIVERY.replace('bf683177', 'fails-once');
    const headers = { 'X-Signature': signature(body) };
    const failed = await deliver(url, body, headers);
    assert.equal(failed.status, 500);
    assert.equal(failed.json.error, 'HandlerFailed');
    const retried = await deliver(url, body, headers);
    assert.deepEqual([retried.status, retried.json.outcome], [200, 'handled']);
    assert.equal(events.filter((event) => event.id.startsWith('fails-once')).length, 1);
  });

  it('answers a tampered body 401 InvalidSignature', async () => {
    const tampered = DELIVERY.replace('success', 'failed ');
    const { status, json } = await deliver(url, tampered, { 'X-Signature': signature(DELIVERY) });
    assert.equal(status, 401);
    assert.deepEqual(Object.keys(json), ['error', 'code', 'message']);
    assert.equal(json.error, 'InvalidSignature');
    assert.equal(json.code, 4);
    assert.match(json.message, /^invalid signature: /);
  });

  it('answers a missing header 401 MissingSignature', async () => {
    const { status, json } = await deliver(url, DELIVERY);
    assert.deepEqual([status, json.error, json.code], [401, 'MissingSignature', 2]);
  });

  it('answers a signature of the wrong length 401 MalformedSignature, not 500', async () => {
    for (const wrong of [signature(DELIVERY).slice(0, 40), `${signature(DELIVERY)}00`, 'abc']) {
      const { status, json } = await deliver(url, DELIVERY, { 'X-Signature': wrong });
      assert.deepEqual([status, json.error, json.code], [401, 'MalformedSignature', 3], wrong);
    }
  });

  it('accepts the previous secret while rotating, and no other', async () => {
    const body = DELIVERY.replace('bf683177', 'rotation');
    assert.equal(
      (await deliver(url, body, { 'X-Signature': signature(body, PREVIOUS) })).status,
      200,
    );
    assert.equal(events.at(-1).id, 'rotation-3a48-47d1-9c4e-0b4de39517fa');
    const { status, json } = await deliver(url, body, {
      'X-Signature': signature(body, 'whsec_other'),
    });
    assert.deepEqual([status, json.error], [401, 'InvalidSignature']);
  });

  it('answers a verified body that is not an event 400 InvalidPayload', async () => {
    const body = '{"id": "1", "status": "success"}';
    const { status, json } = await deliver(url, body, { 'X-Signature': signature(body) });
    assert.deepEqual([status, json.error, json.code], [400, 'InvalidPayload', 5]);
  });

  it('verifies whatever the Content-Type says', async () => {
    const body = DELIVERY.replace('bf683177', 'textplain');
    const headers = { 'X-Signature': signature(body), 'Content-Type': 'text/plain' };
    assert.equal((await deliver(url, body, headers)).status, 200);
    assert.equal(events.at(-1).id, 'textplain-3a48-47d1-9c4e-0b4de39517fa');
  });
});

describe('webhookMiddleware', () => {
  it('fails at start-up without a secret', () => {
    assert.throws(() => webhookMiddleware(''), InvalidSecret);
    assert.throws(() => webhookMiddleware([]), InvalidSecret);
  });

  it('names the option that replaced limit', () => {
    assert.throws(() => webhookMiddleware(CURRENT, { limit: '5mb' }), /limit is now maxBodyBytes/);
  });

  describe('in an app of its own', () => {
    const seen = [];
    const logged = [];
    let server = null;
    before(async () => {
      const app = express();
      const record = (req, res) => {
        seen.push(req.sharpapiEvent.id);
        res.sendStatus(204);
      };
      app.post('/verifier', webhookMiddleware(new Verifier(CURRENT)), record);
      app.post('/small', webhookMiddleware(CURRENT, { maxBodyBytes: 64 }), record);
      // The vendor's mistake: the body parsed to JSON before the signature could be checked.
      app.post(
        '/parsed-first',
        express.json(),
        webhookMiddleware(CURRENT, { log: (message) => logged.push(message) }),
        record,
      );
      app.all('/any-method', webhookMiddleware(CURRENT), record);
      app.use((error, req, res, next) => {
        res.status(error.status ?? 500).json({ message: error.message });
      });
      server = await listen(app);
    });
    after(() => server.close());

    it('takes a Verifier', async () => {
      const { status } = await deliver(`${server.url}/verifier`, DELIVERY, {
        'X-Signature': signature(DELIVERY),
      });
      assert.equal(status, 204);
      assert.deepEqual(seen, ['bf683177-3a48-47d1-9c4e-0b4de39517fa']);
    });

    it('refuses a body over its limit with 413 JSON, unread', async () => {
      const { status, json } = await deliver(`${server.url}/small`, DELIVERY, {
        'X-Signature': signature(DELIVERY),
      });
      assert.equal(status, 413);
      assert.deepEqual(json, {
        error: 'PayloadTooLarge',
        message: "the request body is larger than the webhook's limit of 64 bytes",
      });
      assert.equal(seen.length, 1);
    });

    it('answers 405 JSON to other methods when mounted with app.all', async () => {
      const response = await fetch(`${server.url}/any-method`);
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST');
      assert.equal((await response.json()).error, 'MethodNotAllowed');
    });

    it('reports a body parsed before it as a server error, never as verified', async () => {
      const { status, json } = await deliver(`${server.url}/parsed-first`, DELIVERY, {
        'X-Signature': signature(DELIVERY),
      });
      assert.equal(status, 500);
      assert.equal(json.error, 'BodyAlreadyRead');
      assert.match(
        logged.at(-1),
        /parsed before the webhook middleware.*mount express\.json\(\).*after it/,
      );
      assert.equal(seen.length, 1);
    });

    it('reads X-Signature from every header line: a repeat of one value is accepted', async () => {
      const body = Buffer.from(DELIVERY.replace('bf683177', 'repeated'));
      const line = ['X-Signature', signature(body)];
      const { status } = await postRaw(
        server.port,
        '/verifier',
        [line, ['x-signature', ` ${line[1]}`]],
        body,
      );
      assert.equal(status, 204);
      assert.equal(seen.at(-1), 'repeated-3a48-47d1-9c4e-0b4de39517fa');
    });

    it('answers X-Signature repeated with different values 401 MalformedSignature', async () => {
      const body = Buffer.from(DELIVERY);
      for (const lines of [
        [
          ['X-Signature', signature(body)],
          ['X-Signature', signature(body, PREVIOUS)],
        ],
        [['X-Signature', `${signature(body)}, ${signature(body)}`]],
      ]) {
        const { status, json } = await postRaw(server.port, '/verifier', lines, body);
        assert.deepEqual([status, json.error, json.code], [401, 'MalformedSignature', 3]);
      }
    });
  });
});

/** Serves webhookHandler with `options` on an Express app of its own. */
async function serveHandler(options) {
  const app = express();
  app.all('/webhooks/sharpapi', webhookHandler(options));
  return listen(app);
}

integrationCases('express', serveHandler, { repeatedHeaderLines: true });

describe('webhookHandler', () => {
  it('keeps an answer that onEvent sent itself, and releases the claim when it is not 2xx', async () => {
    const { MemoryStore } = require('sharpapi-webhooks/idempotency');
    let calls = 0;
    const server = await serveHandler({
      secret: CURRENT,
      idempotency: new MemoryStore(),
      onEvent: (event, req, res) => {
        calls += 1;
        res.status(calls === 1 ? 503 : 202).json({ call: calls });
      },
    });
    try {
      const url = `${server.url}/webhooks/sharpapi`;
      const headers = { 'X-Signature': signature(DELIVERY) };
      assert.deepEqual(await deliver(url, DELIVERY, headers), { status: 503, json: { call: 1 } });
      assert.deepEqual(await deliver(url, DELIVERY, headers), { status: 202, json: { call: 2 } });
      const duplicate = await deliver(url, DELIVERY, headers);
      assert.deepEqual([duplicate.status, duplicate.json.outcome], [200, 'duplicate']);
    } finally {
      await server.close();
    }
  });
});
