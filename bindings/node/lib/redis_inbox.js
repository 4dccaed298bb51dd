'use strict';
// A durable inbox of verified deliveries, so that an endpoint can answer SharpAPI at once and run
// the handler later, in a worker, without losing the event when a process dies in between: one
// record per job id in Redis (a real server, shared by every instance), each step one Lua script
// (atomic), every time the server's (TIME), so that instances with skewed clocks agree.
//
// A record goes pending -> processing (a claim: a lease with a random token) -> done, or back to
// pending (a retry after a backoff) or, after maxAttempts, dead, where a person replays it.
// The queue (lib/inbox_queue.js, BullMQ) only wakes workers; the inbox decides what runs.

const DEFAULT_INBOX_LEASE_MS = 60 * 1000;
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_BACKOFF_BASE_MS = 1000;
const DEFAULT_BACKOFF_CAP_MS = 5 * 60 * 1000;
/** How long a done record (and so the recognition of its duplicates) is kept: SharpAPI retries within minutes. */
const DEFAULT_DONE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const LAST_ERROR_CHARS = 500;
const STATES = ['pending', 'processing', 'done', 'dead'];

/** The inbox's store failed (Redis unreachable, a script error): answered 503 StoreUnavailable. */
class InboxStoreError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'InboxStoreError';
  }
}

// Each script reads the server's clock: `now` in seconds, as a float with microseconds.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
`;

// KEYS: record, pending. ARGV: id, type, status, body (base64).
const ACCEPT = `${NOW}
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'duplicates', 1)
  return 0
end
local at = string.format('%.6f', now)
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'type', ARGV[2], 'status', ARGV[3], 'body', ARGV[4],
  'received_at', at, 'state', 'pending', 'attempts', 0, 'next_attempt_at', at, 'duplicates', 0,
  'lease_until', '', 'token', '', 'last_error', '')
redis.call('ZADD', KEYS[2], now, ARGV[1])
return 1`;

// Claims the record KEYS[1] of id `id` when it is due (pending, next_attempt_at passed) or its
// lease expired (processing: its worker died). KEYS: record, pending, processing.
const CLAIM_RECORD = `
local function claim_record(record, id, token, lease_seconds)
  local fields = redis.call('HMGET', record, 'state', 'next_attempt_at', 'lease_until')
  local state = fields[1]
  if state == 'pending' then
    if tonumber(fields[2]) > now then return {'not_due'} end
  elseif state == 'processing' then
    if tonumber(fields[3]) > now then return {'busy'} end
  else
    return {state or 'missing'}
  end
  local attempts = redis.call('HINCRBY', record, 'attempts', 1)
  local lease_until = now + lease_seconds
  redis.call('HSET', record, 'state', 'processing', 'token', token,
    'lease_until', string.format('%.6f', lease_until))
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZADD', KEYS[3], lease_until, id)
  local data = redis.call('HMGET', record, 'type', 'status', 'body', 'received_at', 'duplicates')
  return {'claimed', id, attempts, data[1], data[2], data[3], data[4], data[5], string.format('%.6f', lease_until)}
end
`;

// KEYS: record, pending, processing. ARGV: id, token, lease seconds.
const CLAIM_ID = `${NOW}${CLAIM_RECORD}
return claim_record(KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3]))`;

// The oldest due pending record, else the longest-expired lease. KEYS: -, pending, processing.
// ARGV: record key prefix, token, lease seconds. (The record's key is made here from its id.)
const CLAIM_NEXT = `${NOW}${CLAIM_RECORD}
for _, set in ipairs({KEYS[2], KEYS[3]}) do
  local ids = redis.call('ZRANGEBYSCORE', set, '-inf', now, 'LIMIT', 0, 1)
  if #ids == 1 then
    return claim_record(ARGV[1] .. ids[1], ids[1], ARGV[2], tonumber(ARGV[3]))
  end
end
return {'none'}`;

// KEYS: record, processing, done. ARGV: id, token, done ttl ms.
const COMPLETE = `${NOW}
local fields = redis.call('HMGET', KEYS[1], 'state', 'token')
if fields[1] ~= 'processing' or fields[2] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'token', '', 'lease_until', '',
  'done_at', string.format('%.6f', now))
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[3]) / 1000)
return 1`;

// KEYS: record, processing, pending, dead. ARGV: id, token, error, max attempts, backoff base ms,
// backoff cap ms.
const FAIL = `${NOW}
local fields = redis.call('HMGET', KEYS[1], 'state', 'token', 'attempts')
if fields[1] ~= 'processing' or fields[2] ~= ARGV[2] then return {'lost'} end
local attempts = tonumber(fields[3])
redis.call('ZREM', KEYS[2], ARGV[1])
if attempts >= tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[1], 'state', 'dead', 'token', '', 'lease_until', '', 'last_error', ARGV[3],
    'dead_at', string.format('%.6f', now))
  redis.call('ZADD', KEYS[4], now, ARGV[1])
  return {'dead', attempts}
end
local delay = math.min(tonumber(ARGV[6]), tonumber(ARGV[5]) * 2 ^ (attempts - 1)) / 1000
local due = now + delay
redis.call('HSET', KEYS[1], 'state', 'pending', 'token', '', 'lease_until', '', 'last_error', ARGV[3],
  'next_attempt_at', string.format('%.6f', due))
redis.call('ZADD', KEYS[3], due, ARGV[1])
return {'retry', attempts, tostring(math.floor(delay * 1000))}`;

// KEYS: record, pending, done, dead. ARGV: id.
const REPLAY = `${NOW}
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'dead' and state ~= 'done' then return 0 end
redis.call('PERSIST', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'pending', 'attempts', 0,
  'next_attempt_at', string.format('%.6f', now), 'token', '', 'lease_until', '')
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[1])
return 1`;

// The ids a sweeper wakes a worker for: due pending ones, expired leases. KEYS: pending,
// processing. ARGV: limit. Gives id, attempts, id, attempts, ... (attempts so far: see inbox_queue).
const DUE = `${NOW}
local out = {}
for _, set in ipairs({KEYS[1], KEYS[2]}) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', set, '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))) do
    out[#out + 1] = id
    out[#out + 1] = redis.call('HGET', ARGV[2] .. id, 'attempts') or '0'
  end
end
return out`;

function positiveNumber(value, name, fallback) {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number, not ${value}`);
  }
  return value;
}

function idText(id) {
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(`an event id must be a non-empty string, not ${JSON.stringify(id)}`);
  }
  return id;
}

/** One line of an error, type and message, at most 500 characters: the record's last_error. */
function errorLine(error) {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : `Error: ${String(error)}`;
  return text.replace(/\s*\n\s*/g, ' ').slice(0, LAST_ERROR_CHARS);
}

/** What a claim gives the worker: the record's id, attempt number, stored body and token. */
function itemOf(reply, token) {
  const [, id, attempts, type, status, body, receivedAt, duplicates, leaseUntil] = reply;
  return {
    id,
    attempts: Number(attempts),
    type,
    status,
    body: Buffer.from(body, 'base64'),
    receivedAt: Number(receivedAt),
    duplicates: Number(duplicates),
    leaseUntil: Number(leaseUntil),
    token,
  };
}

/**
 * The inbox in Redis, through a connected node-redis client (the `redis` package, 5 or later:
 * `await createClient({ url }).connect()`), shared by every instance. Keys under `keyPrefix`
 * ("sharpapi-webhooks:inbox:"): a hash per record (`rec:<id>`) and one sorted set per state
 * (pending by due time, processing by lease end, done, dead). Options: `leaseMs` (60 s: longer
 * than the handler takes), `maxAttempts` (5), `backoffBaseMs` (1 s, doubled per failure) and
 * `backoffCapMs` (5 min), `doneTtlMs` (7 days). Redis acknowledges a write once it holds it in
 * memory: what survives a crash of Redis itself is its persistence's to say (AOF with
 * `appendfsync always` for no loss).
 */
class RedisInbox {
  #client;
  #prefix;
  #lease;
  #maxAttempts;
  #backoffBaseMs;
  #backoffCapMs;
  #doneTtlMs;

  constructor(
    client,
    {
      keyPrefix = 'sharpapi-webhooks:inbox:',
      leaseMs,
      maxAttempts,
      backoffBaseMs,
      backoffCapMs,
      doneTtlMs,
    } = {},
  ) {
    if (client === null || typeof client !== 'object' || typeof client.sendCommand !== 'function') {
      throw new TypeError(
        'RedisInbox takes a connected node-redis client: `await createClient({ url }).connect()` of the `redis` package',
      );
    }
    if (typeof keyPrefix !== 'string') {
      throw new TypeError('keyPrefix must be a string');
    }
    this.#client = client;
    this.#prefix = keyPrefix;
    this.#lease = positiveNumber(leaseMs, 'leaseMs', DEFAULT_INBOX_LEASE_MS);
    this.#maxAttempts = positiveNumber(maxAttempts, 'maxAttempts', DEFAULT_MAX_ATTEMPTS);
    this.#backoffBaseMs = positiveNumber(backoffBaseMs, 'backoffBaseMs', DEFAULT_BACKOFF_BASE_MS);
    this.#backoffCapMs = positiveNumber(backoffCapMs, 'backoffCapMs', DEFAULT_BACKOFF_CAP_MS);
    this.#doneTtlMs = positiveNumber(doneTtlMs, 'doneTtlMs', DEFAULT_DONE_TTL_MS);
  }

  /** How many attempts a record gets before it is dead. */
  get maxAttempts() {
    return this.#maxAttempts;
  }

  #record(id) {
    return `${this.#prefix}rec:${id}`;
  }

  #set(state) {
    return `${this.#prefix}${state}`;
  }

  /**
   * Stores a verified delivery (`event`: its id, type and status; `rawBody`: the bytes as
   * received) unless its id is there already: "accepted", or "duplicate" (counted on the record,
   * whatever its state). Resolves once Redis holds it.
   */
  async accept(event, rawBody) {
    const id = idText(event.id);
    const body = Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
    const args = [id, String(event.type), String(event.status), body.toString('base64')];
    const stored = await this.#eval(ACCEPT, [this.#record(id), this.#set('pending')], args);
    return Number(stored) === 1 ? 'accepted' : 'duplicate';
  }

  /**
   * Claims the oldest due pending record, or one whose lease expired (its worker died): the
   * item `{ id, attempts, type, status, body, receivedAt, duplicates, leaseUntil, token }`, or
   * null when none is due. `leaseMs` defaults to the inbox's.
   */
  async claim(leaseMs = this.#lease) {
    const token = globalThis.crypto.randomUUID();
    const reply = await this.#eval(
      CLAIM_NEXT,
      ['', this.#set('pending'), this.#set('processing')],
      [this.#record(''), token, String(leaseMs / 1000)],
    );
    return reply[0] === 'claimed' ? itemOf(reply, token) : null;
  }

  /**
   * Claims the record of `id` as claim does, when it is due or its lease expired; else null
   * (missing, done, dead, not yet due, or held by a live claim).
   */
  async claimId(id, leaseMs = this.#lease) {
    const token = globalThis.crypto.randomUUID();
    const key = idText(id);
    const reply = await this.#eval(
      CLAIM_ID,
      [this.#record(key), this.#set('pending'), this.#set('processing')],
      [key, token, String(leaseMs / 1000)],
    );
    return reply[0] === 'claimed' ? itemOf(reply, token) : null;
  }

  /** Marks the item's record done, if the item's claim still holds it: whether it did. */
  async complete(item) {
    const keys = [this.#record(item.id), this.#set('processing'), this.#set('done')];
    const done = await this.#eval(COMPLETE, keys, [item.id, item.token, String(this.#doneTtlMs)]);
    return Number(done) === 1;
  }

  /**
   * Records a failure of the handler on the item (if its claim still holds): "retry" (pending
   * again after the backoff; `retryInMs` on the result says when) or "dead" (maxAttempts
   * reached), as `{ verdict, attempts, retryInMs }`; `{ verdict: false }` when the claim was lost.
   */
  async fail(item, error) {
    const keys = [
      this.#record(item.id),
      this.#set('processing'),
      this.#set('pending'),
      this.#set('dead'),
    ];
    const args = [
      item.id,
      item.token,
      errorLine(error),
      String(this.#maxAttempts),
      String(this.#backoffBaseMs),
      String(this.#backoffCapMs),
    ];
    const [verdict, attempts, retryInMs] = await this.#eval(FAIL, keys, args);
    if (verdict === 'lost') {
      return { verdict: false };
    }
    return {
      verdict,
      attempts: Number(attempts),
      retryInMs: retryInMs === undefined ? undefined : Number(retryInMs),
    };
  }

  /** A dead or done record back to pending with attempts = 0 (a person's decision): whether it was. */
  async replay(id) {
    const key = idText(id);
    const keys = [this.#record(key), this.#set('pending'), this.#set('done'), this.#set('dead')];
    return Number(await this.#eval(REPLAY, keys, [key])) === 1;
  }

  /** The record of `id` (its body as a Buffer), or null. */
  async get(id) {
    const fields = await this.#command(['HGETALL', this.#record(idText(id))]);
    const entries = Array.isArray(fields) ? pairsOf(fields) : Object.entries(fields ?? {});
    if (entries.length === 0) {
      return null;
    }
    const record = Object.fromEntries(entries);
    const number = (text) => (text === '' || text === undefined ? null : Number(text));
    return {
      id: record.id,
      type: record.type,
      status: record.status,
      body: Buffer.from(record.body ?? '', 'base64'),
      state: record.state,
      attempts: Number(record.attempts),
      receivedAt: number(record.received_at),
      nextAttemptAt: number(record.next_attempt_at),
      leaseUntil: number(record.lease_until),
      lastError: record.last_error === '' ? null : record.last_error,
      duplicates: Number(record.duplicates),
    };
  }

  /** The dead records, oldest first, at most `limit`. */
  async deadLetters(limit = 100) {
    const ids = await this.#command(['ZRANGE', this.#set('dead'), '0', String(limit - 1)]);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((record) => record !== null);
  }

  /** The number of records per state: `{ pending, processing, done, dead }` (the queue depth). */
  async counts() {
    const sizes = await Promise.all(
      STATES.map((state) => this.#command(['ZCARD', this.#set(state)])),
    );
    return Object.fromEntries(STATES.map((state, index) => [state, Number(sizes[index])]));
  }

  /**
   * What a sweeper re-enqueues: `[{ id, attempts }]` of the due pending records and the expired
   * leases, at most `limit` of each.
   */
  async due(limit = 1000) {
    const flat = await this.#eval(
      DUE,
      [this.#set('pending'), this.#set('processing')],
      [String(limit), this.#record('')],
    );
    const due = [];
    for (let index = 0; index < flat.length; index += 2) {
      due.push({ id: flat[index], attempts: Number(flat[index + 1]) });
    }
    return due;
  }

  #eval(script, keys, args) {
    return this.#command(['EVAL', script, String(keys.length), ...keys, ...args]);
  }

  async #command(args) {
    try {
      return await this.#client.sendCommand(args);
    } catch (error) {
      throw new InboxStoreError(`Redis ${args[0]} failed: ${error.message}`, { cause: error });
    }
  }
}

function pairsOf(flat) {
  const pairs = [];
  for (let index = 0; index < flat.length; index += 2) {
    pairs.push([flat[index], flat[index + 1]]);
  }
  return pairs;
}

module.exports = {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_CAP_MS,
  DEFAULT_DONE_TTL_MS,
  DEFAULT_INBOX_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  InboxStoreError,
  RedisInbox,
  STATES,
  errorLine,
  idText,
  positiveNumber,
};
