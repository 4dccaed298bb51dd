/**
 * Verify and parse the webhooks SharpAPI sends when an AI job finishes. The checks run in the
 * project's Rust core, native or compiled to WebAssembly: the signature is the HMAC-SHA256 of the
 * raw body bytes, compared in constant time.
 */

import type { Cause, JobStatus, JobType, WebhookErrorCodes } from './vocabulary.js';

// The statuses, types, error codes and explain()'s causes this version knows, generated from the
// core's vocabulary.
export { Cause, JobStatus, JobType } from './vocabulary.js';

/** The request body exactly as received: `req.body` behind `express.raw()`, or `await request.arrayBuffer()`. */
export type RawBody = Uint8Array | ArrayBuffer;

/**
 * One webhook secret, or several (the current one first) while rotating them. A secret is used
 * exactly as given; null or undefined (an unset environment variable) is refused with
 * `InvalidSecret`, as an empty secret or one that is not valid Unicode is.
 */
export type Secrets = string | null | undefined | readonly (string | null | undefined)[];

/**
 * The request's headers, each header line as its own pair so that the core sees a repeated
 * `X-Signature` as sent: Node's `req.rawHeaders` (`[name, value, name, value, ...]`, best),
 * `[name, value]` pairs, a `Headers` object or a `Map` (anything that iterates `[name, value]`),
 * or a plain object of header values (`req.headers`, whose repeated headers Node has already
 * joined with `", "`).
 */
export type RequestHeaders =
  | readonly string[]
  | readonly (readonly [string, string])[]
  | Iterable<readonly [string, string | readonly string[]]>
  | { readonly [name: string]: string | readonly string[] | undefined };

/** A finished job, as SharpAPI reported it in a verified delivery. */
export declare class WebhookEvent {
  /** Made by the package only: see `Verifier#constructEvent` and `parseEventUnverified`. */
  private constructor();
  /** The job's id (a UUID), as sent. Retries repeat it: handle each id once. */
  readonly id: string;
  /** The status exactly as sent: a `JobStatus`, or a value this version does not know. */
  readonly status: JobStatus | (string & {});
  /** The job type exactly as sent: a `JobType`, or a value this version does not know. */
  readonly type: JobType | (string & {});
  /** The exact JSON text of `"result"`, or null when the delivery has none. */
  readonly resultJson: string | null;
  /** False for a status this version does not know. */
  readonly statusKnown: boolean;
  /** False for a job type this version does not know. */
  readonly typeKnown: boolean;
  /** `resultJson` parsed by `JSON.parse` on first use (then the same value), or null. */
  readonly result: unknown;
  /** True when the job succeeded. */
  readonly isSuccess: boolean;
}

/** A delivery was refused; `code` is the project's permanent number for the reason. */
export declare class WebhookError extends Error {
  /** The core's code, the same in every language; 100 and up only for a bug of this package. */
  readonly code: number;
  /** The class's name, as the project spells the error in every language: `"InvalidSignature"`. */
  readonly name: string;
  constructor(message: string, code: number);
}
/** A secret is empty, null, undefined or not valid Unicode, or no secret was given: a configuration error. */
export declare class InvalidSecret extends WebhookError {
  static readonly code: WebhookErrorCodes['InvalidSecret'];
  readonly code: WebhookErrorCodes['InvalidSecret'];
  readonly name: 'InvalidSecret';
  constructor(message: string);
}
/** The request has no X-Signature header, or it is empty: answer 401. */
export declare class MissingSignature extends WebhookError {
  static readonly code: WebhookErrorCodes['MissingSignature'];
  readonly code: WebhookErrorCodes['MissingSignature'];
  readonly name: 'MissingSignature';
  constructor(message: string);
}
/** X-Signature is not 64 hex digits, or is repeated with different values: answer 401. */
export declare class MalformedSignature extends WebhookError {
  static readonly code: WebhookErrorCodes['MalformedSignature'];
  readonly code: WebhookErrorCodes['MalformedSignature'];
  readonly name: 'MalformedSignature';
  constructor(message: string);
}
/** No secret signed this body: pass the raw body bytes, check the secret. Answer 401. */
export declare class InvalidSignature extends WebhookError {
  static readonly code: WebhookErrorCodes['InvalidSignature'];
  readonly code: WebhookErrorCodes['InvalidSignature'];
  readonly name: 'InvalidSignature';
  constructor(message: string);
}
/** The verified body is not a SharpAPI event (its message says why, at which line and column): answer 400. */
export declare class InvalidPayload extends WebhookError {
  static readonly code: WebhookErrorCodes['InvalidPayload'];
  readonly code: WebhookErrorCodes['InvalidPayload'];
  readonly name: 'InvalidPayload';
  constructor(message: string);
}

/**
 * Checks deliveries against one or more webhook secrets. Make one at start-up and share it: it
 * never changes once made. It holds only the keyed HMAC state, in the engine's memory, not the
 * secrets.
 */
export declare class Verifier {
  /**
   * Accepts signatures made with `secrets`: one secret, or an array while rotating.
   * @throws {InvalidSecret} no secret, or one that is null, undefined, empty or not valid Unicode.
   * @throws {TypeError} a secret that is neither a string nor null or undefined.
   */
  constructor(secrets: Secrets);
  /**
   * Checks that `signature` (the X-Signature header; null or undefined when absent) signs
   * `rawBody`, the body exactly as received.
   * @throws {MissingSignature | MalformedSignature | InvalidSignature}
   * @throws {TypeError} a body that is not bytes (a string, parsed JSON).
   */
  verify(rawBody: RawBody, signature: string | null | undefined): true;
  /** Whether `verify` would succeed; never throws for a missing, malformed or wrong signature. */
  isValid(rawBody: RawBody, signature: string | null | undefined): boolean;
  /**
   * Verifies the delivery as `verify` does, then parses it; a body whose signature does not match
   * is never parsed.
   * @throws {MissingSignature | MalformedSignature | InvalidSignature | InvalidPayload}
   * @throws {TypeError} a body that is not bytes (a string, parsed JSON).
   */
  constructEvent(rawBody: RawBody, signature: string | null | undefined): WebhookEvent;
  /**
   * `constructEvent` with `X-Signature` looked up by the core among the request's headers: its
   * name in any case; a repeated header with one value (ASCII whitespace around it aside) counts
   * once, different values are `MalformedSignature`, none is `MissingSignature`.
   * @throws {MissingSignature | MalformedSignature | InvalidSignature | InvalidPayload}
   * @throws {TypeError} a body that is not bytes, or headers of none of the shapes above.
   */
  constructEventFromHeaders(rawBody: RawBody, headers: RequestHeaders): WebhookEvent;
}

/**
 * The X-Signature value SharpAPI would send for `payload` under `secret`: 64 lowercase hex
 * digits. For tests and for simulating deliveries.
 */
export declare function sign(payload: RawBody, secret: string | null | undefined): string;
/** Checks a delivery with `secrets`; see `Verifier#verify`. */
export declare function verify(
  rawBody: RawBody,
  signature: string | null | undefined,
  secrets: Secrets,
): true;
/** Verifies a delivery with `secrets` and parses it; to check many, make one `Verifier`. */
export declare function constructEvent(
  rawBody: RawBody,
  signature: string | null | undefined,
  secrets: Secrets,
): WebhookEvent;
/** Verifies a delivery with `secrets` and parses it; see `Verifier#constructEventFromHeaders`. */
export declare function constructEventFromHeaders(
  rawBody: RawBody,
  headers: RequestHeaders,
  secrets: Secrets,
): WebhookEvent;
/**
 * Parses a body WITHOUT verifying it: for tests, and for replaying deliveries that were verified
 * when they arrived.
 * @throws {InvalidPayload}
 */
export declare function parseEventUnverified(rawBody: RawBody): WebhookEvent;

/** What `testDelivery` makes a delivery of: every field but the secret has a default. */
export interface TestDeliveryOptions {
  /** The secret that signs it: the endpoint's (or another, to test a refusal). */
  secret: string | null | undefined;
  /** The job's id: a new random UUID (`crypto.randomUUID()`) unless given. */
  id?: string;
  /** The job's status, any text: `"success"` unless given. */
  status?: JobStatus | (string & {});
  /** The job's type, any text (one this version does not know, too): `"content_translate"` unless given. */
  type?: JobType | (string & {});
  /** The `"result"` member as a value, written by `JSON.stringify`; give this or `resultJson`. */
  result?: unknown;
  /** The `"result"` member as JSON text, written as it is; give this or `result`. */
  resultJson?: string;
}

/** A delivery exactly as SharpAPI sends it, for the tests of an endpoint. */
export interface TestDelivery {
  /** The body: the exact bytes that were signed, to send as they are (a `Buffer` in Node.js). */
  readonly body: Uint8Array;
  /** The `X-Signature` value: 64 lowercase hex digits. */
  readonly signature: string;
  /** The headers SharpAPI sends: `Content-Type`, `User-Agent` and `X-Signature`. */
  readonly headers: {
    readonly 'Content-Type': 'application/json';
    readonly 'User-Agent': 'SharpAPIWebhook/1.0';
    readonly 'X-Signature': string;
  };
  /** A Web `Request` that POSTs this delivery to `url` (for Next.js routes, Hono's `app.request`, Workers). */
  toRequest(url: string | URL): Request;
}

/**
 * A delivery of a job's outcome exactly as SharpAPI sends it, signed with `options.secret`: the
 * body `{"id", "status", "type", "result"}` in SharpAPI's member order, made and signed by the
 * core, with its headers. For the tests of an endpoint: post it to your own handler.
 * @throws {InvalidSecret} an empty, null, undefined or invalid secret.
 * @throws {InvalidPayload} `resultJson` is not one JSON value.
 * @throws {TypeError} options of the wrong kind, or both `result` and `resultJson`.
 */
export declare function testDelivery(options: TestDeliveryOptions): TestDelivery;

/** One finding of `explain`. */
export interface ExplainedCause {
  /** Its permanent number (bit `code - 1` of the C ABI's cause set). */
  readonly code: number;
  /** Its name as every language spells it in data: `"json_whitespace"`. */
  readonly name: Cause;
  /** One sentence for the endpoint's owner: what happened and what to do. */
  readonly description: string;
}

/** What `explain` found. For the endpoint's owner (a log), never for the sender. */
export interface Explanation {
  /**
   * The causes that, undone together, make the signature match, in the order of their codes, or
   * one of `signature_matches`, `missing_signature`, `malformed_signature` and `unexplained`
   * alone; never empty.
   */
  readonly causes: readonly ExplainedCause[];
  /** Whether the signature matches the body as received (`signature_matches` alone). */
  readonly isValid: boolean;
  /** Each cause's description, joined with `"; "`: one line for a log. */
  toString(): string;
}

/**
 * Explains why a signature does or does not sign `rawBody` with any of `secrets`: it tries the
 * usual changes between what SharpAPI signed and what an endpoint checks (JSON re-serialized,
 * reordered or escaped otherwise, CRLF and LF, a trailing newline, a byte order mark, a `sha256=`
 * prefix, whitespace around a secret) and names those that make it match. `signature` is the
 * `X-Signature` value (null or undefined when absent) or the request's headers, among which the
 * core finds it. A secret that is empty or invalid is skipped, not refused. A debugging aid that
 * costs a few dozen HMACs: log its finding, never send it in an answer.
 * @throws {TypeError} a body that is not bytes, or a signature or headers of the wrong kind.
 */
export declare function explain(
  rawBody: RawBody,
  signature: string | null | undefined | RequestHeaders,
  secrets: Secrets,
): Explanation;

/**
 * Which engine runs the core: `"native"`, the project's native library (Node.js, where the package
 * carries this platform's), or `"wasm"`, the same core compiled to WebAssembly (every other
 * runtime, and Node.js where `SHARPAPI_WEBHOOKS_ENGINE=wasm` or `sharpapi-webhooks/wasm` asks for
 * it). Both give the same answer to every delivery.
 */
export declare const engine: 'native' | 'wasm';
/** The version of the engine's core (the native library's or the WebAssembly module's), the same as the package's. */
export declare const nativeVersion: string;
