'use strict';
// What every framework integration answers, and how each reads its options: one place, so that
// Express, Fastify, the Web handlers and Hono answer every case alike (the table of
// bindings/node/README.md). Internal: not one of the package's entry points.
//
// No Node.js built-in is required here: the Web and Hono integrations run on edge runtimes too.

const {
  InvalidPayload,
  InvalidSecret,
  InvalidSignature,
  MalformedSignature,
  MissingSignature,
  Verifier,
  WebhookError,
  explain,
} = require('sharpapi-webhooks');
const { IdempotencyStoreError, handleOnce } = require('./idempotency.js');
const { DEFAULT_MAX_BODY_BYTES } = require('./vocabulary.js');
const { deliveryLoggerOf, deliveryRecord } = require('./observe.js');

/** The body is larger than the integration's limit: answered 413, the body left unread. */
class PayloadTooLarge extends Error {
  constructor(limit) {
    super(`the request body is larger than the webhook's limit of ${limit} bytes`);
    this.name = 'PayloadTooLarge';
    this.limit = limit;
  }
}

/** A body parser consumed the body before the integration could read its raw bytes. */
class BodyAlreadyRead extends Error {
  constructor(message) {
    super(message);
    this.name = 'BodyAlreadyRead';
  }
}

const HANDLER_FAILED = 'the webhook handler failed; SharpAPI will retry';

/** An answer: the HTTP status, the JSON body and any extra headers. */
function answer(status, body, headers = {}) {
  return { status, body, headers };
}

const answers = {
  handled: (id) => answer(200, { id, outcome: 'handled' }),
  duplicate: (id) => answer(200, { id, outcome: 'duplicate' }),
  inProgress: (id) =>
    answer(409, {
      error: 'InProgress',
      message: `event ${id} is being handled by another request; SharpAPI will retry`,
    }),
  // The body is left unread: the connection closes after the answer rather than wait for it.
  tooLarge: (error) =>
    answer(413, { error: error.name, message: error.message }, { Connection: 'close' }),
  unreadable: () =>
    answer(400, { error: 'UnreadableBody', message: 'the request body could not be read in full' }),
  methodNotAllowed: (method) =>
    answer(
      405,
      {
        error: 'MethodNotAllowed',
        message: `a SharpAPI webhook is a POST request, not ${method}`,
      },
      { Allow: 'POST' },
    ),
  handlerFailed: () => answer(500, { error: 'HandlerFailed', message: HANDLER_FAILED }),
  accepted: (id) => answer(202, { id, outcome: 'accepted' }),
  storeUnavailable: () =>
    answer(503, {
      error: 'StoreUnavailable',
      message: 'the inbox could not store the delivery; SharpAPI will retry',
    }),
  storeFailed: () =>
    answer(500, {
      error: 'IdempotencyStoreFailed',
      message: 'the idempotency store failed; SharpAPI will retry',
    }),
  internalError: () =>
    answer(500, {
      error: 'InternalError',
      message: 'the delivery could not be verified; the server logged why',
    }),
  bodyAlreadyRead: () =>
    answer(500, {
      error: 'BodyAlreadyRead',
      message: 'the request body was read before the webhook integration could verify it',
    }),
};

/**
 * The answer to an error of verification: 401 for a missing, malformed or wrong signature, 400
 * for a verified body that is no event, 500 for a secret the core refuses (a misconfiguration
 * found per request), each `{ error, code, message }` with the core's name, code and message
 * (which never hold a secret). Undefined for an error that is not the core's.
 */
function refusal(error) {
  if (!(error instanceof WebhookError) || error.code >= 100) {
    return undefined;
  }
  const body = { error: error.name, code: error.code, message: error.message };
  if (error instanceof InvalidSecret) {
    return answer(500, body);
  }
  return answer(error instanceof InvalidPayload ? 400 : 401, body);
}

/**
 * The verifier of an integration's options, as a function of the request that gives it:
 * `verifier`, or `secret`/`secrets` (one secret, or [current, previous] while rotating). Given as
 * values, the Verifier is made here, at start-up, so that a missing secret throws InvalidSecret
 * there rather than failing every delivery. Given as a function (for platforms whose secrets come
 * with the request, as a Worker's `env`, or that are only there at run time, not at build time),
 * it is called with the request's arguments on the first delivery, and the Verifier kept once
 * made; until then a bad secret throws InvalidSecret per delivery (answered 500).
 */
function verifierOf(options, what) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `${what} takes an options object: { secret, maxBodyBytes, idempotency, ... }`,
    );
  }
  const given = ['verifier', 'secret', 'secrets'].filter((name) => options[name] !== undefined);
  if (given.length > 1) {
    throw new TypeError(
      `${what}: give one of verifier, secret or secrets, not ${given.join(' and ')}`,
    );
  }
  if (options.verifier !== undefined) {
    if (!(options.verifier instanceof Verifier)) {
      throw new TypeError(`${what}: verifier must be a Verifier of sharpapi-webhooks`);
    }
    return () => options.verifier;
  }
  const secrets = options.secrets ?? options.secret;
  if (typeof secrets === 'function') {
    let verifier;
    return (...args) => {
      verifier ??= new Verifier(secrets(...args));
      return verifier;
    };
  }
  // An unset environment variable (undefined) reaches the core, which refuses it: InvalidSecret.
  const verifier = new Verifier(secrets);
  return () => verifier;
}

/** The refusals that explainFailures explains: a missing, malformed or wrong signature (401). */
const SIGNATURE_REFUSALS = [MissingSignature, MalformedSignature, InvalidSignature];

/**
 * The opt-in explanation of refused signatures, of `options.explainFailures`: undefined when off,
 * else `explainRefusal(error, rawBody, headers, args)`, which writes to the server's log why a
 * signature was refused, as explain() finds it with the options' secrets (`args`: the request's,
 * for secrets given as a function). `true` logs with `warn` (console.warn unless the integration
 * has its own logger); a function `(message, explanation) => void` logs instead. The answer is
 * never changed: the finding is for the endpoint's owner, not for the sender. A failure to explain
 * goes to `log`.
 */
function explainerOf(options, what, warn = (message) => console.warn(message)) {
  const { explainFailures } = options;
  if (explainFailures === undefined || explainFailures === false) {
    return undefined;
  }
  if (explainFailures !== true && typeof explainFailures !== 'function') {
    throw new TypeError(
      `${what}: explainFailures must be true or a function (message, explanation) => void`,
    );
  }
  if (options.verifier !== undefined) {
    throw new TypeError(
      `${what}: explainFailures needs the secret or secrets, not a Verifier, which keeps none to explain with`,
    );
  }
  const report = explainFailures === true ? warn : explainFailures;
  const secrets = options.secrets ?? options.secret;
  const log = options.log ?? console.error;
  return function explainRefusal(error, rawBody, headers, args) {
    if (!SIGNATURE_REFUSALS.some((refused) => error instanceof refused)) {
      return;
    }
    try {
      const given = typeof secrets === 'function' ? secrets(...args) : secrets;
      const explanation = explain(rawBody, headers, given);
      const causes = explanation.causes.map(({ name, description }) => `${name}: ${description}`);
      report(
        `sharpapi-webhooks: a delivery was refused with ${error.name}; explained: ${causes.join('; ')}`,
        explanation,
      );
    } catch (failure) {
      log('sharpapi-webhooks: a refused delivery could not be explained:', failure);
    }
  };
}

/** The body limit of the options, in bytes: `maxBodyBytes`, by default the vocabulary's 16 MiB. */
function maxBodyBytesOf(options, what) {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new TypeError(`${what}: maxBodyBytes must be a whole number of bytes, not ${limit}`);
  }
  return limit;
}

/** The idempotency store of the options (or undefined), checked for the three methods. */
function storeOf(options, what) {
  const store = options.idempotency;
  if (store === undefined || store === null) {
    return undefined;
  }
  for (const method of ['claim', 'complete', 'release']) {
    if (typeof store[method] !== 'function') {
      throw new TypeError(
        `${what}: idempotency must be a store with claim, complete and release (MemoryStore, RedisStore), but it has no ${method}`,
      );
    }
  }
  return store;
}

/**
 * The inbox of the options (acknowledge-then-process mode), or undefined: anything with
 * `accept(event, rawBody)` resolving to "accepted" or "duplicate" (an InboxQueue, which also
 * enqueues the job, or a bare RedisInbox, whose records the worker's sweeper then finds).
 */
function inboxOf(options, what) {
  const { inbox } = options;
  if (inbox === undefined || inbox === null) {
    return undefined;
  }
  if (typeof inbox.accept !== 'function') {
    throw new TypeError(`${what}: inbox must have accept(event, rawBody) (InboxQueue, RedisInbox)`);
  }
  if (options.idempotency !== undefined && options.idempotency !== null) {
    throw new TypeError(
      `${what}: give inbox or idempotency, not both: the inbox recognises duplicates itself`,
    );
  }
  return inbox;
}

/**
 * What an integration in inbox mode reports per delivery: one log line (`logger`, `logBodies`)
 * and the metrics (`metrics`, of inboxMetrics). `refused(answer, bodyBytes, started)` for an
 * answer that refused the delivery, `accept(event, rawBody, started)` to store it and get the
 * answer (202 accepted, 200 duplicate, 503 StoreUnavailable).
 */
function inboxFlowOf(options, what) {
  const inbox = inboxOf(options, what);
  if (inbox === undefined) {
    return undefined;
  }
  const logger = deliveryLoggerOf(options.logger, what);
  const { metrics, logBodies = false } = options;
  const log = options.log ?? console.error;
  const seconds = (started) => (performance.now() - started) / 1000;
  function report(fields, started, body) {
    const duration = seconds(started);
    metrics?.acknowledgeSeconds.observe(duration);
    logger(deliveryRecord('web', { ...fields, duration_ms: duration * 1000 }, { logBodies, body }));
  }
  return {
    refused({ body }, bodyBytes, started) {
      metrics?.deliveries.inc({ outcome: 'refused' });
      metrics?.refusals.inc({ error: body.error });
      report({ outcome: 'refused', error_code: body.error, body_bytes: bodyBytes }, started);
    },
    async accept(event, rawBody, started) {
      const fields = {
        job_id: event.id,
        type: event.type,
        status: event.status,
        body_bytes: rawBody.byteLength,
      };
      let outcome;
      try {
        outcome = await inbox.accept(event, rawBody);
      } catch (error) {
        log(`sharpapi-webhooks: event ${event.id} could not be stored in the inbox:`, error);
        const unavailable = answers.storeUnavailable();
        this.refused(unavailable, rawBody.byteLength, started);
        return unavailable;
      }
      const duplicate = outcome === 'duplicate';
      metrics?.deliveries.inc({ outcome });
      report({ ...fields, outcome, duplicate }, started, rawBody);
      return duplicate ? answers.duplicate(event.id) : answers.accepted(event.id);
    },
  };
}

/** The function of the options that handles a verified event, checked (optional where allowed). */
function onEventOf(options, what, required) {
  const { onEvent } = options;
  if (onEvent === undefined && !required) {
    return undefined;
  }
  if (typeof onEvent !== 'function') {
    throw new TypeError(`${what}: onEvent must be a function (event, ...) => answer`);
  }
  return onEvent;
}

/** A Content-Length header's value over `limit`; a missing or unreadable one is not (the read counts). */
function declaredOver(contentLength, limit) {
  if (contentLength === undefined || contentLength === null || !/^\d+$/.test(contentLength)) {
    return false;
  }
  return Number(contentLength) > limit;
}

/**
 * Runs the user's handler for a verified event, once per event id when a store is given, and
 * gives `{ answer }` (ours) or `{ value }` (the handler's own; `undefined` when it gave none).
 * `succeeded(value)` says whether the handler's value counts as success (a 2xx answer). A
 * handler that throws is logged with `log` and answered 500 HandlerFailed, its message kept from
 * the answer.
 */
async function runHandler(event, store, handler, { succeeded, log }) {
  if (store === undefined) {
    try {
      return { value: await handler() };
    } catch (error) {
      log(`sharpapi-webhooks: the handler of event ${event.id} failed:`, error);
      return { answer: answers.handlerFailed() };
    }
  }
  let result;
  try {
    result = await handleOnce(store, event.id, handler, { succeeded, log });
  } catch (error) {
    if (error instanceof IdempotencyStoreError) {
      log(`sharpapi-webhooks: event ${event.id}:`, error);
      return { answer: answers.storeFailed() };
    }
    log(`sharpapi-webhooks: the handler of event ${event.id} failed:`, error);
    return { answer: answers.handlerFailed() };
  }
  if (result.outcome === 'duplicate') {
    return { answer: answers.duplicate(event.id) };
  }
  if (result.outcome === 'in_progress') {
    return { answer: answers.inProgress(event.id) };
  }
  return { value: result.value };
}

module.exports = {
  BodyAlreadyRead,
  DEFAULT_MAX_BODY_BYTES,
  PayloadTooLarge,
  answers,
  declaredOver,
  explainerOf,
  inboxFlowOf,
  maxBodyBytesOf,
  onEventOf,
  refusal,
  runHandler,
  storeOf,
  verifierOf,
};
