// The ESM entry point of the Hono integration: the CommonJS module's exports.
import hono from './hono.js';

export const { EVENT_VARIABLE, webhookMiddleware } = hono;
