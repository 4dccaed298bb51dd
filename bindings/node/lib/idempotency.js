'use strict';
// Handle each SharpAPI job once although SharpAPI retries deliveries: a store of claims on event
// ids and the one flow every integration runs (claim, run the handler, then complete or release).
//
// No Node.js built-in is required here: the module runs on edge runtimes too (Workers, Next.js'
// edge runtime), where `crypto.randomUUID` is the global Web Crypto one.

/** What `claim` found: the caller now holds the id, another request does, or it is handled. */
const ClaimState = Object.freeze({
  CLAIMED: 'claimed',
  IN_PROGRESS: 'in_progress',
  DONE: 'done',
});

/** How long a claim holds an id unless completed or released: a crashed handler's claim ends. */
const DEFAULT_LEASE_MS = 60 * 1000;
/** How long a handled id is remembered: SharpAPI's retries come within minutes. */
const DEFAULT_DONE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A store failed (Redis unreachable, a script error): the delivery cannot be handled now. */
class IdempotencyStoreError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'IdempotencyStoreError';
  }
}

function positiveMs(value, name, fallback) {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive whole number of milliseconds, not ${value}`);
  }
  return value;
}

function eventIdText(eventId) {
  if (typeof eventId !== 'string' || eventId === '') {
    throw new TypeError(`an event id must be a non-empty string, not ${JSON.stringify(eventId)}`);
  }
  return eventId;
}

function newToken() {
  return globalThis.crypto.randomUUID();
}

/**
 * Claims in this process's memory, with expiry: for one process (tests, a single server). Every
 * worker and restart has its own, so a cluster needs a shared store such as RedisStore.
 */
class MemoryStore {
  #entries = new Map(); // event id -> { token, expiresAt } while claimed, { token: null, ... } once done
  #leaseMs;
  #doneTtlMs;
  #now;
  #claimsSinceSweep = 0;

  /**
   * `leaseMs`: how long a claim lasts (60 s); `doneTtlMs`: how long a handled id is kept (7
   * days); `now`: the clock, in milliseconds (`Date.now`), for tests.
   */
  constructor({ leaseMs, doneTtlMs, now = Date.now } = {}) {
    this.#leaseMs = positiveMs(leaseMs, 'leaseMs', DEFAULT_LEASE_MS);
    this.#doneTtlMs = positiveMs(doneTtlMs, 'doneTtlMs', DEFAULT_DONE_TTL_MS);
    this.#now = now;
  }

  async claim(eventId) {
    const id = eventIdText(eventId);
    const now = this.#now();
    this.#sweep(now);
    const entry = this.#entries.get(id);
    if (entry !== undefined && entry.expiresAt > now) {
      return { state: entry.token === null ? ClaimState.DONE : ClaimState.IN_PROGRESS };
    }
    const token = newToken();
    this.#entries.set(id, { token, expiresAt: now + this.#leaseMs });
    return { state: ClaimState.CLAIMED, token };
  }

  async complete(eventId, token) {
    const now = this.#now();
    if (!this.#holds(eventIdText(eventId), token, now)) {
      return false;
    }
    this.#entries.set(eventId, { token: null, expiresAt: now + this.#doneTtlMs });
    return true;
  }

  async release(eventId, token) {
    if (!this.#holds(eventIdText(eventId), token, this.#now())) {
      return false;
    }
    this.#entries.delete(eventId);
    return true;
  }

  /** Whether `token`'s claim on `eventId` still stands (not expired, not taken over). */
  #holds(eventId, token, now) {
    const entry = this.#entries.get(eventId);
    return (
      entry !== undefined && entry.token !== null && entry.token === token && entry.expiresAt > now
    );
  }

  /** Drops expired entries now and then, so that memory follows the ids of the last days. */
  #sweep(now) {
    this.#claimsSinceSweep += 1;
    if (this.#claimsSinceSweep < 1000) {
      return;
    }
    this.#claimsSinceSweep = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(id);
      }
    }
  }
}

// Completing or releasing touches the id only while it holds the caller's own claim: a handler
// that outlived its lease must not undo the claim (or the completion) of the request that took over.
const COMPLETE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;
const DONE = 'done';
const CLAIM_PREFIX = 'claim:';

/**
 * Claims in Redis, shared by every process and restart, through a connected node-redis client
 * (the `redis` package, 5 or later: `await createClient({ url }).connect()`). The id's key holds
 * `claim:<token>` for the lease (SET NX PX), then `done` for `doneTtlMs`; complete and release are
 * compare-and-set scripts on the token.
 */
class RedisStore {
  #client;
  #keyPrefix;
  #leaseMs;
  #doneTtlMs;

  /** `keyPrefix` ("sharpapi-webhooks:event:") namespaces the keys; the rest as MemoryStore's. */
  constructor(client, { keyPrefix = 'sharpapi-webhooks:event:', leaseMs, doneTtlMs } = {}) {
    if (client === null || typeof client !== 'object' || typeof client.sendCommand !== 'function') {
      throw new TypeError(
        'RedisStore takes a connected node-redis client: `await createClient({ url }).connect()` of the `redis` package',
      );
    }
    if (typeof keyPrefix !== 'string') {
      throw new TypeError('keyPrefix must be a string');
    }
    this.#client = client;
    this.#keyPrefix = keyPrefix;
    this.#leaseMs = positiveMs(leaseMs, 'leaseMs', DEFAULT_LEASE_MS);
    this.#doneTtlMs = positiveMs(doneTtlMs, 'doneTtlMs', DEFAULT_DONE_TTL_MS);
  }

  async claim(eventId) {
    const key = this.#keyPrefix + eventIdText(eventId);
    const token = newToken();
    // Twice at most: the key can expire between a refused SET and the GET that says why.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const set = await this.#command([
        'SET',
        key,
        CLAIM_PREFIX + token,
        'NX',
        'PX',
        String(this.#leaseMs),
      ]);
      if (set !== null) {
        return { state: ClaimState.CLAIMED, token };
      }
      const held = await this.#command(['GET', key]);
      if (held === DONE) {
        return { state: ClaimState.DONE };
      }
      if (held !== null) {
        return { state: ClaimState.IN_PROGRESS };
      }
    }
    return { state: ClaimState.IN_PROGRESS };
  }

  async complete(eventId, token) {
    const key = this.#keyPrefix + eventIdText(eventId);
    const args = [CLAIM_PREFIX + token, DONE, String(this.#doneTtlMs)];
    return Number(await this.#command(['EVAL', COMPLETE_SCRIPT, '1', key, ...args])) === 1;
  }

  async release(eventId, token) {
    const key = this.#keyPrefix + eventIdText(eventId);
    const args = [CLAIM_PREFIX + token];
    return Number(await this.#command(['EVAL', RELEASE_SCRIPT, '1', key, ...args])) === 1;
  }

  async #command(args) {
    try {
      return await this.#client.sendCommand(args);
    } catch (error) {
      throw new IdempotencyStoreError(`Redis ${args[0]} failed: ${error.message}`, {
        cause: error,
      });
    }
  }
}

/**
 * The one flow: claims `eventId` in `store`, runs `handler()` only when the claim is new, then
 * completes the claim when the handler succeeded, or releases it when it threw (so that SharpAPI's
 * retry runs it again) and rethrows. Resolves to `{ outcome: 'handled', value }` (the handler's
 * value), `{ outcome: 'duplicate' }` (handled before: the handler did not run) or
 * `{ outcome: 'in_progress' }` (another request holds the claim: answer 409, SharpAPI retries).
 *
 * `succeeded(value)` (true by default) says whether a value that the handler returned counts as
 * success: an HTTP answer that is not 2xx, say, is released rather than completed. A failed
 * `complete` is reported to `log` (console.error) and the outcome stays `handled`: the work is
 * done, and a retry must not be provoked into doing it again. A store that fails to claim
 * rejects with IdempotencyStoreError.
 */
async function handleOnce(
  store,
  eventId,
  handler,
  { succeeded = () => true, log = console.error } = {},
) {
  let claim;
  try {
    claim = await store.claim(eventId);
  } catch (error) {
    throw error instanceof IdempotencyStoreError
      ? error
      : new IdempotencyStoreError(`the idempotency store failed to claim: ${error.message}`, {
          cause: error,
        });
  }
  if (claim.state === ClaimState.DONE) {
    return { outcome: 'duplicate' };
  }
  if (claim.state !== ClaimState.CLAIMED) {
    return { outcome: 'in_progress' };
  }
  let value;
  try {
    value = await handler();
  } catch (error) {
    await releaseQuietly(store, eventId, claim.token, log);
    throw error;
  }
  if (!succeeded(value)) {
    await releaseQuietly(store, eventId, claim.token, log);
    return { outcome: 'handled', value };
  }
  try {
    await store.complete(eventId, claim.token);
  } catch (error) {
    log(
      `sharpapi-webhooks: event ${eventId} was handled, but the store failed to record it:`,
      error,
    );
  }
  return { outcome: 'handled', value };
}

/** Releases a claim; a store failure is logged (the claim then ends with its lease). */
async function releaseQuietly(store, eventId, token, log) {
  try {
    await store.release(eventId, token);
  } catch (error) {
    log(`sharpapi-webhooks: the claim on event ${eventId} could not be released:`, error);
  }
}

module.exports = {
  ClaimState,
  DEFAULT_LEASE_MS,
  DEFAULT_DONE_TTL_MS,
  IdempotencyStoreError,
  MemoryStore,
  RedisStore,
  handleOnce,
};
