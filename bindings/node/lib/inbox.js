'use strict';
// sharpapi-webhooks/inbox: acknowledge SharpAPI's delivery at once and process it from a durable
// inbox. The inbox in Redis (redis_inbox.js, over node-redis), the queue and worker on BullMQ
// (inbox_queue.js), the log record and Prometheus metrics (observe.js). bullmq and prom-client are
// optional peer dependencies, loaded only by what uses them.

const {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_CAP_MS,
  DEFAULT_INBOX_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  InboxStoreError,
  RedisInbox,
} = require('./redis_inbox.js');
const { DEFAULT_QUEUE_NAME, InboxQueue, startInboxWorker } = require('./inbox_queue.js');
const { inboxMetrics } = require('./observe.js');

module.exports = {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_CAP_MS,
  DEFAULT_INBOX_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_QUEUE_NAME,
  InboxQueue,
  InboxStoreError,
  RedisInbox,
  inboxMetrics,
  startInboxWorker,
};
