import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebhookEvent } from './index.js';
import type { IntegrationOptions } from './options.js';
import type { InboxModeOptions } from './options.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified delivery, set by the sharpapi-webhooks plugin before onEvent runs. */
    sharpapiEvent: WebhookEvent | null;
  }
}

type SharpapiWebhooksPlugin = FastifyPluginAsync<
  sharpapiWebhooks.SharpapiWebhooksOptions | sharpapiWebhooks.SharpapiWebhooksInboxOptions
>;

declare namespace sharpapiWebhooks {
  export interface SharpapiWebhooksOptions extends IntegrationOptions<[FastifyRequest]> {
    /** The route, "/webhooks/sharpapi" by default (under the registration's `prefix`). */
    path?: string;
    /**
     * Your work for a verified event: its value is the answer, as a Fastify handler's; nothing
     * answers `{"id", "outcome": "handled"}`. Throwing answers 500 HandlerFailed.
     */
    onEvent: (event: WebhookEvent, request: FastifyRequest, reply: FastifyReply) => unknown;
  }

  /**
   * Acknowledge-then-process: `inbox` instead of `onEvent`; 202 accepted, 200 duplicate, 503
   * StoreUnavailable; the handler runs in the worker (startInboxWorker).
   */
  export interface SharpapiWebhooksInboxOptions
    extends Omit<IntegrationOptions<[FastifyRequest]>, 'idempotency'>, InboxModeOptions {
    path?: string;
    onEvent?: never;
    idempotency?: never;
  }

  /** The plugin (also the module's default export). */
  export const sharpapiWebhooks: SharpapiWebhooksPlugin;
  export { sharpapiWebhooks as default };
}

/**
 * A Fastify plugin that serves the webhook route in a scope of its own: every body kept as its raw
 * bytes (up to `maxBodyBytes`, 16 MiB, as the route's bodyLimit), verified, set on
 * `request.sharpapiEvent`, handed to `onEvent`. Refusals are JSON: 405, 413, 401, 400, 409 in
 * progress, 200 duplicate, 500 HandlerFailed.
 */
declare function sharpapiWebhooks(
  ...args: Parameters<SharpapiWebhooksPlugin>
): ReturnType<SharpapiWebhooksPlugin>;
export = sharpapiWebhooks;
