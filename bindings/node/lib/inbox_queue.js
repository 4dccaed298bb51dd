'use strict';
// The queue side of the inbox, on BullMQ (the package's optional peer dependency): after a
// delivery is accepted, a job `process` {id} wakes a worker, which claims the record, runs the
// user's handler on the stored body and completes or fails the record. BullMQ's job scheduler runs
// a `sweep` job every few seconds that re-enqueues what a dead web process never enqueued and what
// a dead worker left claimed (its lease expired). The inbox is the source of truth: a job is only
// a wake-up, and a job that finds nothing to claim ends without doing anything.

const { deliveryLoggerOf } = require('./observe.js');
const { runnerOf } = require('./inbox_runner.js');

const DEFAULT_QUEUE_NAME = 'sharpapi-webhooks';
const DEFAULT_SWEEP_EVERY_MS = 5000;
const SWEEP_SCHEDULER = 'sharpapi-webhooks-sweep';
// Kept by nobody once run: the job ids below can then come back (a replay starts at attempt 0).
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true };

/**
 * One job per (id, attempts so far): a second enqueue of the same wake-up (the sweeper's, while
 * the first still waits) is the same BullMQ job id, which BullMQ ignores. BullMQ refuses ":" and
 * whole numbers in custom ids, hence the encoding and the prefix.
 */
function jobIdOf(id, attempts) {
  return `sharpapi-${encodeURIComponent(id).replaceAll(':', '%3A')}-${attempts}`;
}

function checkInbox(inbox, what) {
  for (const method of ['accept', 'claimId', 'complete', 'fail', 'due']) {
    if (inbox === null || typeof inbox !== 'object' || typeof inbox[method] !== 'function') {
      throw new TypeError(`${what}: inbox must be an inbox (RedisInbox), but it has no ${method}`);
    }
  }
  return inbox;
}

/**
 * The inbox with its BullMQ queue, as the integrations' `inbox` option: `accept` stores the
 * delivery, then enqueues its job. Options: `connection` (BullMQ's: `{ host, port, db }` or an
 * ioredis instance), `queueName` ("sharpapi-webhooks"), `log` (console.error) for an enqueue that
 * failed after the record was stored (the sweeper enqueues it later; the answer stays 202).
 */
class InboxQueue {
  #log;

  constructor(inbox, { connection, queueName = DEFAULT_QUEUE_NAME, log = console.error } = {}) {
    const { Queue } = require('bullmq');
    this.inbox = checkInbox(inbox, 'InboxQueue');
    this.queue = new Queue(queueName, { connection });
    this.queue.on('error', (error) => log('sharpapi-webhooks: the BullMQ queue:', error.message));
    this.#log = log;
  }

  /** inbox.accept, then the job for an accepted one: "accepted" or "duplicate". */
  async accept(event, rawBody) {
    const outcome = await this.inbox.accept(event, rawBody);
    if (outcome === 'accepted') {
      try {
        await this.enqueue(event.id, 0);
      } catch (error) {
        this.#log(
          `sharpapi-webhooks: event ${event.id} is stored, but its job could not be enqueued (the sweeper will):`,
          error,
        );
      }
    }
    return outcome;
  }

  /** Wakes a worker for `id` (whose record has had `attempts` attempts), after `delayMs`. */
  enqueue(id, attempts, delayMs = 0) {
    return this.queue.add(
      'process',
      { id },
      { ...JOB_OPTIONS, jobId: jobIdOf(id, attempts), delay: Math.max(0, delayMs) },
    );
  }

  /** Re-enqueues every due pending record and expired lease: how many. */
  async sweep() {
    const due = await this.inbox.due();
    await Promise.all(due.map(({ id, attempts }) => this.enqueue(id, attempts)));
    return due.length;
  }

  /** The inbox's counts (the queue depth gauge reads them). */
  counts() {
    return this.inbox.counts();
  }

  close() {
    return this.queue.close();
  }
}

/**
 * Runs the user's handler for the inbox's records in this process: a BullMQ Worker on the queue,
 * plus the sweep (at start, then every `sweepEveryMs` through BullMQ's job scheduler). Options:
 * `inbox` (a RedisInbox), `handler(event, item)` (the event parsed from the stored body, which was
 * verified when accepted; `item.attempts` is this attempt's number, from 1), `connection`,
 * `queueName`, `concurrency` (4), `sweepEveryMs` (5 s), `logger` (one JSON line per attempt, as
 * the integrations'), `logBodies`, `metrics` (inboxMetrics()), `log` (console.error, for failures
 * of the worker itself). Resolves once the worker runs, to `{ worker, queue, sweep(), close() }`.
 */
async function startInboxWorker(options) {
  const what = 'startInboxWorker';
  const { Worker } = require('bullmq');
  const {
    handler,
    connection,
    queueName = DEFAULT_QUEUE_NAME,
    concurrency = 4,
    sweepEveryMs = DEFAULT_SWEEP_EVERY_MS,
    logBodies = false,
    metrics,
    log = console.error,
  } = options;
  const inbox = checkInbox(options.inbox, what);
  if (typeof handler !== 'function') {
    throw new TypeError(`${what}: handler must be a function (event, item) => void`);
  }
  const logger = deliveryLoggerOf(options.logger, what);
  const queue = new InboxQueue(inbox, { connection, queueName, log });

  const run = runnerOf({
    inbox,
    handler,
    logger,
    logBodies,
    metrics,
    log,
    retry: (item, result) => queue.enqueue(item.id, result.attempts, result.retryInMs),
  });

  const worker = new Worker(
    queueName,
    async (job) => {
      if (job.name === 'sweep') {
        await queue.sweep();
        return;
      }
      const item = await inbox.claimId(job.data.id);
      if (item !== null) {
        await run(item);
      }
    },
    { connection, concurrency, autorun: false },
  );
  worker.on('error', (error) => log('sharpapi-webhooks: the BullMQ worker:', error.message));
  await queue.queue.upsertJobScheduler(
    SWEEP_SCHEDULER,
    { every: sweepEveryMs },
    { name: 'sweep', opts: JOB_OPTIONS },
  );
  await queue.sweep();
  worker.run().catch((error) => log('sharpapi-webhooks: the BullMQ worker stopped:', error));
  await worker.waitUntilReady();
  return {
    worker,
    queue,
    sweep: () => queue.sweep(),
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

module.exports = { DEFAULT_QUEUE_NAME, InboxQueue, jobIdOf, startInboxWorker };
