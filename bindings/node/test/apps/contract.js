'use strict';
// The test-app contract of the sender suite (tests/sender/sender.py), shared by the Node.js apps:
// the configuration from the environment, the idempotency store, and the user handler whose
// behaviour the suite drives through the delivery's result (`sleep_ms`, `fail_attempts`).

const fs = require('node:fs');
const { setTimeout: sleep } = require('node:timers/promises');
const { MemoryStore, RedisStore } = require('sharpapi-webhooks/idempotency');

const environment = process.env;

/** Where the app listens: 127.0.0.1:$PORT. */
const port = Number(environment.PORT);
const hostname = '127.0.0.1';
/** The current secret first, then the previous one: rotation. */
const secrets = [environment.SHARPAPI_WEBHOOK_SECRET, environment.SHARPAPI_WEBHOOK_PREVIOUS_SECRET];
/** SHARPAPI_MAX_BODY_BYTES when set, else undefined: the integration's default (16 MiB). */
const maxBodyBytes =
  environment.SHARPAPI_MAX_BODY_BYTES === undefined
    ? undefined
    : Number(environment.SHARPAPI_MAX_BODY_BYTES);

/** The Redis store when SHARPAPI_IDEMPOTENCY=redis (at REDIS_URL), else the in-memory one. */
async function idempotencyStore() {
  if (environment.SHARPAPI_IDEMPOTENCY !== 'redis') {
    return new MemoryStore();
  }
  const { createClient } = require('redis');
  const client = createClient({ url: environment.REDIS_URL });
  client.on('error', (error) => console.error('redis:', error.message));
  await client.connect();
  return new RedisStore(client);
}

const attempts = new Map(); // event id -> calls of the handler for it, in this process

/**
 * The user's handler: sleeps `sleep_ms`, throws on its first `fail_attempts` calls for an id,
 * then appends the id to SHARPAPI_HANDLED_LOG in one write.
 */
async function handleEvent(event) {
  const result =
    event.result !== null && typeof event.result === 'object' && !Array.isArray(event.result)
      ? event.result
      : {};
  if (Number.isInteger(result.sleep_ms)) {
    await sleep(result.sleep_ms);
  }
  const count = (attempts.get(event.id) ?? 0) + 1;
  attempts.set(event.id, count);
  if (count <= (result.fail_attempts ?? 0)) {
    throw new Error(`the handler failed on purpose (call ${count} for ${event.id})`);
  }
  await fs.promises.appendFile(environment.SHARPAPI_HANDLED_LOG, `${event.id}\n`);
}

function listening(name) {
  const store = environment.SHARPAPI_IDEMPOTENCY === 'redis' ? 'redis' : 'memory';
  console.error(`${name}: listening on ${hostname}:${port} (idempotency: ${store})`);
}

module.exports = {
  port,
  hostname,
  secrets,
  maxBodyBytes,
  idempotencyStore,
  handleEvent,
  listening,
};
