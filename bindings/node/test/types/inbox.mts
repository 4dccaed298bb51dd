// The inbox (acknowledge-then-process) as a TypeScript user writes it (ESM): the Redis inbox, its
// BullMQ queue as Express's and Fastify's `inbox` option, the worker, the metrics.
import express from 'express';
import Fastify from 'fastify';
import { createClient } from 'redis';
import { register } from 'prom-client';
import type { WebhookEvent } from 'sharpapi-webhooks';
import { webhookHandler } from 'sharpapi-webhooks/express';
import sharpapiWebhooks from 'sharpapi-webhooks/fastify';
import {
  InboxQueue,
  RedisInbox,
  SqliteInbox,
  inboxMetrics,
  startInboxWorker,
  startPollingWorker,
  type DeliveryRecord,
  type InboxItem,
  type InboxRecord,
} from 'sharpapi-webhooks/inbox';

const client = await createClient({ url: 'redis://127.0.0.1:6379/0' }).connect();
const inbox = new RedisInbox(client, { leaseMs: 30_000, maxAttempts: 5 });
const queue = new InboxQueue(inbox, { connection: { host: '127.0.0.1', port: 6379 } });
const metrics = inboxMetrics({ inbox });

const app = express();
app.post(
  '/webhooks/sharpapi',
  webhookHandler({
    secret: process.env.SHARPAPI_WEBHOOK_SECRET,
    inbox: queue,
    metrics,
    logger: (record: DeliveryRecord) => console.log(record.outcome, record.job_id),
  }),
);
app.get('/metrics', async (_req, res) => {
  res.type(register.contentType).send(await register.metrics());
});

const fastify = Fastify();
await fastify.register(sharpapiWebhooks, {
  secret: 'whsec',
  inbox: queue,
  logger: { info: (record: DeliveryRecord, message: string) => console.log(message, record) },
});

const worker = await startInboxWorker({
  inbox,
  connection: { host: '127.0.0.1', port: 6379 },
  handler: async (event: WebhookEvent, item: InboxItem) => {
    console.log(event.id, item.attempts, item.body.byteLength);
  },
  metrics,
});
const dead: InboxRecord[] = await inbox.deadLetters(10);
const replayed: boolean = await inbox.replay(dead[0]?.id ?? 'none');
const depth: number = (await inbox.counts()).pending;
console.log(replayed, depth);
await worker.close();

// One machine: SQLite, its worker polling the file.
const sqlite = new SqliteInbox('/var/lib/app/inbox.db', { maxAttempts: 3 });
const poller = await startPollingWorker({
  inbox: sqlite,
  handler: (event: WebhookEvent) => console.log(event.id),
});
app.post('/webhooks/sqlite', webhookHandler({ secret: 'whsec', inbox: sqlite }));
await poller.close();
sqlite.close();
