'use strict';
// The inbox in an SQLite file, through better-sqlite3 (the package's optional peer dependency): the
// embedded choice for one machine (one process, or several sharing the file). The same records,
// states and steps as RedisInbox, each step one IMMEDIATE transaction; the file in WAL mode with
// synchronous=FULL, so that `accept` returns only once the record is on disk.

// The defaults, states and argument checks are RedisInbox's: both backends keep one contract.
const {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_CAP_MS,
  DEFAULT_DONE_TTL_MS,
  DEFAULT_INBOX_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  InboxStoreError,
  STATES,
  errorLine,
  idText,
  positiveNumber,
} = require('./redis_inbox.js');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sharpapi_inbox (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  body BLOB NOT NULL,
  received_at REAL NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at REAL,
  lease_until REAL,
  token TEXT,
  last_error TEXT,
  duplicates INTEGER NOT NULL DEFAULT 0,
  done_at REAL
);
CREATE INDEX IF NOT EXISTS sharpapi_inbox_due ON sharpapi_inbox (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS sharpapi_inbox_lease ON sharpapi_inbox (state, lease_until);
`;

function recordOf(row) {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    body: Buffer.from(row.body),
    state: row.state,
    attempts: row.attempts,
    receivedAt: row.received_at,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    duplicates: row.duplicates,
  };
}

/**
 * The inbox in the SQLite file `filename` (made when missing), or in a better-sqlite3 Database
 * given instead. Options as RedisInbox's (`leaseMs`, `maxAttempts`, `backoffBaseMs`,
 * `backoffCapMs`, `doneTtlMs`) and `now` (the clock in ms, `Date.now`). One machine: the clock is
 * this machine's.
 */
class SqliteInbox {
  #db;
  #lease;
  #maxAttempts;
  #backoffBaseMs;
  #backoffCapMs;
  #doneTtlMs;
  #now;
  #statements;

  constructor(
    filename,
    { leaseMs, maxAttempts, backoffBaseMs, backoffCapMs, doneTtlMs, now = Date.now } = {},
  ) {
    const Database = require('better-sqlite3');
    this.#db = filename instanceof Database ? filename : new Database(filename);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    this.#lease = positiveNumber(leaseMs, 'leaseMs', DEFAULT_INBOX_LEASE_MS);
    this.#maxAttempts = positiveNumber(maxAttempts, 'maxAttempts', DEFAULT_MAX_ATTEMPTS);
    this.#backoffBaseMs = positiveNumber(backoffBaseMs, 'backoffBaseMs', DEFAULT_BACKOFF_BASE_MS);
    this.#backoffCapMs = positiveNumber(backoffCapMs, 'backoffCapMs', DEFAULT_BACKOFF_CAP_MS);
    this.#doneTtlMs = positiveNumber(doneTtlMs, 'doneTtlMs', DEFAULT_DONE_TTL_MS);
    this.#now = now;
    const db = this.#db;
    this.#statements = {
      insert: db.prepare(`INSERT OR IGNORE INTO sharpapi_inbox
        (id, type, status, body, received_at, state, attempts, next_attempt_at, duplicates)
        VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, 0)`),
      duplicate: db.prepare('UPDATE sharpapi_inbox SET duplicates = duplicates + 1 WHERE id = ?'),
      row: db.prepare('SELECT * FROM sharpapi_inbox WHERE id = ?'),
      next: db.prepare(`SELECT id FROM sharpapi_inbox
        WHERE (state = 'pending' AND next_attempt_at <= ?) OR (state = 'processing' AND lease_until <= ?)
        ORDER BY CASE state WHEN 'pending' THEN next_attempt_at ELSE lease_until END LIMIT 1`),
      due: db.prepare(`SELECT id, attempts FROM sharpapi_inbox
        WHERE (state = 'pending' AND next_attempt_at <= ?) OR (state = 'processing' AND lease_until <= ?)
        LIMIT ?`),
      claim: db.prepare(`UPDATE sharpapi_inbox
        SET state = 'processing', attempts = attempts + 1, token = ?, lease_until = ? WHERE id = ?`),
      done: db.prepare(`UPDATE sharpapi_inbox
        SET state = 'done', token = NULL, lease_until = NULL, done_at = ?
        WHERE id = ? AND state = 'processing' AND token = ?`),
      forget: db.prepare("DELETE FROM sharpapi_inbox WHERE state = 'done' AND done_at < ?"),
      retry: db.prepare(`UPDATE sharpapi_inbox
        SET state = 'pending', token = NULL, lease_until = NULL, last_error = ?, next_attempt_at = ?
        WHERE id = ?`),
      dead: db.prepare(`UPDATE sharpapi_inbox
        SET state = 'dead', token = NULL, lease_until = NULL, last_error = ? WHERE id = ?`),
      replay: db.prepare(`UPDATE sharpapi_inbox
        SET state = 'pending', attempts = 0, next_attempt_at = ?, token = NULL, lease_until = NULL
        WHERE id = ? AND state IN ('dead', 'done')`),
      dead_letters: db.prepare(
        "SELECT * FROM sharpapi_inbox WHERE state = 'dead' ORDER BY received_at LIMIT ?",
      ),
      counts: db.prepare('SELECT state, COUNT(*) AS count FROM sharpapi_inbox GROUP BY state'),
    };
    // Each step one write transaction taken at its start (IMMEDIATE): two processes sharing the
    // file cannot both read a record as claimable and both claim it.
    const step = (work) => db.transaction(work).immediate;
    this.#acceptStep = step((id, type, status, body, now) => {
      if (this.#statements.insert.run(id, type, status, body, now, now).changes === 1) {
        return 'accepted';
      }
      this.#statements.duplicate.run(id);
      return 'duplicate';
    });
    this.#claimStep = step((id, token, now, lease) => this.#claimRow(id, token, now, lease));
    this.#claimNextStep = step((token, now, lease) => {
      const next = this.#statements.next.get(now, now);
      return next === undefined ? null : this.#claimRow(next.id, token, now, lease);
    });
    this.#failStep = step((item, error, now) => {
      const row = this.#statements.row.get(item.id);
      if (row === undefined || row.state !== 'processing' || row.token !== item.token) {
        return { verdict: false };
      }
      if (row.attempts >= this.#maxAttempts) {
        this.#statements.dead.run(errorLine(error), item.id);
        return { verdict: 'dead', attempts: row.attempts, retryInMs: undefined };
      }
      const delayMs = Math.min(this.#backoffCapMs, this.#backoffBaseMs * 2 ** (row.attempts - 1));
      this.#statements.retry.run(errorLine(error), now + delayMs / 1000, item.id);
      return { verdict: 'retry', attempts: row.attempts, retryInMs: Math.floor(delayMs) };
    });
  }

  #acceptStep;
  #claimStep;
  #claimNextStep;
  #failStep;

  get maxAttempts() {
    return this.#maxAttempts;
  }

  #seconds() {
    return this.#now() / 1000;
  }

  #claimRow(id, token, now, leaseMs) {
    const row = this.#statements.row.get(id);
    if (row === undefined) {
      return null;
    }
    const claimable =
      (row.state === 'pending' && row.next_attempt_at <= now) ||
      (row.state === 'processing' && row.lease_until <= now);
    if (!claimable) {
      return null;
    }
    const leaseUntil = now + leaseMs / 1000;
    this.#statements.claim.run(token, leaseUntil, id);
    return {
      id,
      attempts: row.attempts + 1,
      type: row.type,
      status: row.status,
      body: Buffer.from(row.body),
      receivedAt: row.received_at,
      duplicates: row.duplicates,
      leaseUntil,
      token,
    };
  }

  #run(work) {
    try {
      return work();
    } catch (error) {
      throw new InboxStoreError(`SQLite failed: ${error.message}`, { cause: error });
    }
  }

  async accept(event, rawBody) {
    const id = idText(event.id);
    const body = Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
    return this.#run(() =>
      this.#acceptStep(id, String(event.type), String(event.status), body, this.#seconds()),
    );
  }

  async claim(leaseMs = this.#lease) {
    const token = globalThis.crypto.randomUUID();
    return this.#run(() => this.#claimNextStep(token, this.#seconds(), leaseMs));
  }

  async claimId(id, leaseMs = this.#lease) {
    const token = globalThis.crypto.randomUUID();
    const key = idText(id);
    return this.#run(() => this.#claimStep(key, token, this.#seconds(), leaseMs));
  }

  async complete(item) {
    return this.#run(() => {
      const now = this.#seconds();
      const done = this.#statements.done.run(now, item.id, item.token).changes === 1;
      this.#statements.forget.run(now - this.#doneTtlMs / 1000);
      return done;
    });
  }

  async fail(item, error) {
    return this.#run(() => this.#failStep(item, error, this.#seconds()));
  }

  async replay(id) {
    const key = idText(id);
    return this.#run(() => this.#statements.replay.run(this.#seconds(), key).changes === 1);
  }

  async get(id) {
    const key = idText(id);
    const row = this.#run(() => this.#statements.row.get(key));
    return row === undefined ? null : recordOf(row);
  }

  async deadLetters(limit = 100) {
    return this.#run(() => this.#statements.dead_letters.all(limit).map(recordOf));
  }

  async counts() {
    const counts = Object.fromEntries(STATES.map((state) => [state, 0]));
    for (const { state, count } of this.#run(() => this.#statements.counts.all())) {
      counts[state] = count;
    }
    return counts;
  }

  async due(limit = 1000) {
    const now = this.#seconds();
    return this.#run(() => this.#statements.due.all(now, now, limit)).map(({ id, attempts }) => ({
      id,
      attempts,
    }));
  }

  close() {
    this.#db.close();
  }
}

module.exports = { SqliteInbox };
