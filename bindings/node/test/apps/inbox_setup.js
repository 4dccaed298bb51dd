'use strict';
// What the inbox test app and its worker share: the inbox that SHARPAPI_INBOX names —
// redis://HOST:PORT/DB (RedisInbox, with its BullMQ queue) or sqlite:///path/to/file.db
// (SqliteInbox, whose worker polls it) — with the tests' short settings from the environment
// (SHARPAPI_INBOX_LEASE_MS, SHARPAPI_INBOX_MAX_ATTEMPTS, SHARPAPI_INBOX_BACKOFF_MS,
// SHARPAPI_INBOX_SWEEP_MS; the package's defaults when unset).

const { InboxQueue, RedisInbox, SqliteInbox } = require('sharpapi-webhooks/inbox');

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

/**
 * `{ backend, inbox, accepting, connection, sweepEveryMs }`: `accepting` is what the integration's
 * `inbox` option gets (the InboxQueue with Redis, the SqliteInbox itself with SQLite).
 */
async function connect() {
  const url = environment.SHARPAPI_INBOX ?? '';
  const settings = {
    leaseMs: numberOf('SHARPAPI_INBOX_LEASE_MS'),
    maxAttempts: numberOf('SHARPAPI_INBOX_MAX_ATTEMPTS'),
    backoffBaseMs: numberOf('SHARPAPI_INBOX_BACKOFF_MS'),
  };
  const sweepEveryMs = numberOf('SHARPAPI_INBOX_SWEEP_MS');
  if (url.startsWith('sqlite://')) {
    const inbox = new SqliteInbox(url.slice('sqlite://'.length), settings);
    return { backend: 'sqlite', inbox, accepting: inbox, sweepEveryMs };
  }
  if (!url.startsWith('redis://')) {
    throw new Error(
      `SHARPAPI_INBOX must be redis://HOST:PORT/DB or sqlite:///path/to/file.db, not ${url}`,
    );
  }
  const { createClient } = require('redis');
  const client = createClient({ url });
  client.on('error', (error) => console.error('redis:', error.message));
  await client.connect();
  const inbox = new RedisInbox(client, settings);
  const connection = connectionOf(url);
  const accepting = new InboxQueue(inbox, { connection });
  return { backend: 'redis', inbox, accepting, connection, sweepEveryMs };
}

module.exports = { connect, connectionOf };
