// sharpapi-webhooks/wasm as ESM in Node.js: the CommonJS module's exports.
import sharpapiWebhooks from './index.wasm.js';

export const {
  Verifier,
  WebhookEvent,
  JobStatus,
  JobType,
  WebhookError,
  InvalidSecret,
  MissingSignature,
  MalformedSignature,
  InvalidSignature,
  InvalidPayload,
  sign,
  verify,
  constructEvent,
  constructEventFromHeaders,
  parseEventUnverified,
  testDelivery,
  explain,
  Cause,
  engine,
  nativeVersion,
} = sharpapiWebhooks;
