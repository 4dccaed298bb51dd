// The ESM entry point of the Express integration: the CommonJS module's exports.
import sharpapiExpress from './express.js';

export const { webhookHandler, webhookMiddleware } = sharpapiExpress;
