/**
 * Verify and parse the webhooks SharpAPI sends when an AI job finishes. The checks run in the
 * project's Rust core, native or compiled to WebAssembly: the signature is the HMAC-SHA256 of the
 * raw body bytes, compared in constant time.
 */

import type { JobStatus, JobType, WebhookErrorCodes } from './vocabulary.js';

// The statuses, types and error codes this version knows, generated from the core's vocabulary.
export { JobStatus, JobType } from './vocabulary.js';

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

/**
 * Which engine runs the core: `"native"`, the project's native library (Node.js, where the package
 * carries this platform's), or `"wasm"`, the same core compiled to WebAssembly (every other
 * runtime, and Node.js where `SHARPAPI_WEBHOOKS_ENGINE=wasm` or `sharpapi-webhooks/wasm` asks for
 * it). Both give the same answer to every delivery.
 */
export declare const engine: 'native' | 'wasm';
/** The version of the engine's core (the native library's or the WebAssembly module's), the same as the package's. */
export declare const nativeVersion: string;
