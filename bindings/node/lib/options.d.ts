// The options every framework integration takes (types only: there is no options.js).
import type { Explanation, Secrets, Verifier } from './index.js';
import type { IdempotencyStore } from './idempotency.js';

/**
 * The secrets, or a function that gives them from the request's arguments (`Args`: a Worker's
 * env comes second), called on the first delivery: for secrets that are there only at run time.
 */
export type SecretsOption<Args extends unknown[]> = Secrets | ((...args: Args) => Secrets);

/** `Args`: what the integration passes a `secrets` function (the request, and the platform's rest). */
export interface IntegrationOptions<Args extends unknown[] = unknown[]> {
  /**
   * The webhook secret: one, or `[current, previous]` while rotating (`secrets` is the same).
   * Given as values, checked at start-up: unset (undefined), empty or not valid Unicode throws
   * `InvalidSecret`. Given as a function, called on the first delivery (until then a bad secret
   * is answered 500 `{"error": "InvalidSecret"}` and logged).
   */
  secret?: SecretsOption<Args>;
  /** The same as `secret`. */
  secrets?: SecretsOption<Args>;
  /** A Verifier made beforehand, instead of `secret`. */
  verifier?: Verifier;
  /** The largest body read, in bytes; a larger one is answered 413. 16 MiB by default. */
  maxBodyBytes?: number;
  /**
   * A store that makes the handler run once per event id (`MemoryStore`, `RedisStore` of
   * `sharpapi-webhooks/idempotency`): a handled id is answered 200 `{"outcome": "duplicate"}`,
   * one being handled 409; a handler that fails releases its claim so that SharpAPI's retry runs it.
   */
  idempotency?: IdempotencyStore;
  /** Where failures of the server's side are logged (a handler that threw): `console.error` by default. */
  log?: (message: string, error?: unknown) => void;
  /**
   * A debugging aid, off by default: each delivery refused for its signature (401) is explained
   * in the server's log as `explain` finds it with the configured secrets (not with `verifier`,
   * which keeps none). `true` logs a warning (`console.warn`; Fastify's logger in the Fastify
   * plugin), a function receives the message and the explanation. The answer is the same either
   * way: the finding is for you, never for the sender.
   */
  explainFailures?: ExplainFailures;
}

/** The `explainFailures` option: `true`, or where to log each explained refusal. */
export type ExplainFailures = boolean | ((message: string, explanation: Explanation) => void);

/** The JSON body of every refusal: the core's error name and code for a signature or payload. */
export interface ErrorAnswer {
  error: string;
  code?: number;
  message: string;
}

/** The JSON body of the default answer to a verified delivery. */
export interface OutcomeAnswer {
  id: string;
  outcome: 'handled' | 'duplicate';
}

// Acknowledge-then-process mode (sharpapi-webhooks/inbox): what the integrations take, without
// naming bullmq or prom-client, which only users of the inbox install.

/** What `accept` is given: the verified event's id, type and status. */
export interface AcceptedEvent {
  readonly id: string;
  readonly type: string;
  readonly status: string;
}

/** What the integrations' `inbox` option needs. */
export interface Accepting {
  accept(event: AcceptedEvent, rawBody: Uint8Array): Promise<'accepted' | 'duplicate'>;
}

/** One log record per delivery (web side) or attempt (worker side). */
export interface DeliveryRecord {
  logger: 'sharpapi_webhooks';
  side: 'web' | 'worker';
  job_id: string | null;
  type: string | null;
  status: string | null;
  outcome: 'accepted' | 'duplicate' | 'handled' | 'refused' | 'handler_failed' | 'dead';
  /** The core's error name when refused, StoreUnavailable, or the handler error's type. */
  error_code: string | null;
  body_bytes: number | null;
  duration_ms: number;
  duplicate: boolean;
  attempt: number | null;
  /** The body as text, only with `logBodies`. */
  body?: string;
}

/**
 * Where the records go: a function, an object with `info(record, message)` (pino, winston), or
 * false for none. Unset: one JSON line per record on stdout.
 */
export type DeliveryLogger =
  | false
  | ((record: DeliveryRecord) => void)
  | { info(record: DeliveryRecord, message: string): void };

/** The integrations' options for acknowledge-then-process mode (then without onEvent). */
export interface InboxModeOptions {
  /** Store each verified delivery, answer 202; the handler runs in the worker. */
  inbox: Accepting;
  /** One record per delivery; unset: a JSON line on stdout. */
  logger?: DeliveryLogger;
  /** The body in the log record as text (off: a body may hold personal data). */
  logBodies?: boolean;
  /** The metrics to count deliveries in (inboxMetrics() of sharpapi-webhooks/inbox). */
  metrics?: DeliveryMetrics;
}

/** The part of inboxMetrics() that the integrations count in (prom-client's metrics). */
export interface DeliveryMetrics {
  deliveries: { inc(labels: { outcome: string }): void };
  refusals: { inc(labels: { error: string }): void };
  acknowledgeSeconds: { observe(seconds: number): void };
}
