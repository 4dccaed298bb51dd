// The ESM entry point of the Fastify plugin: the CommonJS module's export, as default and named.
import sharpapiWebhooks from './fastify.js';

export { sharpapiWebhooks };
export default sharpapiWebhooks;
