'use strict';
// Express integration: a route middleware that reads the raw body, verifies it and hands the
// event on as req.sharpapiEvent; a refused delivery is answered here, with a JSON error.

const express = require('express');
const {
  InvalidPayload,
  InvalidSignature,
  MalformedSignature,
  MissingSignature,
  Verifier,
  WebhookError,
} = require('./index.js');

// The answer to each refusal; any other error (a bug's status from 100 on) is Express's to report.
const HTTP_STATUS = new Map([
  [MissingSignature.code, 401],
  [MalformedSignature.code, 401],
  [InvalidSignature.code, 401],
  [InvalidPayload.code, 400],
]);

const PARSED_BEFORE =
  'sharpapi-webhooks/express: the request body was parsed before the webhook middleware could ' +
  'read its raw bytes; mount express.json() (or any other body parser) after it, or on other routes only';

/**
 * A middleware for the webhook route: `app.post('/webhooks/sharpapi', webhookMiddleware(secret),
 * handler)`. `secrets` is a secret, an array of them while rotating, or a Verifier.
 */
function webhookMiddleware(secrets, options = {}) {
  // Made once, here, so that a missing secret fails at start-up rather than on a delivery.
  const verifier = secrets instanceof Verifier ? secrets : new Verifier(secrets);
  // Every content type is read: the signature, not the Content-Type header, says whether the
  // bytes are SharpAPI's, and nothing but the verifier parses them.
  const readRawBody = express.raw({ type: () => true, limit: options.limit ?? '1mb' });

  return function sharpapiWebhook(req, res, next) {
    readRawBody(req, res, (readError) => {
      if (readError) {
        next(readError);
        return;
      }
      // body-parser leaves req.body undefined for a request without a body.
      const rawBody = req.body === undefined ? Buffer.alloc(0) : req.body;
      if (!Buffer.isBuffer(rawBody)) {
        next(new Error(PARSED_BEFORE));
        return;
      }
      let event;
      try {
        // Every header line as received, a repeated one as pairs of its own: req.headers and
        // req.get() would join repeats with ", ", one value the core could only call malformed.
        event = verifier.constructEventFromHeaders(rawBody, req.rawHeaders);
      } catch (error) {
        const httpStatus = error instanceof WebhookError ? HTTP_STATUS.get(error.code) : undefined;
        if (httpStatus === undefined) {
          next(error);
          return;
        }
        res
          .status(httpStatus)
          .json({ error: error.name, code: error.code, message: error.message });
        return;
      }
      req.sharpapiEvent = event;
      next();
    });
  };
}

module.exports = { webhookMiddleware };
