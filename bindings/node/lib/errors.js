'use strict';
// One error class per code of the project, the same codes and names in every language.

const { native } = require('./native');

/** A delivery was refused; `code` is the project's permanent number for the reason. */
class WebhookError extends Error {
  constructor(message, code = new.target.code) {
    super(message);
    this.code = code;
  }
}

/** A secret is empty, or no secret was given (code 1): a configuration error. */
class InvalidSecret extends WebhookError {}
/** The request has no X-Signature header, or it is empty (code 2): answer 401. */
class MissingSignature extends WebhookError {}
/** X-Signature is not 64 hex digits (code 3): answer 401. */
class MalformedSignature extends WebhookError {}
/** No secret signed this body (code 4): pass the raw body bytes, check the secret. Answer 401. */
class InvalidSignature extends WebhookError {}
/** The verified body is not a SharpAPI event (code 5): answer 400. */
class InvalidPayload extends WebhookError {}

const ERRORS_BY_CODE = new Map([
  [1, InvalidSecret],
  [2, MissingSignature],
  [3, MalformedSignature],
  [4, InvalidSignature],
  [5, InvalidPayload],
]);
WebhookError.prototype.name = 'WebhookError';
const MESSAGES = new Map();
for (const [code, ErrorClass] of ERRORS_BY_CODE) {
  ErrorClass.code = code;
  // The name that the vectors, the JSON error bodies and every other binding use.
  ErrorClass.prototype.name = ErrorClass.name;
  MESSAGES.set(code, native.sharpapi_error_message(code));
}

/** The error of a C status, with the library's message for it. */
function errorFor(status) {
  const ErrorClass = ERRORS_BY_CODE.get(status);
  if (ErrorClass === undefined) {
    const message = native.sharpapi_error_message(status);
    // 100 and up: an argument this package passed wrongly, a bug of ours rather than the caller's.
    return new WebhookError(`sharpapi-webhooks: unexpected status ${status}: ${message}`, status);
  }
  return new ErrorClass(MESSAGES.get(status), status);
}

function throwIfError(status) {
  if (status !== 0) {
    throw errorFor(status);
  }
}

module.exports = {
  WebhookError,
  InvalidSecret,
  MissingSignature,
  MalformedSignature,
  InvalidSignature,
  InvalidPayload,
  errorFor,
  throwIfError,
};
