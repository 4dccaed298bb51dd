// A Next.js App Router route for SharpAPI webhooks: app/webhooks/sharpapi/route.js of a Next app
// (the README shows it; scripts/test_node.sh builds it with `next build` and serves it with
// `next start`; test/web.test.js calls its POST as Next.js does, with a Request).
import { webhookHandler } from 'sharpapi-webhooks/web';
import { MemoryStore } from 'sharpapi-webhooks/idempotency';

export const POST = webhookHandler({
  secrets: [
    process.env.SHARPAPI_WEBHOOK_SECRET,
    process.env.SHARPAPI_WEBHOOK_PREVIOUS_SECRET,
  ].filter(Boolean),
  idempotency: new MemoryStore(), // one process; RedisStore for several
  onEvent: async (event) => {
    console.log(`job ${event.id} (${event.type}) ${event.status}`);
  },
});
