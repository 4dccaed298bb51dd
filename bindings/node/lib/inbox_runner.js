'use strict';
// One attempt at an inbox record, the same in every worker (BullMQ's, the SQLite poller's): run the
// user's handler on the event parsed from the stored body, then complete the record, or record the
// failure (retry after the backoff, or dead), with one log record and the metrics per attempt.

const { parseEventUnverified } = require('sharpapi-webhooks');
const { deliveryRecord } = require('./observe.js');

/** The error's type, for the log's error_code: its name, never its message (which may hold data). */
function errorName(error) {
  return error instanceof Error ? error.name : 'Error';
}

/**
 * `run(item)` for a claimed item. `retry(item, result)` is called after a failure that the inbox
 * made pending again (`result.retryInMs` says when it is due), to wake a worker then.
 */
function runnerOf({ inbox, handler, logger, logBodies, metrics, log, retry = async () => {} }) {
  return async function run(item) {
    const started = performance.now();
    const fields = {
      job_id: item.id,
      type: item.type,
      status: item.status,
      body_bytes: item.body.length,
      attempt: item.attempts,
    };
    const finish = (outcome, extra = {}) => {
      const record = { ...fields, ...extra, outcome, duration_ms: performance.now() - started };
      logger(deliveryRecord('worker', record, { logBodies, body: item.body }));
    };
    try {
      await handler(parseEventUnverified(item.body), item);
    } catch (error) {
      metrics?.handlerSeconds.observe((performance.now() - started) / 1000);
      metrics?.handlerFailures.inc();
      log(
        `sharpapi-webhooks: the handler of event ${item.id} failed (attempt ${item.attempts}):`,
        error,
      );
      const result = await inbox.fail(item, error);
      if (result.verdict === 'retry') {
        await retry(item, result);
        finish('handler_failed', { error_code: errorName(error) });
      } else if (result.verdict === 'dead') {
        metrics?.deadLetters.inc();
        finish('dead', { error_code: errorName(error) });
      } else {
        log(`sharpapi-webhooks: event ${item.id}: the claim expired while the handler ran`);
        finish('handler_failed', { error_code: 'LeaseExpired' });
      }
      return;
    }
    metrics?.handlerSeconds.observe((performance.now() - started) / 1000);
    if (await inbox.complete(item)) {
      metrics?.handled.inc();
      finish('handled');
    } else {
      // Another worker claimed it after the lease ran out: the handler may run twice. Longer lease.
      log(
        `sharpapi-webhooks: event ${item.id} was handled, but its claim had expired: leaseMs too short?`,
      );
      finish('handled', { error_code: 'LeaseExpired' });
    }
  };
}

module.exports = { runnerOf };
