'use strict';
// sharpapi-webhooks: verify and parse the webhooks SharpAPI sends, in the project's Rust core.

const { inspect } = require('node:util');
const { isArrayBuffer, isUint8Array } = require('node:util/types');
const {
  SHARPAPI_SIGNATURE_BUFFER_LEN,
  arena,
  libraryVersion,
  native,
  pointerSlot,
  putHeaders,
  putText,
  putTexts,
  takePointer,
  wipe,
} = require('./native');
const errors = require('./errors');
const { JobStatus, JobType, WebhookEvent, takeWebhookEvent } = require('./event');

const { throwIfError } = errors;
/** The statuses for which isValid answers false rather than throwing. */
const SIGNATURE_REFUSALS = new Set([
  errors.MissingSignature.code,
  errors.MalformedSignature.code,
  errors.InvalidSignature.code,
]);

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

/**
 * Writes the X-Signature value into the arena for C; gives its length in bytes, or -1 when the
 * header is absent (C then takes NULL). Its bytes are the core's to judge: a NUL, a lone surrogate
 * (as a byte that is not UTF-8) or any other character outside the hex digits makes it malformed.
 */
function putSignature(signature) {
  if (typeof signature === 'string') {
    return putText(signature);
  }
  if (signature === undefined || signature === null) {
    return -1;
  }
  throw new TypeError(
    `the X-Signature value must be a string, or null or undefined when the header is absent, not ${kindOf(signature)}: pass req.get('x-signature'), or the headers to constructEventFromHeaders`,
  );
}

/**
 * A secret as text for C. null or undefined (an unset environment variable) is passed as the empty
 * secret, which the core refuses with InvalidSecret, as it refuses every secret it cannot use.
 */
function secretText(secret) {
  if (typeof secret === 'string') {
    return secret;
  }
  if (secret === undefined || secret === null) {
    return '';
  }
  throw new TypeError(`a webhook secret must be a string, not ${kindOf(secret)}`);
}

/** The secrets as a list of texts; null or undefined is no secret (InvalidSecret from the core). */
function secretList(secrets) {
  if (secrets === undefined || secrets === null) {
    return [];
  }
  if (Array.isArray(secrets)) {
    return secrets.map(secretText);
  }
  if (typeof secrets === 'string') {
    return [secrets];
  }
  throw new TypeError(
    `secrets must be a string, or an array of strings while rotating, not ${kindOf(secrets)}`,
  );
}

function headerText(text, what) {
  if (typeof text !== 'string') {
    throw new TypeError(`a header's ${what} must be a string, not ${kindOf(text)}`);
  }
  return text;
}

/** Appends a header to `flat`: a value of a plain object or a Map may be a string or an array. */
function pushHeader(flat, name, value) {
  if (value === undefined || value === null) {
    return; // IncomingHttpHeaders: a header that did not come
  }
  if (Array.isArray(value)) {
    for (const each of value) {
      flat.push(headerText(name, 'name'), headerText(each, 'value'));
    }
  } else {
    flat.push(headerText(name, 'name'), headerText(value, 'value'));
  }
}

/**
 * The request's headers as [name, value, name, value, ...], one pair per header line: Node's
 * `req.rawHeaders` as it is, an array of [name, value] pairs, a Headers-like object or a Map
 * (whatever iterates [name, value]), or a plain object whose values are strings or arrays of them.
 * Nothing is looked up, merged or split here: the core finds X-Signature among them.
 */
function headerList(headers) {
  if (Array.isArray(headers)) {
    if (headers.length === 0 || typeof headers[0] === 'string') {
      if (headers.length % 2 !== 0) {
        throw new TypeError(
          `headers given flat, as req.rawHeaders, must be name and value pairs, but there are ${headers.length} strings`,
        );
      }
      for (let index = 0; index < headers.length; index += 1) {
        headerText(headers[index], index % 2 === 0 ? 'name' : 'value');
      }
      return headers;
    }
    const flat = [];
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(
          'headers given as an array must be req.rawHeaders (name, value, name, value, ...) or [name, value] pairs',
        );
      }
      flat.push(headerText(pair[0], 'name'), headerText(pair[1], 'value'));
    }
    return flat;
  }
  if (typeof headers !== 'object' || headers === null) {
    throw new TypeError(
      `headers must be req.rawHeaders, [name, value] pairs, a Headers object or a plain object, not ${kindOf(headers)}`,
    );
  }
  const flat = [];
  if (typeof headers[Symbol.iterator] === 'function') {
    for (const entry of headers) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new TypeError(
          'an iterable of headers must give [name, value] pairs, as Headers does',
        );
      }
      pushHeader(flat, entry[0], entry[1]);
    }
  } else {
    for (const name of Object.keys(headers)) {
      pushHeader(flat, name, headers[name]);
    }
  }
  return flat;
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

  /**
   * Accepts signatures made with `secrets`: one secret, or an array while rotating. A secret is
   * used exactly as given, U+0000 included. Throws InvalidSecret for no secret, a null, undefined
   * or empty one, or one that is not valid Unicode (a lone surrogate).
   */
  constructor(secrets) {
    const list = secretList(secrets);
    const end = putTexts(list);
    const status = native.sharpapi_verifier_new(arena.pointer, list.length, pointerSlot);
    wipe(end);
    throwIfError(status);
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
    if (SIGNATURE_REFUSALS.has(status)) {
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
    const length = putSignature(signature);
    throwIfError(
      native.sharpapi_verifier_construct_event(
        this.#handle,
        body,
        body.length,
        length < 0 ? null : arena.pointer,
        length < 0 ? 0 : length,
        pointerSlot,
      ),
    );
    return takeWebhookEvent();
  }

  /**
   * constructEvent with X-Signature looked up by the core among the request's headers: Node's
   * `req.rawHeaders` (best: one pair per header line as received), [name, value] pairs, a
   * Headers-like object or Map, or a plain object of strings or arrays of strings. The name
   * matches in any case; the same value repeated counts once, different values are
   * MalformedSignature, none is MissingSignature.
   */
  constructEventFromHeaders(rawBody, headers) {
    const body = rawBytes(rawBody);
    const flat = headerList(headers);
    putHeaders(flat);
    throwIfError(
      native.sharpapi_verifier_construct_event_from_headers(
        this.#handle,
        body,
        body.length,
        arena.pointer,
        flat.length / 2,
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
    const length = putSignature(signature);
    return native.sharpapi_verifier_verify(
      this.#handle,
      body,
      body.length,
      length < 0 ? null : arena.pointer,
      length < 0 ? 0 : length,
    );
  }
}

/**
 * The X-Signature value SharpAPI would send for `payload` under `secret`: 64 lowercase hex digits.
 * For tests and for simulating deliveries. Throws InvalidSecret as new Verifier(secret) does.
 */
function sign(payload, secret) {
  const body = rawBytes(payload);
  const out = Buffer.alloc(SHARPAPI_SIGNATURE_BUFFER_LEN);
  const length = putText(secretText(secret));
  const status = native.sharpapi_sign(body, body.length, arena.pointer, length, out, out.length);
  wipe(length);
  throwIfError(status);
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

/** Verifies a delivery with `secrets` and parses it; see Verifier#constructEventFromHeaders. */
function constructEventFromHeaders(rawBody, headers, secrets) {
  return new Verifier(secrets).constructEventFromHeaders(rawBody, headers);
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
  constructEventFromHeaders,
  parseEventUnverified,
  /** The version of the loaded native library, the same as the package's. */
  nativeVersion: libraryVersion,
};
