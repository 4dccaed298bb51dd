// The ESM entry point in Node.js: the CommonJS module's exports, so that both share one engine and
// one set of classes (an error thrown through one passes `instanceof` checks of the other).
import sharpapiWebhooks from './index.js';

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
