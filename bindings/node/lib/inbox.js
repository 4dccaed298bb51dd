'use strict';
// sharpapi-webhooks/inbox: acknowledge SharpAPI's delivery at once and process it from a durable
// inbox. The inbox in Redis (redis_inbox.js, over node-redis) with the queue and worker on BullMQ
// (inbox_queue.js), or in an SQLite file (sqlite_inbox.js, better-sqlite3) with a polling worker
// (inbox_poller.js); the log record (observe.js) and Prometheus metrics (inbox_metrics.js). bullmq, prom-client and
// better-sqlite3 are optional peer dependencies, loaded only by what uses them.

const {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_CAP_MS,
  DEFAULT_INBOX_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  InboxStoreError,
  RedisInbox,
} = require('./redis_inbox.js');
const { DEFAULT_QUEUE_NAME, InboxQueue, startInboxWorker } = require('./inbox_queue.js');
const { inboxMetrics } = require('./inbox_metrics.js');
const { DEFAULT_POLL_EVERY_MS, startPollingWorker } = require('./inbox_poller.js');

// better-sqlite3 is required by SqliteInbox's constructor only.
const { SqliteInbox } = require('./sqlite_inbox.js');

module.exports = {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_CAP_MS,
  DEFAULT_INBOX_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_POLL_EVERY_MS,
  DEFAULT_QUEUE_NAME,
  InboxQueue,
  InboxStoreError,
  RedisInbox,
  SqliteInbox,
  inboxMetrics,
  startInboxWorker,
  startPollingWorker,
};
