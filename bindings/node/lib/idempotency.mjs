// The ESM entry point of the idempotency helper: the CommonJS module's exports.
import idempotency from './idempotency.js';

export const {
  ClaimState,
  DEFAULT_LEASE_MS,
  DEFAULT_DONE_TTL_MS,
  IdempotencyStoreError,
  MemoryStore,
  RedisStore,
  handleOnce,
} = idempotency;
