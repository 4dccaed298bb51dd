// The framework integrations as a TypeScript user writes them (ESM): each one's options, the
// event it hands over, and the idempotency helper's store interface.
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { Verifier, type WebhookEvent } from 'sharpapi-webhooks';
import { webhookHandler as expressHandler } from 'sharpapi-webhooks/express';
import sharpapiWebhooks from 'sharpapi-webhooks/fastify';
import { webhookMiddleware, type SharpapiWebhookEnv } from 'sharpapi-webhooks/hono';
import {
  ClaimState,
  MemoryStore,
  RedisStore,
  handleOnce,
  type Claim,
  type IdempotencyStore,
} from 'sharpapi-webhooks/idempotency';
import {
  DEFAULT_MAX_BODY_BYTES,
  PayloadTooLarge,
  constructEventFromRequest,
  webhookHandler,
} from 'sharpapi-webhooks/web';

const store: IdempotencyStore = new MemoryStore({ leaseMs: 30_000 });

// Next.js: export const POST = webhookHandler(...), called with the request and the route context.
export const POST = webhookHandler({
  secret: () => process.env.SHARPAPI_WEBHOOK_SECRET,
  idempotency: store,
  onEvent: async (event: WebhookEvent) => ({ id: event.id }),
});
const answer: Promise<Response> = POST(new Request('https://example.com', { method: 'POST' }));

// A Worker: the handler's rest arguments are the Worker's env and ctx.
interface Env {
  SHARPAPI_WEBHOOK_SECRET: string;
}
export const worker = {
  fetch: webhookHandler<[Env, unknown]>({
    secrets: (request: Request, env: Env) => [env.SHARPAPI_WEBHOOK_SECRET],
    onEvent: (event, request, env) =>
      new Response(`${event.id} ${env.SHARPAPI_WEBHOOK_SECRET.length}`),
  }),
};

export async function fromRequest(request: Request): Promise<string> {
  try {
    return (await constructEventFromRequest(request, new Verifier('whsec'), { maxBodyBytes: 1024 }))
      .id;
  } catch (error) {
    if (error instanceof PayloadTooLarge) {
      return `over ${error.limit} of ${DEFAULT_MAX_BODY_BYTES}`;
    }
    throw error;
  }
}

// Hono: the event on the context, typed through the middleware's environment.
const hono = new Hono<SharpapiWebhookEnv>();
hono.post(
  '/webhooks/sharpapi',
  webhookMiddleware({ secrets: ['a', 'b'], idempotency: store, explainFailures: true }),
  (c) => c.json({ id: c.get('sharpapiEvent').id }),
);

// Fastify: a plugin with its options, the event decorated on the request.
const fastify = Fastify();
fastify.register(sharpapiWebhooks, {
  secret: 'whsec',
  maxBodyBytes: 1024 * 1024,
  explainFailures: (message, explanation) => {
    fastify.log.warn({ causes: explanation.causes.map(({ name }) => name) }, message);
  },
  onEvent: async (event, request, reply) => {
    reply.code(202);
    return { id: event.id, same: request.sharpapiEvent?.id === event.id };
  },
});

// Express: the handler with a Redis store over node-redis's sendCommand.
const app = express();
const redisLike = { sendCommand: async (args: string[]) => args.length };
app.post(
  '/webhooks/sharpapi',
  expressHandler({
    secret: 'whsec',
    idempotency: new RedisStore(redisLike, { keyPrefix: 'app:' }),
    onEvent: (event, req, res) => {
      res.status(204).end();
    },
  }),
);

export async function once(eventId: string): Promise<number> {
  const claim: Claim = await store.claim(eventId);
  if (claim.state === ClaimState.CLAIMED) {
    await store.complete(eventId, claim.token);
  }
  const result = await handleOnce(store, eventId, () => 42);
  return result.outcome === 'handled' ? result.value : 0;
}

export { answer, hono };

// @ts-expect-error onEvent is required
webhookHandler({ secret: 'whsec' });
// @ts-expect-error the limit is a number of bytes
expressHandler({ secret: 'whsec', maxBodyBytes: '5mb', onEvent: () => {} });
// @ts-expect-error explainFailures is true or a function
expressHandler({ secret: 'whsec', explainFailures: 'yes', onEvent: () => {} });
