import type { Context, MiddlewareHandler } from 'hono';
import type { WebhookEvent } from './index.js';
import type { IntegrationOptions } from './options.js';

export type { IntegrationOptions } from './options.js';

/** "sharpapiEvent": the context variable that holds the verified event. */
export declare const EVENT_VARIABLE: 'sharpapiEvent';

/** The Hono environment the middleware provides: `c.get('sharpapiEvent')`. */
export interface SharpapiWebhookEnv {
  Variables: {
    sharpapiEvent: WebhookEvent;
  };
}

/**
 * A Hono middleware for the webhook route: reads the raw body from `c.req.raw`, verifies it, sets
 * `c.get('sharpapiEvent')` and runs the route's handler (once per event id with `idempotency`:
 * done when it answers 2xx, released when it throws or answers otherwise). Refusals are JSON:
 * 405, 413, 401, 400, 409 in progress, 200 duplicate, 500 HandlerFailed for a handler that threw.
 * @throws {InvalidSecret} at once, for a missing or bad secret.
 */
export declare function webhookMiddleware(
  options: IntegrationOptions<[Context]>,
): MiddlewareHandler<SharpapiWebhookEnv>;
