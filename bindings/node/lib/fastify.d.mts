import sharpapiWebhooks from './fastify.js';

export type SharpapiWebhooksOptions = sharpapiWebhooks.SharpapiWebhooksOptions;
export { sharpapiWebhooks };
export default sharpapiWebhooks;
