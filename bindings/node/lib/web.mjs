// The ESM entry point of the Web-standard integration: the CommonJS module's exports.
import web from './web.js';

export const {
  BodyAlreadyRead,
  DEFAULT_MAX_BODY_BYTES,
  PayloadTooLarge,
  constructEventFromRequest,
  webhookHandler,
} = web;
