'use strict';
// One structured log line per delivery (the web side) and per attempt (the worker side), and the
// Prometheus metrics of the inbox (prom-client, the package's optional peer dependency, loaded
// only by inboxMetrics). The names are the same in every language of the project. No Node.js
// built-in is required here: the Web integration runs on edge runtimes too.

/** The log record's fields, in this order; `body` only with `logBodies`. */
const FIELDS = [
  'job_id',
  'type',
  'status',
  'outcome',
  'error_code',
  'body_bytes',
  'duration_ms',
  'duplicate',
  'attempt',
];

/**
 * The logger of an option: undefined -> one JSON line per record on stdout (console.log);
 * false -> none; a function (record) => void; or an object with `info` (pino, Fastify's
 * request.log, winston), called as `info(record, message)`.
 */
function deliveryLoggerOf(logger, what) {
  if (logger === undefined) {
    return (record) => console.log(JSON.stringify(record));
  }
  if (logger === false) {
    return () => {};
  }
  if (typeof logger === 'function') {
    return logger;
  }
  if (logger !== null && typeof logger === 'object' && typeof logger.info === 'function') {
    return (record) => logger.info(record, 'sharpapi-webhooks delivery');
  }
  throw new TypeError(
    `${what}: logger must be false, a function (record) => void or an object with info(record, message)`,
  );
}

/** The record for one delivery or attempt, every field present (null when it does not apply). */
function deliveryRecord(side, fields, { logBodies = false, body } = {}) {
  const record = { logger: 'sharpapi_webhooks', side };
  for (const name of FIELDS) {
    record[name] = fields[name] ?? null;
  }
  record.duplicate = fields.duplicate === true;
  if (typeof record.duration_ms === 'number') {
    record.duration_ms = Math.round(record.duration_ms * 1000) / 1000;
  }
  if (logBodies && body !== undefined) {
    record.body = new TextDecoder().decode(body);
  }
  return record;
}

const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The inbox's metrics in `registry` (prom-client's default registry unless given), made once per
 * registry (a second call returns the same ones). With `inbox`, the gauge
 * sharpapi_webhook_queue_depth{state} is read from `inbox.counts()` at each scrape.
 */
function inboxMetrics({ registry, inbox } = {}) {
  const client = require('prom-client');
  const registers = [registry ?? client.register];
  const metric = (Type, config) =>
    registers[0].getSingleMetric(config.name) ?? new Type({ ...config, registers });
  const queueDepth = metric(client.Gauge, {
    name: 'sharpapi_webhook_queue_depth',
    help: 'Records in the inbox by state (pending, processing, done, dead)',
    labelNames: ['state'],
    async collect() {
      if (inbox === undefined) {
        return;
      }
      const counts = await inbox.counts();
      for (const [state, count] of Object.entries(counts)) {
        this.set({ state }, count);
      }
    },
  });
  return {
    deliveries: metric(client.Counter, {
      name: 'sharpapi_webhook_deliveries_total',
      help: 'Deliveries answered, by outcome (accepted, duplicate, refused)',
      labelNames: ['outcome'],
    }),
    refusals: metric(client.Counter, {
      name: 'sharpapi_webhook_refusals_total',
      help: 'Refused deliveries, by error (the core error name, PayloadTooLarge, MethodNotAllowed)',
      labelNames: ['error'],
    }),
    handled: metric(client.Counter, {
      name: 'sharpapi_webhook_handled_total',
      help: 'Events whose handler succeeded',
    }),
    handlerFailures: metric(client.Counter, {
      name: 'sharpapi_webhook_handler_failures_total',
      help: 'Handler attempts that threw',
    }),
    deadLetters: metric(client.Counter, {
      name: 'sharpapi_webhook_dead_letters_total',
      help: 'Events that reached their last attempt and went to the dead letters',
    }),
    queueDepth,
    handlerSeconds: metric(client.Histogram, {
      name: 'sharpapi_webhook_handler_seconds',
      help: "The handler's duration per attempt, in seconds",
      buckets: HANDLER_BUCKETS,
    }),
    acknowledgeSeconds: metric(client.Histogram, {
      name: 'sharpapi_webhook_acknowledge_seconds',
      help: 'From the start of the request to the answer, in seconds',
      buckets: ACK_BUCKETS,
    }),
  };
}

module.exports = { deliveryLoggerOf, deliveryRecord, inboxMetrics };
