'use strict';
// The durable inbox (issue 16) with real parts: a redis-server of its own (Debian's, on a free
// port, without persistence, stopped after), BullMQ workers, and the inbox test app
// (test/apps/inbox.js, Express and Fastify) with its worker (test/apps/inbox_worker.js) as
// processes that the tests kill: the worker with SIGKILL mid-handler, the web process right after
// accept. Each scenario ends with the handled log showing the event handled exactly once.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { after, before, describe, it } = require('node:test');
const { createClient } = require('redis');
const { Registry } = require('prom-client');
const { sign } = require('sharpapi-webhooks');
const {
  InboxQueue,
  InboxStoreError,
  RedisInbox,
  SqliteInbox,
  inboxMetrics,
  startInboxWorker,
  startPollingWorker,
} = require('sharpapi-webhooks/inbox');
const express = require('express');
const { webhookHandler } = require('sharpapi-webhooks/express');
const { webhookHandler: webWebhookHandler } = require('sharpapi-webhooks/web');
const { listen, startRedis } = require('./support');
const { eventually, startApp, startWorker, stop } = require('./inbox_processes');

const SECRET = 'inbox-test-secret';

function delivery(id, result) {
  const event = { id, status: 'success', type: 'content_translate' };
  if (result !== undefined) {
    event.result = result;
  }
  return Buffer.from(JSON.stringify(event));
}

/** POSTs a signed delivery; resolves to { status, json }, or { status: null } without an answer. */
async function post(url, body, secret = SECRET) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Signature': sign(body, secret) },
      body,
    });
    return { status: response.status, json: await response.json() };
  } catch {
    return { status: null };
  }
}

function handledLines(file) {
  if (!fs.existsSync(file)) {
    return [];
  }
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t')[0]);
}

/**
 * The inbox contract against one backend: RedisInbox on a real redis-server (its workers on
 * BullMQ), or SqliteInbox in a file of a temporary folder (its worker polling).
 */
function inboxContract(backend) {
  let redis;
  let client;
  let directory;
  let db = 0;
  const inboxOf = async (options) => {
    db += 1;
    if (backend === 'sqlite') {
      return new SqliteInbox(path.join(directory, `t${db}.db`), options);
    }
    await client.sendCommand(['FLUSHALL']);
    return new RedisInbox(client, { keyPrefix: `t${db}:`, ...options });
  };
  /** A worker in this process, on the backend's own queue side. */
  const workerOf = (inbox, options) =>
    backend === 'sqlite'
      ? startPollingWorker({ inbox, pollEveryMs: 20, ...options })
      : startInboxWorker({
          inbox,
          connection: { host: '127.0.0.1', port: Number(new URL(redis.url).port) },
          queueName: `worker-test-${db}`,
          sweepEveryMs: 200,
          ...options,
        });
  const acceptingOf = (inbox) =>
    backend === 'sqlite'
      ? inbox
      : new InboxQueue(inbox, {
          connection: { host: '127.0.0.1', port: Number(new URL(redis.url).port) },
          queueName: `worker-test-${db}`,
        });

  before(async () => {
    if (backend === 'sqlite') {
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpapi-inbox-sqlite-'));
    } else {
      redis = await startRedis();
      client = await createClient({ url: redis.url }).connect();
    }
  });
  after(async () => {
    await client?.close();
    await redis?.stop();
    if (directory !== undefined) {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('accepts once, then counts duplicates, and keeps the body byte for byte', async () => {
    const inbox = await inboxOf();
    const body = Buffer.concat([delivery('a'), Buffer.from([0xff, 0x00, 0x80])]);
    const event = { id: 'a', type: 'content_translate', status: 'success' };
    assert.equal(await inbox.accept(event, body), 'accepted');
    assert.equal(await inbox.accept(event, body), 'duplicate');
    assert.equal(await inbox.accept(event, new Uint8Array(body)), 'duplicate');
    const record = await inbox.get('a');
    assert.deepEqual(record.body, body);
    assert.equal(record.state, 'pending');
    assert.equal(record.duplicates, 2);
    assert.equal(record.attempts, 0);
    assert.equal(typeof record.receivedAt, 'number');
    assert.deepEqual(await inbox.counts(), { pending: 1, processing: 0, done: 0, dead: 0 });
    assert.equal(await inbox.get('missing'), null);
  });

  it('claims a record once per lease; complete needs the claim’s token; done stays a duplicate', async () => {
    const inbox = await inboxOf({ leaseMs: 300 });
    await inbox.accept({ id: 'b', type: 't', status: 's' }, delivery('b'));
    const item = await inbox.claimId('b');
    assert.equal(item.attempts, 1);
    assert.deepEqual(item.body, delivery('b'));
    assert.equal(await inbox.claimId('b'), null, 'held by a live claim');
    assert.equal(await inbox.claim(), null);
    assert.equal(await inbox.complete({ ...item, token: 'not-mine' }), false);
    await sleep(350);
    const again = await inbox.claim();
    assert.equal(again.id, 'b', 'the expired lease is claimed again');
    assert.equal(again.attempts, 2);
    assert.equal(await inbox.complete(item), false, 'the first claim was lost');
    assert.equal(await inbox.complete(again), true);
    assert.equal((await inbox.get('b')).state, 'done');
    assert.equal(
      await inbox.accept({ id: 'b', type: 't', status: 's' }, delivery('b')),
      'duplicate',
    );
    assert.equal(await inbox.claimId('b'), null);
    assert.deepEqual(await inbox.counts(), { pending: 0, processing: 0, done: 1, dead: 0 });
  });

  it('fails with backoff, then dead after maxAttempts; replay brings it back', async () => {
    const inbox = await inboxOf({ maxAttempts: 2, backoffBaseMs: 200 });
    await inbox.accept({ id: 'c', type: 't', status: 's' }, delivery('c'));
    const first = await inbox.claimId('c');
    const retry = await inbox.fail(first, new TypeError('boom\nsecond line'));
    assert.deepEqual(retry, { verdict: 'retry', attempts: 1, retryInMs: 200 });
    const record = await inbox.get('c');
    assert.equal(record.lastError, 'TypeError: boom second line');
    assert.equal(await inbox.claimId('c'), null, 'not due before the backoff');
    assert.deepEqual(await inbox.due(), []);
    await sleep(250);
    assert.deepEqual(await inbox.due(), [{ id: 'c', attempts: 1 }]);
    const second = await inbox.claimId('c');
    assert.equal(second.attempts, 2);
    assert.deepEqual(await inbox.fail(second, new Error('x'.repeat(900))), {
      verdict: 'dead',
      attempts: 2,
      retryInMs: undefined,
    });
    assert.equal((await inbox.get('c')).lastError.length, 500);
    assert.equal(await inbox.fail(second, new Error('again')).then((r) => r.verdict), false);
    const dead = await inbox.deadLetters();
    assert.deepEqual(
      dead.map((r) => [r.id, r.state, r.attempts]),
      [['c', 'dead', 2]],
    );
    assert.equal(await inbox.replay('c'), true);
    assert.equal(await inbox.replay('c'), false, 'pending already');
    const replayed = await inbox.claimId('c');
    assert.equal(replayed.attempts, 1);
    assert.equal(await inbox.complete(replayed), true);
    assert.deepEqual(await inbox.counts(), { pending: 0, processing: 0, done: 1, dead: 0 });
  });

  it('reports a store that is down: InboxStoreError (answered 503)', async () => {
    if (backend === 'sqlite') {
      const inbox = await inboxOf();
      inbox.close();
      await assert.rejects(
        inbox.accept({ id: 'x', type: 't', status: 's' }, delivery('x')),
        InboxStoreError,
      );
      return;
    }
    assert.throws(() => new RedisInbox({}), /connected node-redis client/);
    const closed = createClient({ url: redis.url });
    const inbox = new RedisInbox({ sendCommand: () => closed.sendCommand(['PING']) });
    await assert.rejects(
      inbox.accept({ id: 'x', type: 't', status: 's' }, delivery('x')),
      InboxStoreError,
    );
  });

  it('a failing handler is retried, goes dead, is replayed and handled (a worker in this process)', async () => {
    const inbox = await inboxOf({ maxAttempts: 3, backoffBaseMs: 50 });
    const registry = new Registry();
    const metrics = inboxMetrics({ registry, inbox });
    let fixed = false;
    const calls = [];
    const records = [];
    const worker = await workerOf(inbox, {
      metrics,
      logger: (record) => records.push(record),
      log: () => {},
      handler: (event, item) => {
        calls.push([event.id, item.attempts]);
        if (!fixed) {
          throw new RangeError('not yet');
        }
      },
    });
    const queue = acceptingOf(inbox);
    try {
      assert.equal(
        await queue.accept({ id: 'd', type: 't', status: 's' }, delivery('d')),
        'accepted',
      );
      await eventually(async () => (await inbox.get('d')).state === 'dead', 5000, 'dead');
      assert.deepEqual(calls, [
        ['d', 1],
        ['d', 2],
        ['d', 3],
      ]);
      assert.deepEqual(
        records.map((r) => [r.outcome, r.attempt, r.error_code]),
        [
          ['handler_failed', 1, 'RangeError'],
          ['handler_failed', 2, 'RangeError'],
          ['dead', 3, 'RangeError'],
        ],
      );
      fixed = true;
      assert.equal(await inbox.replay('d'), true);
      await eventually(
        async () => (await inbox.get('d')).state === 'done',
        5000,
        'handled after replay',
      );
      assert.deepEqual(calls.at(-1), ['d', 1]);
      const text = await registry.metrics();
      assert.match(text, /^sharpapi_webhook_handler_failures_total 3$/m);
      assert.match(text, /^sharpapi_webhook_dead_letters_total 1$/m);
      assert.match(text, /^sharpapi_webhook_handled_total 1$/m);
      assert.match(text, /^sharpapi_webhook_queue_depth\{state="done"\} 1$/m);
      assert.match(text, /^sharpapi_webhook_handler_seconds_count 4$/m);
    } finally {
      await queue.close?.();
      await worker.close();
    }
  });

  it('Express in inbox mode: 202 accepted, 200 duplicate, 401 refused, 503 StoreUnavailable; one log line each', async () => {
    const inbox = await inboxOf();
    const registry = new Registry();
    const metrics = inboxMetrics({ registry, inbox });
    const records = [];
    let down = false;
    const app = express();
    app.post(
      '/webhooks/sharpapi',
      webhookHandler({
        secret: SECRET,
        inbox: {
          accept: (event, rawBody) =>
            down ? Promise.reject(new Error('down')) : inbox.accept(event, rawBody),
        },
        metrics,
        logger: (record) => records.push(record),
        log: () => {},
      }),
    );
    const server = await listen(app);
    try {
      const url = `${server.url}/webhooks/sharpapi`;
      assert.deepEqual(await post(url, delivery('e')), {
        status: 202,
        json: { id: 'e', outcome: 'accepted' },
      });
      assert.deepEqual(await post(url, delivery('e')), {
        status: 200,
        json: { id: 'e', outcome: 'duplicate' },
      });
      const refused = await post(url, delivery('f'), 'wrong-secret');
      assert.equal(refused.status, 401);
      down = true;
      const unavailable = await post(url, delivery('g'));
      assert.equal(unavailable.status, 503);
      assert.equal(unavailable.json.error, 'StoreUnavailable');
      assert.deepEqual(
        records.map((r) => [r.job_id, r.outcome, r.error_code, r.duplicate]),
        [
          ['e', 'accepted', null, false],
          ['e', 'duplicate', null, true],
          [null, 'refused', 'InvalidSignature', false],
          [null, 'refused', 'StoreUnavailable', false],
        ],
      );
      for (const record of records) {
        assert.equal(record.logger, 'sharpapi_webhooks');
        assert.equal(typeof record.duration_ms, 'number');
        assert.ok(!JSON.stringify(record).includes(SECRET));
        assert.equal(record.body, undefined, 'no body unless logBodies');
      }
      assert.equal(records[0].body_bytes, delivery('e').length);
      const text = await registry.metrics();
      assert.match(text, /^sharpapi_webhook_deliveries_total\{outcome="accepted"\} 1$/m);
      assert.match(text, /^sharpapi_webhook_deliveries_total\{outcome="duplicate"\} 1$/m);
      assert.match(text, /^sharpapi_webhook_deliveries_total\{outcome="refused"\} 2$/m);
      assert.match(text, /^sharpapi_webhook_refusals_total\{error="InvalidSignature"\} 1$/m);
      assert.match(text, /^sharpapi_webhook_acknowledge_seconds_count 4$/m);
      assert.match(text, /^sharpapi_webhook_queue_depth\{state="pending"\} 1$/m);
    } finally {
      await server.close();
    }
  });

  it('the Web handler in inbox mode: 202, 200 duplicate, 405, 401, logged and counted', async () => {
    const inbox = await inboxOf();
    const registry = new Registry();
    const metrics = inboxMetrics({ registry, inbox });
    const records = [];
    const handler = webWebhookHandler({
      secret: SECRET,
      inbox,
      metrics,
      logBodies: true,
      logger: { info: (record, message) => records.push([message, record]) },
    });
    const request = (body, secret = SECRET, method = 'POST') =>
      new Request('http://localhost/webhooks/sharpapi', {
        method,
        headers: { 'X-Signature': sign(body, secret) },
        body: method === 'POST' ? body : undefined,
      });
    const answers = [];
    for (const made of [
      request(delivery('w')),
      request(delivery('w')),
      request(delivery('w'), SECRET, 'GET'),
      request(delivery('v'), 'wrong-secret'),
    ]) {
      const response = await handler(made);
      answers.push([response.status, (await response.json()).outcome ?? null]);
    }
    assert.deepEqual(answers, [
      [202, 'accepted'],
      [200, 'duplicate'],
      [405, null],
      [401, null],
    ]);
    assert.deepEqual(
      records.map(([message, r]) => [message, r.outcome, r.error_code, r.body_bytes]),
      [
        ['sharpapi-webhooks delivery', 'accepted', null, delivery('w').length],
        ['sharpapi-webhooks delivery', 'duplicate', null, delivery('w').length],
        ['sharpapi-webhooks delivery', 'refused', 'MethodNotAllowed', null],
        ['sharpapi-webhooks delivery', 'refused', 'InvalidSignature', delivery('v').length],
      ],
    );
    assert.equal(records[0][1].body, delivery('w').toString('utf8'), 'logBodies');
    assert.deepEqual((await inbox.get('w')).body, delivery('w'));
    const text = await registry.metrics();
    assert.match(text, /^sharpapi_webhook_refusals_total\{error="MethodNotAllowed"\} 1$/m);
  });

  it('refuses onEvent, or idempotency, alongside inbox', () => {
    const inbox = { accept: async () => 'accepted' };
    assert.throws(
      () => webhookHandler({ secret: SECRET, inbox, onEvent: () => {} }),
      /runs in the worker/,
    );
    assert.throws(
      () =>
        webhookHandler({
          secret: SECRET,
          inbox,
          idempotency: { claim() {}, complete() {}, release() {} },
        }),
      /inbox or idempotency/,
    );
  });
}

describe('RedisInbox, on a real redis-server', () => inboxContract('redis'));
describe('SqliteInbox, in a file (WAL, synchronous=FULL)', () => inboxContract('sqlite'));

/** The test app and its worker as processes, with the backend's inbox: killed on purpose. */
function processes(backend) {
  let redis;
  let directory;
  let env;
  let children = [];
  let count = 0;
  const handledLog = () => env.SHARPAPI_HANDLED_LOG;

  before(async () => {
    if (backend === 'redis') {
      redis = await startRedis();
    }
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpapi-inbox-'));
  });
  after(async () => {
    await Promise.all(children.map(stop));
    await redis?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  /** A fresh environment (its own Redis database or SQLite file, and handled log) per scenario. */
  function scenario() {
    count += 1;
    env = {
      SHARPAPI_WEBHOOK_SECRET: SECRET,
      SHARPAPI_WEBHOOK_PREVIOUS_SECRET: 'inbox-test-previous',
      SHARPAPI_HANDLED_LOG: path.join(directory, `handled-${count}.log`),
      SHARPAPI_INBOX:
        backend === 'redis'
          ? redis.url.replace(/\/0$/, `/${count}`)
          : `sqlite://${path.join(directory, `inbox-${count}.db`)}`,
      SHARPAPI_INBOX_LEASE_MS: '2000',
      SHARPAPI_INBOX_SWEEP_MS: '500',
      SHARPAPI_INBOX_BACKOFF_MS: '100',
    };
    return env;
  }
  const track = (child) => {
    children.push(child);
    return child;
  };

  it('a worker killed (SIGKILL) mid-handler: after a restart the event is handled exactly once', async () => {
    scenario();
    const app = track(await startApp(env));
    const worker = track(await startWorker(env));
    const answer = await post(app.url, delivery('slow-1', { sleep_ms: 1500 }));
    assert.equal(answer.status, 202);
    await sleep(500); // the handler sleeps now
    worker.kill('SIGKILL');
    await worker.exited;
    assert.deepEqual(handledLines(handledLog()), []);
    const restarted = track(await startWorker(env));
    await eventually(
      () => handledLines(handledLog()).length === 1,
      15000,
      `handled after restart (${restarted.output})`,
    );
    await sleep(2500); // a second handling, if any, would come within a lease
    assert.deepEqual(handledLines(handledLog()), ['slow-1']);
    assert.match(restarted.output, /"outcome":"handled".*"attempt":2/);
  });

  it('a web process that dies after accept, before answering: the retry is a duplicate, handled once', async () => {
    scenario();
    const crashing = track(await startApp({ ...env, SHARPAPI_TEST_CRASH_AFTER_ACCEPT: '1' }));
    const body = delivery('crash-1');
    assert.deepEqual(await post(crashing.url, body), { status: null });
    assert.equal((await crashing.exited).code, 70);
    const app = track(await startApp(env));
    assert.deepEqual(await post(app.url, body), {
      status: 200,
      json: { id: 'crash-1', outcome: 'duplicate' },
    });
    const worker = track(await startWorker(env));
    await eventually(
      () => handledLines(handledLog()).length === 1,
      15000,
      `handled (${worker.output})`,
    );
    await sleep(1000);
    assert.deepEqual(handledLines(handledLog()), ['crash-1']);
  });

  // Several instances share Redis; an SQLite inbox is one machine's.
  const redisOnly = backend === 'redis' ? it : () => {};
  redisOnly(
    'two instances (Express and Fastify) sharing Redis receive the same delivery: the handler runs once',
    async () => {
      scenario();
      const first = track(await startApp(env));
      const second = track(await startApp({ ...env, SHARPAPI_INBOX_FRAMEWORK: 'fastify' }));
      track(await startWorker(env));
      track(await startWorker(env));
      const ids = Array.from({ length: 20 }, (_, index) => `twice-${index}`);
      const answers = await Promise.all(
        ids.flatMap((id) => [post(first.url, delivery(id)), post(second.url, delivery(id))]),
      );
      for (let index = 0; index < ids.length; index += 1) {
        const pair = [answers[2 * index], answers[2 * index + 1]].map((a) => a.json.outcome).sort();
        assert.deepEqual(pair, ['accepted', 'duplicate'], ids[index]);
      }
      await eventually(
        () => handledLines(handledLog()).length >= ids.length,
        15000,
        'every id handled',
      );
      await sleep(1000);
      assert.deepEqual(handledLines(handledLog()).sort(), [...ids].sort());
      const metrics = await Promise.all(
        [first, second].map((app) => fetch(new URL('/metrics', app.url)).then((r) => r.text())),
      );
      const sum = (outcome) =>
        metrics
          .map((text) =>
            Number(
              text.match(new RegExp(`deliveries_total\\{outcome="${outcome}"\\} (\\d+)`))?.[1] ?? 0,
            ),
          )
          .reduce((a, b) => a + b, 0);
      assert.equal(sum('accepted'), ids.length);
      assert.equal(sum('duplicate'), ids.length);
    },
  );
}

describe('the inbox app and worker as processes, killed on purpose (Redis, BullMQ)', () =>
  processes('redis'));
describe('the inbox app and worker as processes, killed on purpose (SQLite)', () =>
  processes('sqlite'));
