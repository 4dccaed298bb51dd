import type { Secrets, Verifier, WebhookEvent } from './index.js';
import type { IntegrationOptions } from './options.js';
import type { InboxModeOptions } from './options.js';

export type { ErrorAnswer, IntegrationOptions, OutcomeAnswer } from './options.js';

/** 16 MiB: the body limit unless `maxBodyBytes` says otherwise (the core's vocabulary). */
export declare const DEFAULT_MAX_BODY_BYTES: number;

/** The body is larger than the limit: answered 413 before it is read. */
export declare class PayloadTooLarge extends Error {
  readonly name: 'PayloadTooLarge';
  /** The limit, in bytes. */
  readonly limit: number;
}

/** The body was read before it could be verified (`request.json()` first). */
export declare class BodyAlreadyRead extends Error {
  readonly name: 'BodyAlreadyRead';
}

/**
 * Reads `request`'s body once and verifies it, with X-Signature found by the core among
 * `request.headers`. A Content-Length over `maxBodyBytes` (16 MiB) is refused before anything is
 * read; a body without one is counted as it comes and refused as soon as it passes the limit.
 * @throws {PayloadTooLarge} the body is over the limit.
 * @throws {BodyAlreadyRead} the body was read already.
 * @throws {WebhookError} the core's refusal: MissingSignature, MalformedSignature,
 * InvalidSignature, InvalidPayload (InvalidSecret for bad secrets).
 */
export declare function constructEventFromRequest(
  request: Request,
  verifierOrSecrets: Verifier | Secrets,
  options?: { maxBodyBytes?: number },
): Promise<WebhookEvent>;

export interface WebhookHandlerOptions<Rest extends unknown[]> extends IntegrationOptions<
  [Request, ...Rest]
> {
  /**
   * Your work for a verified event; `rest` is what the platform passed after the request
   * (Next.js' route context; a Worker's env and ctx). Return a Response (sent as it is), another
   * value (sent as JSON) or nothing (`{"id", "outcome": "handled"}`). Throwing answers 500
   * HandlerFailed. With `idempotency`, a Response that is not 2xx releases the claim too.
   */
  onEvent: (event: WebhookEvent, request: Request, ...rest: Rest) => unknown;
}

/**
 * The webhook route's handler, `(request, ...rest) => Promise<Response>`: a Next.js App Router
 * `POST`, a Worker's `fetch`, any Request/Response server. Answers: 405 for other methods, 413
 * over the limit, 401 for a missing, malformed or wrong signature, 400 for a body that is no
 * event, each as JSON `{ error, code, message }`; 200 duplicate and 409 in progress with a store.
 * In inbox mode (`inbox` instead of `onEvent`): the delivery stored, answered 202 accepted (200
 * duplicate, 503 StoreUnavailable), one log record per delivery, the metrics when given.
 * @throws {InvalidSecret} at once, for a missing or bad secret.
 */
export declare function webhookHandler<Rest extends unknown[] = unknown[]>(
  options: WebhookHandlerOptions<Rest> | WebhookHandlerInboxOptions<Rest>,
): (request: Request, ...rest: Rest) => Promise<Response>;

/** Acknowledge-then-process: `inbox` instead of `onEvent` (which then runs in the worker). */
export interface WebhookHandlerInboxOptions<Rest extends unknown[]>
  extends Omit<IntegrationOptions<[Request, ...Rest]>, 'idempotency'>, InboxModeOptions {
  onEvent?: never;
  idempotency?: never;
}
