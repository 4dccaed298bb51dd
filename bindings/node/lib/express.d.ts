import type { Request, RequestHandler, Response } from 'express';
import type { Secrets, Verifier, WebhookEvent } from './index.js';
import type { ExplainFailures, IntegrationOptions } from './options.js';
import type { InboxModeOptions } from './options.js';

export type { ErrorAnswer, ExplainFailures, IntegrationOptions, OutcomeAnswer } from './options.js';

declare global {
  namespace Express {
    interface Request {
      /** The verified delivery, set by `webhookMiddleware` or `webhookHandler` before your code runs. */
      sharpapiEvent?: WebhookEvent;
    }
  }
}

export interface WebhookHandlerOptions extends IntegrationOptions<[Request]> {
  /**
   * Your work for a verified event. Answer with `res` yourself, return a value (sent as JSON) or
   * nothing (`{"id", "outcome": "handled"}`). Throwing answers 500 HandlerFailed; with
   * `idempotency`, it (or an answer that is not 2xx) releases the claim.
   */
  onEvent: (event: WebhookEvent, req: Request, res: Response) => unknown;
}

/**
 * The webhook route's handler: reads the raw body, verifies it (X-Signature looked up by the core
 * among `req.rawHeaders`), runs `onEvent` (once per event id with `idempotency`) and answers.
 * Refusals are JSON: 405 for other methods, 413 over `maxBodyBytes` (16 MiB), 401 for a missing,
 * malformed or wrong signature, 400 for a body that is no event; 200 duplicate, 409 in progress
 * and 500 HandlerFailed with a store. In inbox mode (`inbox` instead of `onEvent`): the delivery
 * stored, answered 202 `{"id", "outcome": "accepted"}` (200 duplicate, 503 StoreUnavailable), one
 * log record per delivery, the metrics counted when given.
 * @throws {InvalidSecret} at once, for a missing or bad secret.
 */
export declare function webhookHandler(
  options: WebhookHandlerOptions | WebhookHandlerInboxOptions,
): RequestHandler;

/** Acknowledge-then-process: `inbox` instead of `onEvent` (which then runs in the worker). */
export interface WebhookHandlerInboxOptions
  extends Omit<IntegrationOptions<[Request]>, 'idempotency'>, InboxModeOptions {
  onEvent?: never;
  idempotency?: never;
}

export interface WebhookMiddlewareOptions {
  /** The largest body read, in bytes; a larger one is answered 413. 16 MiB by default. */
  maxBodyBytes?: number;
  /** Where failures of the server's side are logged: `console.error` by default. */
  log?: (message: string, error?: unknown) => void;
  /** Why a signature was refused, logged, never answered (needs secrets, not a Verifier). */
  explainFailures?: ExplainFailures;
}

/**
 * A middleware for the webhook route that reads the raw body, verifies it against `secrets` (a
 * secret, an array of them while rotating, or a Verifier) with `X-Signature` looked up by the core
 * among `req.rawHeaders` (one pair per header line, so a repeated header is seen as sent), and
 * sets `req.sharpapiEvent`. Refusals are answered as JSON `{ error, code, message }` (405, 413,
 * 401, 400) and the handler is then not called; errors of your handler are Express's to answer.
 * @throws {InvalidSecret} no secret, or a null, undefined or empty one: at start-up, not per request.
 */
export declare function webhookMiddleware(
  secrets: Secrets | Verifier,
  options?: WebhookMiddlewareOptions,
): RequestHandler;
