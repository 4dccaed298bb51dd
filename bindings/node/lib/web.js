'use strict';
// Web-standard integration: a `Request` in, a `Response` out. One handler serves a Next.js App
// Router route (`export const POST = webhookHandler(...)`), a Cloudflare Worker's `fetch`, Deno,
// Bun, or Node.js behind any Request/Response adapter (@hono/node-server). No Node.js built-in is
// required here, so it runs where the package's wasm engine does.

const { Verifier } = require('sharpapi-webhooks');
const {
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
} = require('./answers.js');

const EMPTY = new Uint8Array(0);

/**
 * The request's body, read once, as bytes: refused with PayloadTooLarge before anything is read
 * when Content-Length is over `limit`, and as soon as the count passes it when the body comes
 * without one (chunked).
 */
async function readBody(request, limit) {
  if (request.bodyUsed) {
    throw new BodyAlreadyRead(
      'the request body was read before sharpapi-webhooks could verify it: pass the Request untouched (no request.json() or request.text() before it)',
    );
  }
  const contentLength = request.headers.get('content-length');
  if (declaredOver(contentLength, limit)) {
    throw new PayloadTooLarge(limit);
  }
  if (request.body === null) {
    return EMPTY;
  }
  if (contentLength !== null) {
    // The runtime holds the body to its Content-Length; the count below is for bodies without one.
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > limit) {
      throw new PayloadTooLarge(limit);
    }
    return bytes;
  }
  const reader = request.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.byteLength;
    if (total > limit) {
      // Not cancelled: on Node.js adapters a cancel destroys the socket before the 413 is sent.
      // The runtime discards the rest (the answer says Connection: close).
      reader.releaseLock();
      throw new PayloadTooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) {
    return chunks[0];
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads `request`'s body once (up to `options.maxBodyBytes`, 16 MiB by default) and verifies it
 * with X-Signature looked up by the core among `request.headers`. `verifierOrSecrets` is a
 * Verifier, or the secrets (one, or [current, previous] while rotating). Throws PayloadTooLarge,
 * BodyAlreadyRead, or the core's WebhookError.
 */
async function constructEventFromRequest(request, verifierOrSecrets, options = {}) {
  const verifier =
    verifierOrSecrets instanceof Verifier ? verifierOrSecrets : new Verifier(verifierOrSecrets);
  return verifyRequest(request, verifier, maxBodyBytesOf(options, 'constructEventFromRequest'));
}

/**
 * constructEventFromRequest for the integrations: with `explainRefusal` (answers.js's
 * explainerOf), a refused signature is explained in the log, with the request's `args`.
 */
async function verifyRequest(request, verifier, limit, explainRefusal, args) {
  const rawBody = await readBody(request, limit);
  return verifyBody(rawBody, request, verifier, explainRefusal, args);
}

function verifyBody(rawBody, request, verifier, explainRefusal, args) {
  try {
    return verifier.constructEventFromHeaders(rawBody, request.headers);
  } catch (error) {
    explainRefusal?.(error, rawBody, request.headers, args);
    throw error;
  }
}

function jsonResponse({ status, body, headers }) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/**
 * The answer to an error of reading or verifying a delivery; `log` receives the unexpected ones.
 */
function answerToReadError(error, log) {
  if (error instanceof PayloadTooLarge) {
    return answers.tooLarge(error);
  }
  if (error instanceof BodyAlreadyRead) {
    log(`sharpapi-webhooks: ${error.message}`);
    return answers.bodyAlreadyRead();
  }
  const refused = refusal(error);
  if (refused !== undefined) {
    if (refused.status >= 500) {
      log(`sharpapi-webhooks: the webhook is misconfigured: ${error.message}`);
    }
    return refused;
  }
  if (error instanceof TypeError && /body|stream|abort|terminated/i.test(error.message)) {
    return answers.unreadable(); // the client went away, or sent a broken body
  }
  log('sharpapi-webhooks: a delivery could not be verified:', error);
  return answers.internalError();
}

/**
 * A handler `async (request, ...rest) => Response` for the webhook route. Options: `secret` or
 * `secrets` (or `verifier`), `maxBodyBytes`, `idempotency` (a store: each event id handled once),
 * `onEvent(event, request, ...rest)` (your work; `rest` is what the platform passed after the
 * request: Next.js' context, a Worker's env and ctx), `log` (console.error) and `explainFailures`
 * (true, or a function: why a signature was refused, logged, never answered). onEvent may return
 * a Response (sent as it is), another value (sent as JSON) or nothing (`{"id", "outcome":
 * "handled"}`). Refusals are JSON: 405, 413, 401, 400; a duplicate of a handled event is 200
 * `{"outcome": "duplicate"}` and one in progress 409; a handler that throws is logged and answered
 * 500 HandlerFailed (its claim released, so that SharpAPI's retry runs it again).
 *
 * With `inbox` instead of onEvent: acknowledge-then-process, as Express's (202 accepted, 200
 * duplicate, 503 StoreUnavailable; `logger`, `logBodies`, `metrics`). The inbox must be reachable
 * from the runtime: an InboxQueue on Node.js, or an object of your own with `accept`.
 */
function webhookHandler(options) {
  const what = 'sharpapi-webhooks/web webhookHandler';
  const verifierFor = verifierOf(options, what);
  const limit = maxBodyBytesOf(options, what);
  const store = storeOf(options, what);
  const flow = inboxFlowOf(options, what);
  const log = options.log ?? console.error;
  const explainRefusal = explainerOf(options, what);
  if (flow !== undefined) {
    if (options.onEvent !== undefined) {
      throw new TypeError(
        `${what}: with inbox, the handler runs in the worker (startInboxWorker), not as onEvent`,
      );
    }
    return async function sharpapiWebhookInbox(request, ...rest) {
      const started = performance.now();
      const refuse = (answer, bodyBytes = null) => {
        flow.refused(answer, bodyBytes, started);
        return jsonResponse(answer);
      };
      if (request.method !== 'POST') {
        return refuse(answers.methodNotAllowed(request.method));
      }
      let rawBody = null;
      let event;
      try {
        const verifier = verifierFor(request, ...rest);
        rawBody = await readBody(request, limit);
        event = verifyBody(rawBody, request, verifier, explainRefusal, [request, ...rest]);
      } catch (error) {
        return refuse(answerToReadError(error, log), rawBody?.byteLength ?? null);
      }
      return jsonResponse(await flow.accept(event, rawBody, started));
    };
  }
  const onEvent = onEventOf(options, what, true);

  return async function sharpapiWebhook(request, ...rest) {
    if (request.method !== 'POST') {
      return jsonResponse(answers.methodNotAllowed(request.method));
    }
    let event;
    try {
      const verifier = verifierFor(request, ...rest);
      event = await verifyRequest(request, verifier, limit, explainRefusal, [request, ...rest]);
    } catch (error) {
      return jsonResponse(answerToReadError(error, log));
    }
    const result = await runHandler(event, store, () => onEvent(event, request, ...rest), {
      succeeded: (value) => !(value instanceof Response) || value.ok,
      log,
    });
    if (result.answer !== undefined) {
      return jsonResponse(result.answer);
    }
    if (result.value instanceof Response) {
      return result.value;
    }
    if (result.value === undefined) {
      return jsonResponse(answers.handled(event.id));
    }
    return jsonResponse({ status: 200, body: result.value, headers: {} });
  };
}

module.exports = {
  BodyAlreadyRead,
  DEFAULT_MAX_BODY_BYTES,
  PayloadTooLarge,
  constructEventFromRequest,
  webhookHandler,
  // For the Hono middleware, which answers the same way: not documented API.
  _internal: { answerToReadError, jsonResponse, verifyRequest },
};
