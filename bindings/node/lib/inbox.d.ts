/**
 * Acknowledge SharpAPI's delivery at once and process it from a durable inbox: the inbox in Redis
 * (`RedisInbox`), its BullMQ queue (`InboxQueue`, the integrations' `inbox` option), the worker
 * (`startInboxWorker`) and the Prometheus metrics (`inboxMetrics`).
 */
import type { Registry } from 'prom-client';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { Queue, Worker, ConnectionOptions } from 'bullmq';
import type { WebhookEvent } from './index.js';
import type {
  AcceptedEvent,
  Accepting,
  DeliveryLogger,
  DeliveryMetrics,
  DeliveryRecord,
  InboxModeOptions,
} from './options.js';

export type {
  AcceptedEvent,
  Accepting,
  DeliveryLogger,
  DeliveryMetrics,
  DeliveryRecord,
  InboxModeOptions,
} from './options.js';

/** 60 000: how long a claim lasts, in milliseconds. */
export declare const DEFAULT_INBOX_LEASE_MS: number;
/** 5: attempts before a record is dead. */
export declare const DEFAULT_MAX_ATTEMPTS: number;
/** 1 000: the first retry's delay, in ms, doubled per failure. */
export declare const DEFAULT_BACKOFF_BASE_MS: number;
/** 300 000: the longest delay between attempts, in ms. */
export declare const DEFAULT_BACKOFF_CAP_MS: number;
/** "sharpapi-webhooks": the BullMQ queue's name. */
export declare const DEFAULT_QUEUE_NAME: string;

/** The inbox's store failed (Redis unreachable): the integrations answer 503 StoreUnavailable. */
export declare class InboxStoreError extends Error {
  readonly name: 'InboxStoreError';
}

/** A record's state. */
export type InboxState = 'pending' | 'processing' | 'done' | 'dead';

/** A claimed record, for the handler and for complete/fail. */
export interface InboxItem {
  readonly id: string;
  /** This attempt's number, from 1 (a replay starts again at 1). */
  readonly attempts: number;
  readonly type: string;
  readonly status: string;
  /** The verified raw body, byte for byte as received. */
  readonly body: Buffer;
  /** When first accepted, in unix seconds. */
  readonly receivedAt: number;
  readonly duplicates: number;
  /** When this claim ends, in unix seconds. */
  readonly leaseUntil: number;
  readonly token: string;
}

/** A stored record, as `get` and `deadLetters` give it. */
export interface InboxRecord {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly body: Buffer;
  readonly state: InboxState;
  readonly attempts: number;
  readonly receivedAt: number | null;
  readonly nextAttemptAt: number | null;
  readonly leaseUntil: number | null;
  /** The last handler failure, one line: the error's type and message, at most 500 characters. */
  readonly lastError: string | null;
  readonly duplicates: number;
}

export type FailResult =
  | { readonly verdict: 'retry'; readonly attempts: number; readonly retryInMs: number }
  | { readonly verdict: 'dead'; readonly attempts: number; readonly retryInMs: undefined }
  | { readonly verdict: false };

/** The part of a node-redis client (`redis` 5 or later) that RedisInbox uses. */
export interface RedisCommander {
  sendCommand(args: string[]): Promise<unknown>;
}

export interface RedisInboxOptions {
  /** "sharpapi-webhooks:inbox:" */
  keyPrefix?: string;
  /** How long a claim lasts, in ms (60 s): longer than the handler takes. */
  leaseMs?: number;
  /** Attempts before dead (5). */
  maxAttempts?: number;
  /** The first retry's delay in ms (1 s), doubled per failure up to `backoffCapMs` (5 min). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How long a done record (its duplicates recognised) is kept, in ms (7 days). */
  doneTtlMs?: number;
}

/**
 * The inbox in Redis, shared by every instance: one hash per record, one sorted set per state,
 * each step one Lua script on the server's clock. Durability is Redis's persistence: AOF with
 * `appendfsync always` for no loss when the machine fails.
 */
export declare class RedisInbox implements WorkerInbox {
  /** `client`: connected, `await createClient({ url }).connect()` of the `redis` package. */
  constructor(client: RedisCommander, options?: RedisInboxOptions);
  readonly maxAttempts: number;
  /** Stores the delivery unless its id is there: "accepted", or "duplicate" (counted). */
  accept(event: AcceptedEvent, rawBody: Uint8Array): Promise<'accepted' | 'duplicate'>;
  /** The oldest due pending record, or an expired lease, now claimed; null when none. */
  claim(leaseMs?: number): Promise<InboxItem | null>;
  /** The record of `id`, claimed when due or its lease expired; else null. */
  claimId(id: string, leaseMs?: number): Promise<InboxItem | null>;
  /** Done, if the item's claim still holds the record. */
  complete(item: InboxItem): Promise<boolean>;
  /** A handler failure: pending again after the backoff, or dead after maxAttempts. */
  fail(item: InboxItem, error: unknown): Promise<FailResult>;
  /** A dead or done record back to pending, attempts 0: whether it was. */
  replay(id: string): Promise<boolean>;
  get(id: string): Promise<InboxRecord | null>;
  /** The dead records, oldest first. */
  deadLetters(limit?: number): Promise<InboxRecord[]>;
  /** Records per state: the queue depth. */
  counts(): Promise<Record<InboxState, number>>;
  /** What a sweeper re-enqueues: due pending records and expired leases. */
  due(limit?: number): Promise<Array<{ id: string; attempts: number }>>;
}

/** What a worker needs of an inbox: RedisInbox and SqliteInbox both have it. */
export interface WorkerInbox extends Accepting {
  claim(leaseMs?: number): Promise<InboxItem | null>;
  claimId(id: string, leaseMs?: number): Promise<InboxItem | null>;
  complete(item: InboxItem): Promise<boolean>;
  fail(item: InboxItem, error: unknown): Promise<FailResult>;
  counts(): Promise<Record<InboxState, number>>;
  due(limit?: number): Promise<Array<{ id: string; attempts: number }>>;
}

/**
 * The inbox in an SQLite file (better-sqlite3, an optional peer dependency): one machine, one or
 * several processes sharing the file. WAL with synchronous=FULL: `accept` returns once the record
 * is on disk. Each step one IMMEDIATE transaction. Its worker is startPollingWorker.
 */
export declare class SqliteInbox implements WorkerInbox {
  /** `filename`: the file (made when missing), or a better-sqlite3 Database. */
  constructor(
    filename: string | object,
    options?: Omit<RedisInboxOptions, 'keyPrefix'> & { now?: () => number },
  );
  readonly maxAttempts: number;
  accept(event: AcceptedEvent, rawBody: Uint8Array): Promise<'accepted' | 'duplicate'>;
  claim(leaseMs?: number): Promise<InboxItem | null>;
  claimId(id: string, leaseMs?: number): Promise<InboxItem | null>;
  complete(item: InboxItem): Promise<boolean>;
  fail(item: InboxItem, error: unknown): Promise<FailResult>;
  replay(id: string): Promise<boolean>;
  get(id: string): Promise<InboxRecord | null>;
  deadLetters(limit?: number): Promise<InboxRecord[]>;
  counts(): Promise<Record<InboxState, number>>;
  due(limit?: number): Promise<Array<{ id: string; attempts: number }>>;
  close(): void;
}

/** 250: how long a polling worker's loop waits when nothing is due, in ms. */
export declare const DEFAULT_POLL_EVERY_MS: number;

export interface PollingWorkerOptions {
  inbox: WorkerInbox;
  handler: (event: WebhookEvent, item: InboxItem) => unknown;
  /** Loops claiming at once in this process (4). */
  concurrency?: number;
  /** How long a loop waits when nothing is due, in ms (250). */
  pollEveryMs?: number;
  logger?: DeliveryLogger;
  logBodies?: boolean;
  metrics?: InboxMetrics;
  log?: (message: string, error?: unknown) => void;
}

/**
 * The worker of an inbox without a queue server (SqliteInbox): loops that claim the next due
 * record (or an expired lease), run `handler`, and wait `pollEveryMs` when none is due.
 */
export declare function startPollingWorker(
  options: PollingWorkerOptions,
): Promise<{ close(): Promise<void> }>;

export interface QueueOptions {
  /** BullMQ's connection: `{ host, port, db }` or an ioredis instance. */
  connection: ConnectionOptions;
  /** "sharpapi-webhooks" */
  queueName?: string;
  /** Where a failed enqueue is logged (the record is stored; the sweeper enqueues it). */
  log?: (message: string, error?: unknown) => void;
}

/** The inbox with its BullMQ queue: what the integrations' `inbox` option takes. */
export declare class InboxQueue implements Accepting {
  constructor(inbox: RedisInbox, options: QueueOptions);
  readonly inbox: RedisInbox;
  readonly queue: Queue;
  /** inbox.accept, then the job `process` {id} for an accepted delivery. */
  accept(event: AcceptedEvent, rawBody: Uint8Array): Promise<'accepted' | 'duplicate'>;
  enqueue(id: string, attempts: number, delayMs?: number): Promise<unknown>;
  /** Re-enqueues every due pending record and expired lease: how many. */
  sweep(): Promise<number>;
  counts(): Promise<Record<InboxState, number>>;
  close(): Promise<void>;
}

export interface InboxMetrics extends DeliveryMetrics {
  deliveries: Counter<'outcome'>;
  refusals: Counter<'error'>;
  handled: Counter;
  handlerFailures: Counter;
  deadLetters: Counter;
  queueDepth: Gauge<'state'>;
  handlerSeconds: Histogram;
  acknowledgeSeconds: Histogram;
}

/**
 * The metrics (sharpapi_webhook_*) in `registry` (prom-client's default registry), made once per
 * registry; with `inbox`, sharpapi_webhook_queue_depth{state} is read at each scrape.
 */
export declare function inboxMetrics(options?: {
  registry?: Registry;
  inbox?: { counts(): Promise<Record<string, number>> };
}): InboxMetrics;

export interface InboxWorkerOptions extends QueueOptions {
  inbox: RedisInbox;
  /** Your work: the event parsed from the stored (verified) body; throwing retries it. */
  handler: (event: WebhookEvent, item: InboxItem) => unknown;
  /** Jobs run at once by this process (4). */
  concurrency?: number;
  /** How often BullMQ's job scheduler runs the sweep, in ms (5 s). */
  sweepEveryMs?: number;
  logger?: DeliveryLogger;
  logBodies?: boolean;
  metrics?: InboxMetrics;
}

/** A BullMQ worker running `handler` for the inbox's records, with the sweep scheduled. */
export declare function startInboxWorker(options: InboxWorkerOptions): Promise<{
  worker: Worker;
  queue: InboxQueue;
  sweep(): Promise<number>;
  close(): Promise<void>;
}>;
