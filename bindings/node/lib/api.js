'use strict';
// The package's API over either engine: the native library through Koffi (native.js) or the
// WebAssembly module (wasm_engine.js). Here the arguments are checked and converted, in
// JavaScript's terms (TypeErrors for the wrong kind of value); what a secret, a signature or a
// header may be is the core's to decide, in whichever engine runs it.
//
// No Node.js built-in is required here: edge runtimes load this module too.

const errors = require('./errors');
const { JobStatus, JobType, WebhookEvent } = require('./event');
const {
  CONTENT_TYPE,
  Cause,
  EXPLAIN_CAUSES,
  SIGNATURE_HEADER,
  USER_AGENT,
  TEST_DELIVERY_TYPE,
} = require('./vocabulary');

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

/** util.inspect's hook, by its registered name, so that node:util need not be loaded. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

// The checks of node:util/types, from the language itself: each reads an internal slot, so a
// value of another realm (a vm context, a worker's transfer) passes and a look-alike does not.
const typedArrayName = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype),
  Symbol.toStringTag,
).get;
const arrayBufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;

/** Whether `value` is a Uint8Array (a Buffer is one), as util.types.isUint8Array says. */
function isUint8Array(value) {
  return ArrayBuffer.isView(value) && typedArrayName.call(value) === 'Uint8Array';
}

/** Whether `value` is an ArrayBuffer (not a SharedArrayBuffer), as util.types.isArrayBuffer says. */
function isArrayBuffer(value) {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  try {
    arrayBufferLength.call(value);
    return true;
  } catch {
    return false;
  }
}

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
 * The X-Signature value for the engine: a string, or null when the header is absent. Its bytes
 * are the core's to judge: a NUL, a lone surrogate or any other character outside the hex digits
 * makes it malformed.
 */
function signatureText(signature) {
  if (typeof signature === 'string') {
    return signature;
  }
  if (signature === undefined || signature === null) {
    return null;
  }
  throw new TypeError(
    `the X-Signature value must be a string, or null or undefined when the header is absent, not ${kindOf(signature)}: pass req.get('x-signature'), or the headers to constructEventFromHeaders`,
  );
}

/**
 * A secret as text for the engine. null or undefined (an unset environment variable) is passed
 * as the empty secret, which the core refuses with InvalidSecret, as it refuses every secret it
 * cannot use.
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

/** A text option of testDelivery: a string, or the default when undefined. */
function textOption(value, name, fallback) {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'string') {
    throw new TypeError(`testDelivery: ${name} must be a string, not ${kindOf(value)}`);
  }
  return value;
}

/** The result of testDelivery's options as JSON text, or null for a delivery without one. */
function resultJsonOf(options) {
  const { result, resultJson } = options;
  if (result !== undefined && resultJson !== undefined) {
    throw new TypeError('testDelivery: give result (a value) or resultJson (JSON text), not both');
  }
  if (resultJson !== undefined) {
    if (typeof resultJson !== 'string') {
      throw new TypeError(`testDelivery: resultJson must be JSON text, not ${kindOf(resultJson)}`);
    }
    return resultJson;
  }
  if (result === undefined) {
    return null;
  }
  const text = JSON.stringify(result);
  if (text === undefined) {
    throw new TypeError(
      `testDelivery: result must be a value JSON can write, not ${kindOf(result)}`,
    );
  }
  return text;
}

/**
 * A delivery exactly as SharpAPI sends it, for the tests of an endpoint: the body (the exact bytes
 * that were signed) and the headers of the POST, made and signed by the core.
 */
class TestDelivery {
  constructor(body, signature) {
    /** The body: a Buffer in Node.js, a Uint8Array elsewhere. Send it as it is. */
    this.body = body;
    /** The X-Signature value: 64 lowercase hex digits. */
    this.signature = signature;
    /** The headers SharpAPI sends: Content-Type, User-Agent and X-Signature. */
    this.headers = {
      'Content-Type': CONTENT_TYPE,
      'User-Agent': USER_AGENT,
      [SIGNATURE_HEADER]: signature,
    };
  }

  /** A Web `Request` that POSTs this delivery to `url`, for a handler that takes one. */
  toRequest(url) {
    return new Request(url, { method: 'POST', headers: this.headers, body: this.body });
  }
}

/**
 * What explain() found: the causes that, undone together, make the signature match, or one of
 * signature_matches, missing_signature, malformed_signature and unexplained alone. For the
 * endpoint's owner (a log), never for the sender.
 */
class Explanation {
  constructor(causes) {
    /** The findings in the order of their codes, each `{ code, name, description }`. */
    this.causes = Object.freeze(causes);
    /** Whether the signature matches the body as received: nothing to explain. */
    this.isValid = causes.length === 1 && causes[0].name === Cause.SIGNATURE_MATCHES;
    Object.freeze(this);
  }

  /** Each cause's description, joined with "; ": one line for a log. */
  toString() {
    return this.causes.map(({ description }) => description).join('; ');
  }
}

/** The causes of an engine's cause set (bit n - 1 for cause n), from the generated table. */
function explanationOf(causeSet) {
  const causes = EXPLAIN_CAUSES.filter(({ code }) => ((causeSet >>> (code - 1)) & 1) === 1);
  if (causes.length === 0) {
    // The engine is this package's version (checked on load), whose every cause the table has.
    throw new Error(`sharpapi-webhooks: the engine explained with no known cause (${causeSet})`);
  }
  return new Explanation(causes);
}

/**
 * The package's exports over `engine`, one of native.js's or wasm_engine.js's (see the engine
 * contract there): the same API, the same classes of errors and events, whichever runs the core.
 */
function createApi(engine) {
  // An engine's verifier lives as long as its Verifier. The callback runs as a task of its own,
  // never during a call into the engine, so no call can be using a verifier that it frees.
  const verifiers = new FinalizationRegistry(engine.freeVerifier);

  /**
   * Checks deliveries against one or more webhook secrets. Make one at start-up and share it: it
   * never changes once made. It holds only the keyed HMAC state, in the engine's memory, not the
   * secrets.
   */
  class Verifier {
    #handle;
    #secretCount;

    /**
     * Accepts signatures made with `secrets`: one secret, or an array while rotating. A secret is
     * used exactly as given, U+0000 included. Throws InvalidSecret for no secret, a null,
     * undefined or empty one, or one that is not valid Unicode (a lone surrogate).
     */
    constructor(secrets) {
      const list = secretList(secrets);
      this.#handle = engine.newVerifier(list);
      this.#secretCount = list.length;
      verifiers.register(this, this.#handle);
    }

    /**
     * Checks that `signature` (the X-Signature header; null or undefined when absent) signs
     * `rawBody`, the body exactly as received. Returns true, or throws MissingSignature,
     * MalformedSignature or InvalidSignature.
     */
    verify(rawBody, signature) {
      const status = this.#verifyStatus(rawBody, signature);
      if (status !== 0) {
        throw engine.lastError(status);
      }
      return true;
    }

    /** Whether verify would succeed; never throws for a missing, malformed or wrong signature. */
    isValid(rawBody, signature) {
      const status = this.#verifyStatus(rawBody, signature);
      if (status === 0) {
        return true;
      }
      if (SIGNATURE_REFUSALS.has(status)) {
        return false;
      }
      throw engine.lastError(status);
    }

    /**
     * Verifies the delivery as verify does, then parses it; a body whose signature does not
     * match is never parsed. Throws the errors of verify, then InvalidPayload.
     */
    constructEvent(rawBody, signature) {
      return engine.constructEvent(this.#handle, rawBytes(rawBody), signatureText(signature));
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
      return engine.constructEventFromHeaders(this.#handle, body, headerList(headers));
    }

    [INSPECT]() {
      return `Verifier { secrets: [REDACTED; ${this.#secretCount}] }`;
    }

    #verifyStatus(rawBody, signature) {
      return engine.verify(this.#handle, rawBytes(rawBody), signatureText(signature));
    }
  }

  /**
   * The X-Signature value SharpAPI would send for `payload` under `secret`: 64 lowercase hex
   * digits. For tests and for simulating deliveries. Throws InvalidSecret as new Verifier(secret)
   * does.
   */
  function sign(payload, secret) {
    return engine.sign(rawBytes(payload), secretText(secret));
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
    return engine.parseEventUnverified(rawBytes(rawBody));
  }

  /**
   * A delivery of a job's outcome exactly as SharpAPI sends it, signed with `secret`, for the
   * tests of an endpoint: the body `{"id", "status", "type", "result"}` in SharpAPI's member
   * order, made and signed by the core, and its headers. `id` defaults to a new random UUID,
   * `status` to "success", `type` to "content_translate" (any text is taken, unknown values too);
   * `result` is a value that JSON.stringify writes, `resultJson` JSON text written as it is
   * (neither: no result). Throws InvalidSecret as new Verifier(secret) does, InvalidPayload when
   * resultJson is not one JSON value, and a TypeError for options of the wrong kind.
   */
  function testDelivery(options) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(
        `testDelivery takes an options object: { secret, id, status, type, result }, not ${kindOf(options)}`,
      );
    }
    const { body, signature } = engine.testDelivery(
      secretText(options.secret),
      textOption(options.id, 'id', undefined) ?? globalThis.crypto.randomUUID(),
      textOption(options.status, 'status', JobStatus.SUCCESS),
      textOption(options.type, 'type', TEST_DELIVERY_TYPE),
      resultJsonOf(options),
    );
    return new TestDelivery(body, signature);
  }

  /**
   * Explains why `signature` does or does not sign `rawBody` with any of `secrets`: it tries the
   * usual changes between what SharpAPI signed and what an endpoint checks (the JSON
   * re-serialized, its keys reordered, other escapes, CRLF and LF swapped, a trailing newline or
   * a byte order mark, a `sha256=` prefix, whitespace around a secret) and names the ones that
   * make it match. `signature` is the X-Signature value (null or undefined when absent) or the
   * request's headers, among which the core finds it as constructEventFromHeaders does. A secret
   * that is empty or not valid Unicode is skipped. A debugging aid for the endpoint's owner, a
   * few dozen HMACs: log what it finds, never send it in an answer.
   */
  function explain(rawBody, signature, secrets) {
    const body = rawBytes(rawBody);
    if (signature === null || typeof signature !== 'object') {
      // The value, absent, or a TypeError that says what it takes.
      return explanationOf(engine.explain(body, signatureText(signature), secretList(secrets)));
    }
    return explanationOf(
      engine.explainFromHeaders(body, headerList(signature), secretList(secrets)),
    );
  }

  return {
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
    testDelivery,
    explain,
    Cause,
    /** Which engine runs the core: "native" (the library, through Koffi) or "wasm". */
    engine: engine.name,
    /** The version of the engine's core, the same as the package's. */
    nativeVersion: engine.version,
  };
}

module.exports = { createApi };
