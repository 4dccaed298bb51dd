'use strict';
// sharpapi-webhooks: verify and parse the webhooks SharpAPI sends, in the project's Rust core.

const { inspect } = require('node:util');
const { isArrayBuffer, isUint8Array } = require('node:util/types');
const {
  SHARPAPI_SIGNATURE_BUFFER_LEN,
  libraryVersion,
  native,
  pointerSlot,
  takePointer,
} = require('./native');
const errors = require('./errors');
const { JobStatus, JobType, WebhookEvent, takeWebhookEvent } = require('./event');

const { throwIfError } = errors;
const MALFORMED_SIGNATURE = 3;

const STRING_BODY =
  'sharpapi-webhooks takes the raw request body as a Buffer, not a string: use ' +
  "express.raw({ type: 'application/json' }) (or sharpapi-webhooks/express) on the webhook route " +
  'and pass req.body. A decoded or re-serialized body is not what SharpAPI signed.';

function kindOf(value) {
  if (value === null || value === undefined) {
    return String(value);
  }
  const kind = Array.isArray(value) ? 'array' : typeof value;
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/** The body as bytes, untouched; a string or a parsed body is refused, never re-encoded. */
function rawBytes(rawBody) {
  if (isUint8Array(rawBody)) {
    return rawBody;
  }
  if (isArrayBuffer(rawBody)) {
    return new Uint8Array(rawBody);
  }
  if (typeof rawBody === 'string') {
    throw new TypeError(STRING_BODY);
  }
  const parsed =
    typeof rawBody === 'object' && rawBody !== null
      ? ': it looks parsed already (express.json()?), and parsed JSON is not what SharpAPI signed'
      : '';
  throw new TypeError(
    `sharpapi-webhooks takes the raw request body as a Buffer, not ${kindOf(rawBody)}${parsed}`,
  );
}

/** The X-Signature value for C (null when absent), or false when C could not be given it. */
function signatureArgument(signature) {
  if (signature === undefined || signature === null) {
    return null;
  }
  if (typeof signature !== 'string') {
    throw new TypeError(
      `the X-Signature value must be a string, or null or undefined when the header is absent, not ${kindOf(signature)}: pass req.get('x-signature')`,
    );
  }
  // C reads only up to a NUL, and so would accept a valid signature followed by anything.
  return signature.includes('\0') ? false : signature;
}

/** A secret as C takes it: UTF-8 up to a NUL, so one that would change on the way is refused. */
function secretArgument(secret) {
  if (typeof secret !== 'string') {
    throw new TypeError(`a webhook secret must be a string, not ${kindOf(secret)}`);
  }
  if (secret.includes('\0')) {
    throw new TypeError('a webhook secret cannot contain U+0000');
  }
  // A lone surrogate would become U+FFFD in UTF-8: a different secret, silently.
  if (!secret.isWellFormed()) {
    throw new TypeError('a webhook secret is not valid Unicode: it holds a lone surrogate');
  }
  return secret;
}

function secretList(secrets) {
  if (typeof secrets === 'string') {
    return [secretArgument(secrets)];
  }
  if (!Array.isArray(secrets)) {
    throw new TypeError(
      `secrets must be a string, or an array of strings while rotating, not ${kindOf(secrets)}`,
    );
  }
  return secrets.map(secretArgument);
}

// A native verifier lives as long as its Verifier. The callback runs as a task of its own, never
// during a call into the library, so no call can be using a verifier that it frees.
const verifiers = new FinalizationRegistry(native.sharpapi_verifier_free);

/**
 * Checks deliveries against one or more webhook secrets. Make one at start-up and share it: it
 * never changes once made. It holds only the keyed HMAC state, in native memory, not the secrets.
 */
class Verifier {
  #handle;
  #secretCount;

  /** Accepts signatures made with `secrets`: one secret, or an array while rotating. */
  constructor(secrets) {
    const list = secretList(secrets);
    throwIfError(native.sharpapi_verifier_new(list, list.length, pointerSlot));
    this.#handle = takePointer();
    this.#secretCount = list.length;
    verifiers.register(this, this.#handle);
  }

  /**
   * Checks that `signature` (the X-Signature header; null or undefined when absent) signs
   * `rawBody`, the body exactly as received. Returns true, or throws MissingSignature,
   * MalformedSignature or InvalidSignature.
   */
  verify(rawBody, signature) {
    throwIfError(this.#verifyStatus(rawBody, signature));
    return true;
  }

  /** Whether verify would succeed; never throws for a missing, malformed or wrong signature. */
  isValid(rawBody, signature) {
    const status = this.#verifyStatus(rawBody, signature);
    if (status >= 2 && status <= 4) {
      return false;
    }
    throwIfError(status);
    return true;
  }

  /**
   * Verifies the delivery as verify does, then parses it; a body whose signature does not match
   * is never parsed. Throws the errors of verify, then InvalidPayload.
   */
  constructEvent(rawBody, signature) {
    const body = rawBytes(rawBody);
    const nativeSignature = signatureArgument(signature);
    if (nativeSignature === false) {
      throwIfError(MALFORMED_SIGNATURE);
    }
    throwIfError(
      native.sharpapi_verifier_construct_event(
        this.#handle,
        body,
        body.length,
        nativeSignature,
        pointerSlot,
      ),
    );
    return takeWebhookEvent();
  }

  [inspect.custom]() {
    return `Verifier { secrets: [REDACTED; ${this.#secretCount}] }`;
  }

  #verifyStatus(rawBody, signature) {
    const body = rawBytes(rawBody);
    const nativeSignature = signatureArgument(signature);
    if (nativeSignature === false) {
      return MALFORMED_SIGNATURE;
    }
    return native.sharpapi_verifier_verify(this.#handle, body, body.length, nativeSignature);
  }
}

/**
 * The X-Signature value SharpAPI would send for `payload` under `secret`: 64 lowercase hex digits.
 * For tests and for simulating deliveries.
 */
function sign(payload, secret) {
  const body = rawBytes(payload);
  const out = Buffer.alloc(SHARPAPI_SIGNATURE_BUFFER_LEN);
  throwIfError(native.sharpapi_sign(body, body.length, secretArgument(secret), out, out.length));
  return out.toString('latin1', 0, SHARPAPI_SIGNATURE_BUFFER_LEN - 1);
}

/** Checks a delivery with `secrets` (one, or several); see Verifier#verify. */
function verify(rawBody, signature, secrets) {
  return new Verifier(secrets).verify(rawBody, signature);
}

/**
 * Verifies a delivery with `secrets` and parses it; see Verifier#constructEvent. To check many
 * deliveries, make one Verifier.
 */
function constructEvent(rawBody, signature, secrets) {
  return new Verifier(secrets).constructEvent(rawBody, signature);
}

/**
 * Parses a body WITHOUT verifying it: for tests, and for replaying deliveries that were verified
 * when they arrived. Throws InvalidPayload.
 */
function parseEventUnverified(rawBody) {
  const body = rawBytes(rawBody);
  throwIfError(native.sharpapi_parse_event_unverified(body, body.length, pointerSlot));
  return takeWebhookEvent();
}

module.exports = {
  Verifier,
  WebhookEvent,
  JobStatus,
  JobType,
  WebhookError: errors.WebhookError,
  InvalidSecret: errors.InvalidSecret,
  MissingSignature: errors.MissingSignature,
  MalformedSignature: errors.MalformedSignature,
  InvalidSignature: errors.InvalidSignature,
  InvalidPayload: errors.InvalidPayload,
  sign,
  verify,
  constructEvent,
  parseEventUnverified,
  /** The version of the loaded native library, the same as the package's. */
  nativeVersion: libraryVersion,
};
