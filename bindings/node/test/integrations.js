'use strict';
// The cases every framework integration must answer alike (the table in the README), run over
// real HTTP on 127.0.0.1 against each one: test/{express,fastify,hono,web}.test.js call
// `integrationCases` with a function that serves the integration with the given options.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const net = require('node:net');
const { setTimeout: sleep } = require('node:timers/promises');
const { after, before, describe, it, mock } = require('node:test');
const { InvalidSecret, Verifier, engine } = require('sharpapi-webhooks');
const { MemoryStore } = require('sharpapi-webhooks/idempotency');

const CURRENT = 'whsec_integration_current';
const PREVIOUS = 'whsec_integration_previous';
const LIMIT = 64 * 1024;
const ROUTE = '/webhooks/sharpapi';

function sign(body, secret = CURRENT) {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** A delivery's body, as SharpAPI sends it (pretty-printed, so that re-serializing changes it). */
function delivery(id, result) {
  const event = { id, status: 'success', type: 'content_translate' };
  if (result !== undefined) {
    event.result = result;
  }
  return Buffer.from(`${JSON.stringify(event, null, 4)}\n`);
}

/**
 * One request over a socket of its own, written exactly as given: `headers` as [name, value]
 * lines, the body either with Content-Length (`body`), chunked (`chunks`; `unfinished`: without
 * the last, empty chunk, so that only an answer given before the body ends arrives) or not at
 * all but declared (`declaredLength`, to see a 413 come before the body). Resolves to
 * { status, headers, text, json }.
 */
function rawRequest(
  port,
  { method = 'POST', headers = [], body, chunks, unfinished, declaredLength },
) {
  const lines = [`${method} ${ROUTE} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
  if (body !== undefined) {
    lines.push(`Content-Length: ${body.length}`);
  } else if (chunks !== undefined) {
    lines.push('Transfer-Encoding: chunked');
  } else if (declaredLength !== undefined) {
    lines.push(`Content-Length: ${declaredLength}`);
  }
  lines.push(...headers.map(([name, value]) => `${name}: ${value}`));
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const received = [];
    let sending = true;
    const finish = () => {
      sending = false;
      const response = Buffer.concat(received).toString('utf8');
      const split = response.indexOf('\r\n\r\n');
      if (split < 0) {
        reject(new Error(`no answer: ${JSON.stringify(response)}`));
        return;
      }
      const [statusLine, ...headerLines] = response.slice(0, split).split('\r\n');
      const answerHeaders = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        answerHeaders[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      let text = response.slice(split + 4);
      if (/chunked/i.test(answerHeaders['transfer-encoding'] ?? '')) {
        let decoded = '';
        for (let rest = text; ;) {
          const end = rest.indexOf('\r\n');
          const size = parseInt(rest.slice(0, end), 16);
          if (!(size > 0)) {
            break;
          }
          decoded += rest.slice(end + 2, end + 2 + size);
          rest = rest.slice(end + 2 + size + 2);
        }
        text = decoded;
      }
      let json = null;
      if (/json/.test(answerHeaders['content-type'] ?? '')) {
        json = JSON.parse(text);
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: answerHeaders, text, json });
    };
    socket.on('data', (data) => received.push(data));
    socket.on('error', () => finish()); // a reset after the answer: the answer is kept
    socket.on('end', finish);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (body !== undefined) {
      socket.write(body);
    } else if (chunks !== undefined) {
      (async () => {
        for (const chunk of chunks) {
          if (!sending || socket.destroyed) {
            return;
          }
          socket.write(`${chunk.length.toString(16)}\r\n`);
          socket.write(chunk);
          socket.write('\r\n');
          await sleep(1);
        }
        if (sending && !socket.destroyed && !unfinished) {
          socket.write('0\r\n\r\n');
        }
      })();
    }
  });
}

function post(port, body, headers) {
  return rawRequest(port, { headers: [['Content-Type', 'application/json'], ...headers], body });
}

/** Checks an error answer: its status, and a JSON `{ error, ... }` without a trace or secret. */
function assertRefusal(answer, status, error) {
  assert.equal(answer.status, status, answer.text);
  assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
  assert.equal(answer.json.error, error, answer.text);
  assert.equal(typeof answer.json.message, 'string');
  assert.doesNotMatch(answer.text, /\bat .+:\d+:\d+|<html|whsec_/i);
}

/**
 * The shared cases for one integration. `serve(options)` serves it at ROUTE with these
 * options ({ secrets, maxBodyBytes, idempotency, onEvent, log, explainFailures }) and resolves to
 * { port, close }; `features.repeatedHeaderLines`: whether a repeated X-Signature reaches the core
 * as separate lines (Node's rawHeaders) rather than joined (Web Headers); `features.fixedApp`: the
 * app is served as it is, with these cases' options built in (a Worker in workerd), so that what
 * the test sees only in its own process (onEvent's events, the log, other options) is left out;
 * `features.warnsToLog`: `explainFailures: true` logs through the framework's logger, which
 * `serve` hands to `log` (Fastify's), rather than console.warn. In Node.js the cases run on the
 * engine that SHARPAPI_WEBHOOKS_ENGINE chooses (the `*.wasm.test.js` twins: the WebAssembly one).
 */
function integrationCases(name, serve, features = {}) {
  const inProcess = !features.fixedApp;
  if (inProcess) {
    describe(`${name}: the engine`, () => {
      it(`is the one SHARPAPI_WEBHOOKS_ENGINE asks for: ${engine}`, () => {
        assert.equal(engine, process.env.SHARPAPI_WEBHOOKS_ENGINE || 'native');
      });
    });
  }
  describe(`${name}: the integrations' answers over HTTP`, () => {
    const handled = [];
    const logged = [];
    const failuresLeft = new Map();
    let server = null;
    before(async () => {
      server = await serve({
        secrets: [CURRENT, PREVIOUS],
        maxBodyBytes: LIMIT,
        idempotency: new MemoryStore(),
        log: (...args) => logged.push(args),
        onEvent: async (event, ...rest) => {
          const result = event.result ?? {};
          if (result.sleep_ms !== undefined) {
            await sleep(result.sleep_ms);
          }
          const left = failuresLeft.get(event.id) ?? result.fail_times ?? 0;
          if (left > 0) {
            failuresLeft.set(event.id, left - 1);
            throw new Error(`secret failure of ${event.id}`);
          }
          failuresLeft.set(event.id, 0);
          handled.push({ event, rest });
          return result.answer;
        },
      });
    });
    after(() => server.close());
    const handledCount = (id) => handled.filter(({ event }) => event.id === id).length;

    it('hands a valid delivery to onEvent once, and answers a retry as a duplicate', async () => {
      const body = delivery('valid-1', { content: 'ciao è' });
      const first = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.json, { id: 'valid-1', outcome: 'handled' });
      if (inProcess) {
        const [{ event }] = handled.filter(({ event: each }) => each.id === 'valid-1');
        assert.deepEqual(
          [event.status, event.type, event.result],
          ['success', 'content_translate', { content: 'ciao è' }],
        );
      }
      const retry = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.equal(retry.status, 200);
      assert.deepEqual(retry.json, { id: 'valid-1', outcome: 'duplicate' });
      assert.equal(inProcess && handledCount('valid-1'), inProcess && 1);
    });

    it("sends onEvent's own value as the answer", async () => {
      const body = delivery('own-answer', { answer: { received: true } });
      const answer = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json, { received: true });
    });

    it('accepts the previous secret and any case of the header name', async () => {
      const body = delivery('rotated');
      const answer = await post(server.port, body, [['x-SIGNATURE', sign(body, PREVIOUS)]]);
      assert.equal(answer.status, 200, answer.text);
    });

    it('answers 401 with the core error for a tampered, malformed or missing signature', async () => {
      const body = delivery('refused');
      const tampered = Buffer.from(body.toString().replace('success', 'failed '));
      assertRefusal(
        await post(server.port, tampered, [['X-Signature', sign(body)]]),
        401,
        'InvalidSignature',
      );
      const malformed = await post(server.port, body, [['X-Signature', sign(body).slice(2)]]);
      assertRefusal(malformed, 401, 'MalformedSignature');
      assert.equal(malformed.json.code, 3);
      assertRefusal(await post(server.port, body, []), 401, 'MissingSignature');
      const other = await post(server.port, body, [['X-Signature', sign(body, 'whsec_other')]]);
      assert.deepEqual(Object.keys(other.json), ['error', 'code', 'message']);
      assert.equal(inProcess && handledCount('refused'), inProcess && 0);
    });

    it('answers 400 InvalidPayload for a signed body that is no event', async () => {
      for (const text of ['[1, 2]', 'id=1', '{"id": "1", "status": "success"}', '']) {
        const body = Buffer.from(text);
        const answer = await post(server.port, body, [['X-Signature', sign(body)]]);
        assertRefusal(answer, 400, 'InvalidPayload');
        assert.equal(answer.json.code, 5);
      }
    });

    it('verifies whatever the Content-Type says, or without one', async () => {
      const body = delivery('plain-text');
      const answer = await rawRequest(server.port, {
        headers: [
          ['Content-Type', 'text/plain'],
          ['X-Signature', sign(body)],
        ],
        body,
      });
      assert.equal(answer.status, 200, answer.text);
      const bare = delivery('no-content-type');
      const without = await rawRequest(server.port, {
        headers: [['X-Signature', sign(bare)]],
        body: bare,
      });
      assert.equal(without.status, 200, without.text);
    });

    it('answers 405 with Allow: POST for other methods', async () => {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const answer = await rawRequest(server.port, { method });
        assertRefusal(answer, 405, 'MethodNotAllowed');
        assert.equal(answer.headers.allow, 'POST');
      }
    });

    it('answers 413 from Content-Length before the body is sent', async () => {
      const answer = await rawRequest(server.port, {
        headers: [['X-Signature', 'a'.repeat(64)]],
        declaredLength: LIMIT + 1,
      });
      assertRefusal(answer, 413, 'PayloadTooLarge');
      assert.match(answer.json.message, new RegExp(`limit of ${LIMIT} bytes`));
    });

    it('answers 413 for a chunked body as soon as it passes the limit', async () => {
      // The limit and 16 KiB more, and the body never ends: only an answer given as soon as the
      // count passed the limit arrives. (A client that went on sending could be reset before it
      // read the answer: the server closes the connection rather than read a body it refused.)
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const answer = await rawRequest(server.port, {
        headers: [['X-Signature', 'a'.repeat(64)]],
        chunks: Array.from({ length: LIMIT / chunk.length + 1 }, () => chunk),
        unfinished: true,
      });
      assertRefusal(answer, 413, 'PayloadTooLarge');
    });

    it('reads a chunked body within the limit', async () => {
      const body = delivery('chunked', { content: 'y'.repeat(LIMIT / 2) });
      const chunks = [];
      for (let offset = 0; offset < body.length; offset += 1000) {
        chunks.push(body.subarray(offset, offset + 1000));
      }
      const answer = await rawRequest(server.port, {
        headers: [['X-Signature', sign(body)]],
        chunks,
      });
      assert.equal(answer.status, 200, answer.text);
    });

    it('answers 500 HandlerFailed when onEvent throws, logs it, and runs the retry', async () => {
      const body = delivery('fails-twice', { fail_times: 2 });
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const answer = await post(server.port, body, [['X-Signature', sign(body)]]);
        assertRefusal(answer, 500, 'HandlerFailed');
        assert.equal(answer.json.message, 'the webhook handler failed; SharpAPI will retry');
        assert.doesNotMatch(answer.text, /secret failure/);
      }
      if (inProcess) {
        assert.ok(
          logged.some((args) =>
            args.some((arg) => /secret failure of fails-twice/.test(arg?.message)),
          ),
          'the handler error is logged',
        );
      }
      const third = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.deepEqual([third.status, third.json.outcome], [200, 'handled']);
      const fourth = await post(server.port, body, [['X-Signature', sign(body)]]);
      assert.deepEqual([fourth.status, fourth.json.outcome], [200, 'duplicate']);
      assert.equal(inProcess && handledCount('fails-twice'), inProcess && 1);
    });

    it('answers 409 InProgress to a copy that comes while the first is handled', async () => {
      const body = delivery('concurrent', { sleep_ms: 300 });
      const headers = [['X-Signature', sign(body)]];
      const first = post(server.port, body, headers);
      await sleep(100);
      const second = await post(server.port, body, headers);
      assertRefusal(second, 409, 'InProgress');
      assert.equal((await first).status, 200);
      assert.equal(inProcess && handledCount('concurrent'), inProcess && 1);
    });

    if (features.repeatedHeaderLines) {
      it('sees a repeated X-Signature line by line: one value twice is accepted', async () => {
        const body = delivery('repeated');
        const answer = await post(server.port, body, [
          ['X-Signature', sign(body)],
          ['x-signature', sign(body)],
        ]);
        assert.equal(answer.status, 200, answer.text);
        const different = await post(server.port, delivery('repeated-2'), [
          ['X-Signature', sign(delivery('repeated-2'))],
          ['X-Signature', sign(delivery('repeated-2'), PREVIOUS)],
        ]);
        assertRefusal(different, 401, 'MalformedSignature');
      });
    }
  });

  if (!inProcess) {
    return;
  }
  describe(`${name}: configuration`, () => {
    it('fails at start-up without a secret, or with an unset one', async () => {
      for (const secrets of [undefined, '', [], [CURRENT, undefined]]) {
        await assert.rejects(
          async () => (await serve({ secrets, onEvent: () => {} })).close(),
          InvalidSecret,
        );
      }
    });

    it('takes a Verifier and answers without an idempotency store', async () => {
      const seen = [];
      const server = await serve({
        verifier: new Verifier(CURRENT),
        onEvent: (event) => {
          seen.push(event.id);
        },
      });
      try {
        const body = delivery('no-store');
        for (let copy = 0; copy < 2; copy += 1) {
          const answer = await post(server.port, body, [['X-Signature', sign(body)]]);
          assert.deepEqual(answer.json, { id: 'no-store', outcome: 'handled' });
        }
        assert.deepEqual(seen, ['no-store', 'no-store']);
        // The default limit, 16 MiB, lets 1 MiB through.
        const large = delivery('large', { content: 'z'.repeat(1024 * 1024) });
        const answer = await post(server.port, large, [['X-Signature', sign(large)]]);
        assert.equal(answer.status, 200, answer.text.slice(0, 200));
      } finally {
        await server.close();
      }
    });

    it('explains a refused signature in the log when asked, and answers exactly as without', async () => {
      const explained = [];
      const options = { maxBodyBytes: LIMIT, onEvent: () => {} };
      const plain = await serve({ ...options, secrets: [CURRENT, PREVIOUS] });
      const explaining = await serve({
        ...options,
        // A function, called with the request's arguments: explain() needs the secrets too.
        secrets: () => [CURRENT, PREVIOUS],
        explainFailures: (message, explanation) => explained.push({ message, explanation }),
      });
      try {
        // Compact, as SharpAPI sends it; then pretty-printed, as a parse and a re-serialization
        // on the way would leave it: other bytes.
        const body = Buffer.from(JSON.stringify(JSON.parse(delivery('explained'))));
        const pretty = Buffer.from(JSON.stringify(JSON.parse(body), null, 2));
        const cases = [
          [pretty, [['X-Signature', sign(body)]], /InvalidSignature; explained: json_whitespace: /],
          [body, [], /MissingSignature; explained: missing_signature: /],
          [body, [['X-Signature', 'xyz']], /MalformedSignature; explained: malformed_signature: /],
          [body, [['X-Signature', sign(body, 'whsec_other')]], /explained: unexplained: /],
          [body, [['X-Signature', `sha256=${sign(body)}`]], /explained: signature_prefix: /],
        ];
        for (const [sent, headers, logged] of cases) {
          const expected = await post(plain.port, sent, headers);
          const answer = await post(explaining.port, sent, headers);
          assert.deepEqual(
            [answer.status, answer.headers['content-type'], answer.json],
            [expected.status, expected.headers['content-type'], expected.json],
          );
          assert.equal(answer.status, 401);
          assert.doesNotMatch(answer.text, /explained|json_whitespace|re-serialized/);
          const { message, explanation } = explained.pop();
          assert.match(message, logged);
          assert.doesNotMatch(message, /whsec_/);
          assert.equal(explanation.isValid, false);
        }
        // A delivery that is accepted, or refused for its payload, is not explained.
        const accepted = await post(explaining.port, body, [['X-Signature', sign(body)]]);
        assert.equal(accepted.status, 200, accepted.text);
        const payload = Buffer.from('[]');
        const refused = await post(explaining.port, payload, [['X-Signature', sign(payload)]]);
        assert.equal(refused.status, 400);
        assert.deepEqual(explained, []);
      } finally {
        await Promise.all([plain.close(), explaining.close()]);
      }
    });

    it('explains to console.warn (or the framework logger) with explainFailures: true', async () => {
      const logged = [];
      const warn = mock.method(console, 'warn', () => {});
      const server = await serve({
        secret: CURRENT,
        explainFailures: true,
        log: (...args) => logged.push(args),
        onEvent: () => {},
      });
      try {
        const body = delivery('warned');
        const answer = await post(server.port, Buffer.concat([body, Buffer.from('\n')]), [
          ['X-Signature', sign(body)],
        ]);
        assert.equal(answer.status, 401);
        const warnings = features.warnsToLog
          ? logged.map(([message]) => message)
          : warn.mock.calls.map(({ arguments: [message] }) => message);
        assert.equal(warnings.length, 1, JSON.stringify(warnings));
        assert.match(warnings[0], /refused with InvalidSignature; explained: trailing_newline: /);
      } finally {
        warn.mock.restore();
        await server.close();
      }
    });

    it('refuses explainFailures with a Verifier, which keeps no secret to explain with', async () => {
      await assert.rejects(
        async () =>
          (
            await serve({
              verifier: new Verifier(CURRENT),
              explainFailures: true,
              onEvent: () => {},
            })
          ).close(),
        { name: 'TypeError', message: /explainFailures needs the secret or secrets/ },
      );
      await assert.rejects(
        async () =>
          (await serve({ secret: CURRENT, explainFailures: 'yes', onEvent: () => {} })).close(),
        { name: 'TypeError', message: /explainFailures must be true or a function/ },
      );
    });
  });
}

module.exports = {
  CURRENT,
  PREVIOUS,
  LIMIT,
  ROUTE,
  assertRefusal,
  delivery,
  integrationCases,
  post,
  rawRequest,
  sign,
};
