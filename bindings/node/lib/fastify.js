'use strict';
// Fastify integration: a plugin that serves the webhook route in a scope of its own. There a
// content-type parser keeps every body as its raw bytes (a Buffer, up to maxBodyBytes: Fastify's
// bodyLimit), the route verifies them, sets `request.sharpapiEvent` and calls onEvent; every
// refusal is answered as JSON, never as Fastify's default error shape.

const {
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

const EMPTY = Buffer.alloc(0);
const OTHER_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

function send(reply, { status, body, headers }) {
  return reply.code(status).headers(headers).type('application/json').send(JSON.stringify(body));
}

const isSuccess = (statusCode) => statusCode >= 200 && statusCode < 300;

/**
 * `app.register(sharpapiWebhooks, { secret, onEvent })`. Options: `secret` or `secrets` (or
 * `verifier`), `path` ("/webhooks/sharpapi"; Fastify's `prefix` applies), `maxBodyBytes` (16 MiB by
 * default), `idempotency` (a store: each event id handled once), `explainFailures` (why a
 * signature was refused, logged as a warning by Fastify's logger) and `onEvent(event, request,
 * reply)`, whose value is sent as the answer (as any Fastify handler's), or
 * `{"id", "outcome": "handled"}` when it returns nothing. The scope is the plugin's own (it is not
 * wrapped with fastify-plugin): its body parser and error handler do not reach the app's other
 * routes, and the app's body parsers do not reach the webhook.
 *
 * With `inbox` (an InboxQueue) instead of onEvent: acknowledge-then-process, as Express's: 202
 * accepted, 200 duplicate, 503 StoreUnavailable; one log record per delivery (`logger`,
 * `logBodies`) and the metrics (`metrics`).
 */
async function sharpapiWebhooks(fastify, options) {
  const what = 'sharpapi-webhooks/fastify';
  const verifierFor = verifierOf(options, what);
  const limit = maxBodyBytesOf(options, what);
  const store = storeOf(options, what);
  const flow = inboxFlowOf(options, what);
  if (flow !== undefined && options.onEvent !== undefined) {
    throw new TypeError(
      `${what}: with inbox, the handler runs in the worker (startInboxWorker), not as onEvent`,
    );
  }
  const onEvent = flow === undefined ? onEventOf(options, what, true) : undefined;
  // When each request started, for the acknowledge histogram and the log's duration (inbox mode).
  const startedAt = new WeakMap();
  const started = (request) => startedAt.get(request.raw) ?? performance.now();
  const refuse = (request, reply, answer, bodyBytes = null) => {
    flow?.refused(answer, bodyBytes, started(request));
    return send(reply, answer);
  };
  const path = options.path ?? '/webhooks/sharpapi';
  // Logged through Fastify's logger: a refusal's explanation as a warning, a failure as an error.
  const explainRefusal = explainerOf(
    { log: (message, error) => fastify.log.error({ err: error }, message), ...options },
    what,
    (message, explanation) =>
      fastify.log.warn({ causes: explanation.causes.map(({ name }) => name) }, message),
  );

  // Every content type (and none) as raw bytes: the signature, not Content-Type, says whether
  // they are SharpAPI's, and nothing but the verifier parses them.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: limit },
    (request, body, done) => done(null, body),
  );
  fastify.decorateRequest('sharpapiEvent', null);
  if (flow !== undefined) {
    fastify.addHook('onRequest', (request, reply, done) => {
      startedAt.set(request.raw, performance.now());
      done();
    });
  }

  // What Fastify itself refuses before the route runs (the body over the limit, a body shorter
  // than its Content-Length), and anything unexpected, as JSON of the integrations' shape.
  fastify.setErrorHandler((error, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return refuse(request, reply, answers.tooLarge(new PayloadTooLarge(limit)));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return refuse(request, reply, answers.unreadable());
    }
    request.log.error({ err: error }, 'sharpapi-webhooks: a delivery could not be handled');
    return refuse(request, reply, answers.internalError());
  });

  fastify.route({
    method: OTHER_METHODS,
    url: path,
    exposeHeadRoute: false,
    handler: (request, reply) => refuse(request, reply, answers.methodNotAllowed(request.method)),
  });

  fastify.route({
    method: 'POST',
    url: path,
    bodyLimit: limit,
    async handler(request, reply) {
      // No body at all leaves request.body undefined: verified as the empty body it is.
      const rawBody = request.body ?? EMPTY;
      let event;
      try {
        // Every header line as received, a repeated one as pairs of its own.
        const verifier = verifierFor(request);
        event = verifier.constructEventFromHeaders(rawBody, request.raw.rawHeaders);
      } catch (error) {
        explainRefusal?.(error, rawBody, request.raw.rawHeaders, [request]);
        const refused = refusal(error);
        if (refused === undefined) {
          throw error;
        }
        if (refused.status >= 500) {
          request.log.error(`sharpapi-webhooks: the webhook is misconfigured: ${error.message}`);
        }
        return refuse(request, reply, refused, rawBody.length);
      }
      request.sharpapiEvent = event;
      if (flow !== undefined) {
        return send(reply, await flow.accept(event, rawBody, started(request)));
      }
      const log = (message, error) => request.log.error({ err: error }, message);
      const result = await runHandler(event, store, () => onEvent(event, request, reply), {
        succeeded: () => isSuccess(reply.statusCode),
        log,
      });
      if (reply.sent) {
        if (result.answer !== undefined) {
          log(`sharpapi-webhooks: onEvent had answered already; not sent: ${result.answer.status}`);
        }
        return reply;
      }
      if (result.answer !== undefined) {
        return send(reply, result.answer);
      }
      if (result.value === undefined) {
        return send(reply, answers.handled(event.id));
      }
      return result.value;
    },
  });
}

module.exports = sharpapiWebhooks;
module.exports.default = sharpapiWebhooks;
module.exports.sharpapiWebhooks = sharpapiWebhooks;
