'use strict';
// Express integration: a handler for the webhook route (read the raw body, verify it, run your
// onEvent once per event id, answer), and a middleware that only verifies and hands the event on
// as req.sharpapiEvent. Every refusal is answered here as JSON, never as Express's HTML page.

const {
  BodyAlreadyRead,
  PayloadTooLarge,
  answers,
  explainerOf,
  inboxFlowOf,
  maxBodyBytesOf,
  onEventOf,
  refusal,
  runHandler,
  storeOf,
  verifierOf,
} = require('./answers.js');
const { readRawBody } = require('./incoming.js');

const PARSED_BEFORE =
  'sharpapi-webhooks/express: the request body was parsed before the webhook middleware could ' +
  'read its raw bytes; mount express.json() (or any other body parser) after it, or on other routes only';

function send(res, { status, body, headers }) {
  res.status(status).set(headers).json(body);
}

/**
 * Reads the raw body of `req` (up to `limit` bytes, whatever its Content-Type: the signature, not
 * that header, says whether the bytes are SharpAPI's) and verifies it; calls `then(event)`, or
 * answers the refusal itself. `log` receives what is the server's fault; `explainRefusal`, when
 * set, why a signature was refused.
 */
function verifyRequest({ verifierFor, limit, log, explainRefusal, flow }, req, res, then) {
  const started = performance.now();
  // In inbox mode every refusal is logged and counted too.
  const refuse = (answer, bodyBytes = null) => {
    flow?.refused(answer, bodyBytes, started);
    send(res, answer);
  };
  if (req.method !== 'POST') {
    refuse(answers.methodNotAllowed(req.method));
    return;
  }
  readRawBody(req, limit, PARSED_BEFORE).then(
    (rawBody) => {
      let event;
      try {
        // Every header line as received, a repeated one as pairs of its own: req.headers and
        // req.get() would join repeats with ", ", one value the core could only call malformed.
        event = verifierFor(req).constructEventFromHeaders(rawBody, req.rawHeaders);
      } catch (error) {
        explainRefusal?.(error, rawBody, req.rawHeaders, [req]);
        const refused = refusal(error);
        if (refused === undefined) {
          log('sharpapi-webhooks: a delivery could not be verified:', error);
          refuse(answers.internalError(), rawBody.length);
        } else {
          if (refused.status >= 500) {
            log(`sharpapi-webhooks: the webhook is misconfigured: ${error.message}`);
          }
          refuse(refused, rawBody.length);
        }
        return;
      }
      req.sharpapiEvent = event;
      then(event, rawBody, started);
    },
    (readError) => {
      if (readError instanceof PayloadTooLarge) {
        refuse(answers.tooLarge(readError));
      } else if (readError instanceof BodyAlreadyRead) {
        log(readError.message);
        refuse(answers.bodyAlreadyRead());
      } else {
        refuse(answers.unreadable());
      }
    },
  );
}

function settings(options, what) {
  if (options !== null && typeof options === 'object' && options.limit !== undefined) {
    throw new TypeError(`${what}: the option limit is now maxBodyBytes, a number of bytes`);
  }
  return {
    verifierFor: verifierOf(options, what),
    limit: maxBodyBytesOf(options, what),
    store: storeOf(options, what),
    flow: inboxFlowOf(options, what),
    log: options.log ?? console.error,
    explainRefusal: explainerOf(options, what),
  };
}

/**
 * The webhook route's handler: `app.post('/webhooks/sharpapi', webhookHandler({ secret, onEvent }))`.
 * Options: `secret` or `secrets` (or `verifier`), `maxBodyBytes` (16 MiB by default),
 * `idempotency` (a store: each event id handled once; done only after onEvent succeeded),
 * `onEvent(event, req, res)`, `log` (console.error) and `explainFailures` (true, or a function:
 * why a signature was refused, logged, never answered). onEvent may answer itself with `res`,
 * return a value (sent as JSON) or nothing (`{"id", "outcome": "handled"}`).
 *
 * With `inbox` (an InboxQueue) instead of onEvent: acknowledge-then-process. The verified
 * delivery is stored, then answered 202 `{"id", "outcome": "accepted"}` (200 duplicate, 503
 * StoreUnavailable); the handler runs in a worker (startInboxWorker). Each delivery is then logged
 * as one record (`logger`, `logBodies`) and counted (`metrics`, of inboxMetrics).
 */
function webhookHandler(options) {
  const what = 'sharpapi-webhooks/express webhookHandler';
  const setup = settings(options, what);
  const { store, log, flow } = setup;
  if (flow !== undefined) {
    if (options.onEvent !== undefined) {
      throw new TypeError(
        `${what}: with inbox, the handler runs in the worker (startInboxWorker), not as onEvent`,
      );
    }
    return function sharpapiWebhookInbox(req, res) {
      verifyRequest(setup, req, res, (event, rawBody, started) => {
        flow.accept(event, rawBody, started).then(
          (answer) => send(res, answer),
          (error) => {
            log('sharpapi-webhooks: the answer to a delivery failed:', error);
            if (!res.headersSent) {
              send(res, answers.internalError());
            }
          },
        );
      });
    };
  }
  const onEvent = onEventOf(options, what, true);

  async function answer(event, req, res) {
    const result = await runHandler(event, store, () => onEvent(event, req, res), {
      // An answer onEvent sent itself counts as success only when it is 2xx.
      succeeded: () => !res.headersSent || (res.statusCode >= 200 && res.statusCode < 300),
      log,
    });
    if (res.headersSent) {
      if (result.answer !== undefined) {
        log(`sharpapi-webhooks: onEvent had answered already; not sent: ${result.answer.status}`);
      }
      return;
    }
    if (result.answer !== undefined) {
      send(res, result.answer);
    } else if (result.value === undefined) {
      send(res, answers.handled(event.id));
    } else {
      res.json(result.value);
    }
  }

  return function sharpapiWebhookHandler(req, res) {
    verifyRequest(setup, req, res, (event) => {
      answer(event, req, res).catch((error) => {
        // Only a bug of ours (or a value res.json cannot serialize) comes here.
        log('sharpapi-webhooks: the answer to a delivery failed:', error);
        if (!res.headersSent) {
          send(res, answers.internalError());
        }
      });
    });
  };
}

/**
 * A middleware for the webhook route that only verifies: `app.post('/webhooks/sharpapi',
 * webhookMiddleware(secret), handler)`; the handler finds the event in `req.sharpapiEvent`.
 * `secrets` is a secret, an array of them while rotating, or a Verifier; options:
 * `maxBodyBytes` (16 MiB by default), `log` and `explainFailures` (with secrets, not a Verifier).
 * Errors of your handler are Express's to answer; webhookHandler answers them as JSON, and handles
 * each event once with an idempotency store.
 */
function webhookMiddleware(secrets, options = {}) {
  const what = 'sharpapi-webhooks/express webhookMiddleware';
  const given =
    secrets !== null && typeof secrets === 'object' && !Array.isArray(secrets)
      ? { verifier: secrets }
      : { secrets };
  const setup = settings({ ...options, ...given }, what);
  return function sharpapiWebhook(req, res, next) {
    verifyRequest(setup, req, res, () => next());
  };
}

module.exports = { webhookHandler, webhookMiddleware };
