'use strict';
// One error class per code of the project, the same codes and names in every language, whichever
// engine gave them: both share these classes, so `instanceof` holds across them.

const { ABI_ERRORS, ERRORS } = require('./vocabulary');

/** A delivery was refused; `code` is the project's permanent number for the reason. */
class WebhookError extends Error {
  constructor(message, code = new.target.code) {
    super(message);
    this.code = code;
  }
}

/** A secret is empty, not valid Unicode, or missing, or no secret was given: a configuration error. */
class InvalidSecret extends WebhookError {}
/** The request has no X-Signature header, or it is empty: answer 401. */
class MissingSignature extends WebhookError {}
/** X-Signature is not 64 hex digits, or repeated with different values: answer 401. */
class MalformedSignature extends WebhookError {}
/** No secret signed this body: pass the raw body bytes, check the secret. Answer 401. */
class InvalidSignature extends WebhookError {}
/** The verified body is not a SharpAPI event: answer 400. */
class InvalidPayload extends WebhookError {}

// Each class by the core's name for its error, written out as text: a bundler that renames classes
// (esbuild's or terser's minification without keepNames) changes Function.name, never a string.
const CLASSES = {
  InvalidSecret,
  MissingSignature,
  MalformedSignature,
  InvalidSignature,
  InvalidPayload,
};
/** Gives `ErrorClass` the name `name`, as its own (Function.name) and as its errors' `name`. */
function nameClass(ErrorClass, name) {
  Object.defineProperty(ErrorClass, 'name', { value: name, configurable: true });
  // The name that the vectors, the JSON error bodies and every other binding use.
  ErrorClass.prototype.name = name;
}
// Each class takes its code from the generated table, by name: no number is written here.
const ERRORS_BY_CODE = new Map();
for (const { code, name } of ERRORS) {
  const ErrorClass = Object.hasOwn(CLASSES, name) ? CLASSES[name] : undefined;
  if (ErrorClass === undefined) {
    throw new Error(`sharpapi-webhooks: no error class for the core's error ${name} (${code})`);
  }
  ErrorClass.code = code;
  nameClass(ErrorClass, name);
  ERRORS_BY_CODE.set(code, ErrorClass);
}
for (const [name, ErrorClass] of Object.entries(CLASSES)) {
  if (!ERRORS_BY_CODE.has(ErrorClass.code)) {
    throw new Error(`sharpapi-webhooks: ${name} is not an error of the core`);
  }
}
nameClass(WebhookError, 'WebhookError');

/**
 * The error of a status that an engine's call returned (not 0), with the core's full message for
 * it (InvalidPayload's says at which line and column).
 */
function errorFor(status, message) {
  const ErrorClass = ERRORS_BY_CODE.get(status);
  if (ErrorClass === undefined) {
    // 100 and up: an argument this package passed wrongly, a bug of ours rather than the caller's.
    const abi = ABI_ERRORS.find(({ code }) => code === status);
    const name = abi === undefined ? status : `${status} (${abi.name})`;
    return new WebhookError(`sharpapi-webhooks: unexpected status ${name}: ${message}`, status);
  }
  return new ErrorClass(message, status);
}

module.exports = { WebhookError, ...CLASSES, errorFor };
