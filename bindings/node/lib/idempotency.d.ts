/** Handle each SharpAPI job once, although SharpAPI retries deliveries. */

/** What `claim` found. */
export declare const ClaimState: {
  /** The caller holds the id now, for the lease: run the handler, then complete or release. */
  readonly CLAIMED: 'claimed';
  /** Another request holds it: answer 409, SharpAPI retries. */
  readonly IN_PROGRESS: 'in_progress';
  /** Handled before: answer 200 duplicate, without running the handler. */
  readonly DONE: 'done';
};
export type ClaimState = (typeof ClaimState)[keyof typeof ClaimState];

/** The answer of `claim`: a `token` comes with a new claim, for complete and release. */
export type Claim =
  | { readonly state: 'claimed'; readonly token: string }
  | { readonly state: 'in_progress' | 'done' };

/**
 * A store of claims on event ids. `claim` is atomic; a claim is a lease (it ends by itself after
 * the lease, so that a process that died mid-handler does not block the id forever). `complete`
 * and `release` touch the id only while it holds the caller's own claim (`token`), and resolve to
 * whether it did.
 */
export interface IdempotencyStore {
  claim(eventId: string): Promise<Claim>;
  /** Marks the id done, for the store's done TTL. */
  complete(eventId: string, token: string): Promise<boolean>;
  /** Forgets the claim, so that the next delivery of the id runs the handler again. */
  release(eventId: string, token: string): Promise<boolean>;
}

/** 60 000: how long a claim lasts unless completed or released, in milliseconds. */
export declare const DEFAULT_LEASE_MS: number;
/** Seven days: how long a handled id is remembered, in milliseconds. */
export declare const DEFAULT_DONE_TTL_MS: number;

export interface StoreOptions {
  /** How long a claim lasts, in ms (60 s): longer than your handler takes. */
  leaseMs?: number;
  /** How long a handled id is remembered, in ms (7 days). */
  doneTtlMs?: number;
}

/** A store failed (Redis unreachable, a script error): the delivery cannot be handled now. */
export declare class IdempotencyStoreError extends Error {
  readonly name: 'IdempotencyStoreError';
}

/** Claims in this process's memory, with expiry: one process only (tests, a single server). */
export declare class MemoryStore implements IdempotencyStore {
  /** `now`: the clock in milliseconds (`Date.now`), for tests. */
  constructor(options?: StoreOptions & { now?: () => number });
  claim(eventId: string): Promise<Claim>;
  complete(eventId: string, token: string): Promise<boolean>;
  release(eventId: string, token: string): Promise<boolean>;
}

/** The part of a node-redis client (`redis` 5 or later) that RedisStore uses. */
export interface RedisCommander {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * Claims in Redis, shared by every process: `SET key claim:<token> NX PX lease`, then `done` for
 * the done TTL; complete and release are compare-and-set scripts on the token.
 */
export declare class RedisStore implements IdempotencyStore {
  /** `client`: connected, `await createClient({ url }).connect()` of the `redis` package. */
  constructor(client: RedisCommander, options?: StoreOptions & { keyPrefix?: string });
  claim(eventId: string): Promise<Claim>;
  complete(eventId: string, token: string): Promise<boolean>;
  release(eventId: string, token: string): Promise<boolean>;
}

export type HandleOnceResult<T> =
  | { readonly outcome: 'handled'; readonly value: T }
  | { readonly outcome: 'duplicate' }
  | { readonly outcome: 'in_progress' };

/**
 * The one flow: claims `eventId`, runs `handler` only for a new claim, completes the claim when it
 * succeeded or releases it when it threw (and rethrows). `succeeded(value)` says whether a value
 * counts as success (true by default). A failed claim rejects with IdempotencyStoreError; a
 * failed complete is logged, and the outcome stays `handled`.
 */
export declare function handleOnce<T>(
  store: IdempotencyStore,
  eventId: string,
  handler: () => T | Promise<T>,
  options?: {
    succeeded?: (value: T) => boolean;
    log?: (message: string, error?: unknown) => void;
  },
): Promise<HandleOnceResult<T>>;
