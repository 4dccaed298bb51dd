'use strict';
// One structured log record per delivery (the web side) and per attempt (the worker side), the
// same fields in every language of the project. No Node.js built-in or other package is required
// here: the Web integration runs on edge runtimes too, and bundlers follow every require (the
// metrics, which need prom-client, are in inbox_metrics.js, which the integrations never load).

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

module.exports = { deliveryLoggerOf, deliveryRecord };
