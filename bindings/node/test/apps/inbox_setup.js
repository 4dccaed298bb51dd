'use strict';
// What the inbox test app and its worker share: the inbox at SHARPAPI_INBOX (redis://HOST:PORT/DB)
// and its BullMQ queue, with the tests' short settings from the environment
// (SHARPAPI_INBOX_LEASE_MS, SHARPAPI_INBOX_MAX_ATTEMPTS, SHARPAPI_INBOX_BACKOFF_MS,
// SHARPAPI_INBOX_SWEEP_MS; the package's defaults when unset).

const { createClient } = require('redis');
const { InboxQueue, RedisInbox } = require('sharpapi-webhooks/inbox');

const environment = process.env;
const numberOf = (name) =>
  environment[name] === undefined ? undefined : Number(environment[name]);

/** BullMQ's connection options for a redis:// URL. */
function connectionOf(url) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: Number(parsed.pathname.slice(1) || 0),
  };
}

async function connect() {
  const url = environment.SHARPAPI_INBOX;
  if (url === undefined || !url.startsWith('redis://')) {
    throw new Error(
      `SHARPAPI_INBOX must be redis://HOST:PORT/DB (the Node inbox is Redis's), not ${url}`,
    );
  }
  const client = createClient({ url });
  client.on('error', (error) => console.error('redis:', error.message));
  await client.connect();
  const inbox = new RedisInbox(client, {
    leaseMs: numberOf('SHARPAPI_INBOX_LEASE_MS'),
    maxAttempts: numberOf('SHARPAPI_INBOX_MAX_ATTEMPTS'),
    backoffBaseMs: numberOf('SHARPAPI_INBOX_BACKOFF_MS'),
  });
  const connection = connectionOf(url);
  const queue = new InboxQueue(inbox, { connection });
  return { client, inbox, queue, connection, sweepEveryMs: numberOf('SHARPAPI_INBOX_SWEEP_MS') };
}

module.exports = { connect, connectionOf };
