'use strict';
// Hono integration: a middleware that reads the raw body from the Request, verifies it and sets
// the event on the context (`c.get('sharpapiEvent')`) for the route's handler, with every refusal
// answered as the Web handler answers it. No Node.js built-in is required here: Hono runs on
// Node.js (@hono/node-server), Workers, Deno and Bun alike.

const {
  answers,
  explainerOf,
  maxBodyBytesOf,
  runHandler,
  storeOf,
  verifierOf,
} = require('./answers.js');
const {
  _internal: { answerToReadError, jsonResponse, verifyRequest },
} = require('./web.js');

/** The context variable that holds the verified event. */
const EVENT_VARIABLE = 'sharpapiEvent';

/**
 * A Hono middleware for the webhook route: `app.post('/webhooks/sharpapi', webhookMiddleware({
 * secret }), (c) => ...)`. Options: `secret` or `secrets` (or `verifier`), `maxBodyBytes` (16 MiB
 * by default), `idempotency` (a store: the route's handler runs once per event id; it counts as
 * done when it answers 2xx, and is released when it throws or answers otherwise), `log`
 * (console.error) and `explainFailures` (true, or a function: why a signature was refused,
 * logged, never answered). It reads the body from `c.req.raw` itself: a body that another
 * middleware read first (`c.req.json()`) is reported, never verified in a re-serialized form.
 */
function webhookMiddleware(options) {
  const what = 'sharpapi-webhooks/hono webhookMiddleware';
  const verifierFor = verifierOf(options, what);
  const limit = maxBodyBytesOf(options, what);
  const store = storeOf(options, what);
  const log = options.log ?? console.error;
  const explainRefusal = explainerOf(options, what);

  return async function sharpapiWebhook(c, next) {
    if (c.req.method !== 'POST') {
      return jsonResponse(answers.methodNotAllowed(c.req.method));
    }
    let event;
    try {
      const verifier = verifierFor(c);
      event = await verifyRequest(c.req.raw, verifier, limit, explainRefusal, [c]);
    } catch (error) {
      return jsonResponse(answerToReadError(error, log));
    }
    c.set(EVENT_VARIABLE, event);
    const result = await runHandler(
      event,
      store,
      async () => {
        await next();
        // Hono catches what the handler throws, answers it with app.onError and keeps it here.
        if (c.error !== undefined) {
          throw c.error;
        }
        return c.res;
      },
      { succeeded: (response) => response.ok, log },
    );
    if (result.answer !== undefined) {
      c.res = undefined; // replaced whole: not merged with the headers of onError's answer
      c.res = jsonResponse(result.answer);
    }
    return undefined;
  };
}

module.exports = { EVENT_VARIABLE, webhookMiddleware };
