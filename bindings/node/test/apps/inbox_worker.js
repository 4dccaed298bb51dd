'use strict';
// The worker of the inbox test app: a BullMQ worker (startInboxWorker) with Redis, a polling one
// (startPollingWorker) with SQLite, running the contract's handler, which sleeps `sleep_ms`, fails
// while the record's attempt number is at most `fail_attempts` (counted by the inbox, so that it
// holds across restarts), then appends `<id>\t<unix time>` to SHARPAPI_HANDLED_LOG in one write.

const fs = require('node:fs');
const { setTimeout: sleep } = require('node:timers/promises');
const { inboxMetrics, startInboxWorker, startPollingWorker } = require('sharpapi-webhooks/inbox');
const inboxSetup = require('./inbox_setup');

async function handler(event, item) {
  const result =
    event.result !== null && typeof event.result === 'object' && !Array.isArray(event.result)
      ? event.result
      : {};
  if (Number.isInteger(result.sleep_ms)) {
    await sleep(result.sleep_ms);
  }
  if (item.attempts <= (result.fail_attempts ?? 0)) {
    throw new Error(`the handler failed on purpose (attempt ${item.attempts} for ${event.id})`);
  }
  await fs.promises.appendFile(
    process.env.SHARPAPI_HANDLED_LOG,
    `${event.id}\t${(Date.now() / 1000).toFixed(6)}\n`,
  );
}

async function main() {
  const { backend, inbox, connection, sweepEveryMs } = await inboxSetup.connect();
  const options = {
    inbox,
    handler,
    concurrency: 8,
    metrics: inboxMetrics({ inbox }),
    logger: (record) => process.stderr.write(`${JSON.stringify(record)}\n`),
    log: (message, error) => console.error(message, error?.message ?? ''),
  };
  if (backend === 'sqlite') {
    // BullMQ needs Redis: with SQLite the worker polls the inbox itself.
    await startPollingWorker({ ...options, pollEveryMs: 50 });
  } else {
    await startInboxWorker({ ...options, connection, sweepEveryMs });
  }
  console.error('inbox worker: running');
}

main().catch((error) => {
  console.error('inbox worker:', error);
  process.exit(1);
});
