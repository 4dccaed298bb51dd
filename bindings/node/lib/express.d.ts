import type { RequestHandler } from 'express';
import type { Secrets, Verifier, WebhookEvent } from './index.js';

declare global {
  namespace Express {
    interface Request {
      /** The verified delivery, set by `webhookMiddleware` before the route's handler runs. */
      sharpapiEvent?: WebhookEvent;
    }
  }
}

export interface WebhookMiddlewareOptions {
  /** The largest body read, as express.raw takes it (bytes, or a string such as "5mb"); "1mb" by default. */
  limit?: number | string;
}

/**
 * A middleware for the webhook route that reads the raw body, verifies it against `secrets` (a
 * secret, an array of them while rotating, or a Verifier) with `X-Signature` looked up by the core
 * among `req.rawHeaders` (one pair per header line, so a repeated header is seen as sent), and
 * sets `req.sharpapiEvent`. A missing or wrong signature is answered 401 and a verified body that
 * is not an event 400, each with a JSON body `{ error, code, message }`; the handler is then not
 * called.
 * @throws {InvalidSecret} no secret, or a null, undefined or empty one: at start-up, not per request.
 */
export declare function webhookMiddleware(
  secrets: Secrets | Verifier,
  options?: WebhookMiddlewareOptions,
): RequestHandler;
