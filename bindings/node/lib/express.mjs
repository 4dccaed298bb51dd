// The ESM entry point of the Express integration: the CommonJS module's export.
import sharpapiExpress from './express.js';

export const { webhookMiddleware } = sharpapiExpress;
