// A Cloudflare Worker for workerd.test.mjs: webhookHandler of sharpapi-webhooks/web as the fetch
// handler, behaving as test/integrations.js's cases expect (the limit, the secrets, onEvent's
// sleep_ms, fail_times and answer). Bundled with esbuild under the `workerd` condition, so the
// package's WebAssembly engine runs, as in a Worker deployed with wrangler.
import { engine } from 'sharpapi-webhooks';
import { MemoryStore } from 'sharpapi-webhooks/idempotency';
import { webhookHandler } from 'sharpapi-webhooks/web';

const failuresLeft = new Map(); // event id -> failures still to come

export default {
  fetch: webhookHandler({
    // A Worker's secrets come with each request, in env: read on the first delivery.
    secrets: (request, env) => [env.CURRENT_SECRET, env.PREVIOUS_SECRET],
    maxBodyBytes: 64 * 1024,
    idempotency: new MemoryStore(), // this isolate's memory
    onEvent: async (event) => {
      const result = event.result ?? {};
      if (result.sleep_ms !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, result.sleep_ms));
      }
      const left = failuresLeft.get(event.id) ?? result.fail_times ?? 0;
      if (left > 0) {
        failuresLeft.set(event.id, left - 1);
        throw new Error(`secret failure of ${event.id}`);
      }
      failuresLeft.set(event.id, 0);
      // "engine": which engine verified it, for the test that workerd ran the WebAssembly one.
      return result.answer === 'engine' ? { engine } : result.answer;
    },
  }),
};
