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
