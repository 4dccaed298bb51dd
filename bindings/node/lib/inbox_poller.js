'use strict';
// The worker for an inbox without a queue server (SqliteInbox: one machine): BullMQ needs Redis,
// so here the inbox itself is the queue. Each of `concurrency` loops claims the next due record
// (a pending one whose backoff passed, or one whose lease expired because its worker died), runs
// it, and sleeps `pollEveryMs` when none is due. The claim is the inbox's atomic step, so several
// loops and several worker processes sharing the file never run one record at once.

const { setTimeout: sleep } = require('node:timers/promises');
const { deliveryLoggerOf } = require('./observe.js');
const { runnerOf } = require('./inbox_runner.js');

const DEFAULT_POLL_EVERY_MS = 250;

/**
 * Runs `handler(event, item)` for the inbox's records in this process until `close()`. Options as
 * startInboxWorker's (`inbox`, `handler`, `concurrency` 4, `logger`, `logBodies`, `metrics`, `log`)
 * and `pollEveryMs` (250): how long a loop waits when nothing is due. Resolves to `{ close() }`.
 */
async function startPollingWorker(options) {
  const what = 'startPollingWorker';
  const {
    inbox,
    handler,
    concurrency = 4,
    pollEveryMs = DEFAULT_POLL_EVERY_MS,
    logBodies = false,
    metrics,
    log = console.error,
  } = options;
  if (inbox === null || typeof inbox !== 'object' || typeof inbox.claim !== 'function') {
    throw new TypeError(`${what}: inbox must be an inbox with claim (SqliteInbox, RedisInbox)`);
  }
  if (typeof handler !== 'function') {
    throw new TypeError(`${what}: handler must be a function (event, item) => void`);
  }
  const run = runnerOf({
    inbox,
    handler,
    logger: deliveryLoggerOf(options.logger, what),
    logBodies,
    metrics,
    log,
  });
  const stopping = new AbortController();
  async function loop() {
    while (!stopping.signal.aborted) {
      let item = null;
      try {
        item = await inbox.claim();
        if (item !== null) {
          await run(item);
        }
      } catch (error) {
        log('sharpapi-webhooks: the inbox worker failed (it goes on):', error);
      }
      if (item === null) {
        await sleep(pollEveryMs, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
  }
  const loops = Array.from({ length: concurrency }, loop);
  return {
    async close() {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}

module.exports = { DEFAULT_POLL_EVERY_MS, startPollingWorker };
