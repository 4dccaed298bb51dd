// The ESM entry point of the inbox: the CommonJS module's exports.
import inbox from './inbox.js';

export const {
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
} = inbox;
