/**
 * Verify and parse the webhooks SharpAPI sends when an AI job finishes. The checks run in the
 * project's Rust core: the signature is the HMAC-SHA256 of the raw body bytes, compared in
 * constant time.
 */

/** The request body exactly as received: `req.body` behind `express.raw()`, or `await request.arrayBuffer()`. */
export type RawBody = Uint8Array | ArrayBuffer;

/** One webhook secret, or several (the current one first) while rotating them. */
export type Secrets = string | readonly string[];

/** The statuses this version knows; `event.status` may hold another. */
export declare const JobStatus: {
  readonly NEW: 'new';
  readonly PENDING: 'pending';
  readonly SUCCESS: 'success';
  readonly FAILED: 'failed';
};
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/** The job types this version knows; `event.type` may hold another. */
export declare const JobType: {
  readonly ECOMMERCE_REVIEW_SENTIMENT: 'ecommerce_review_sentiment';
  readonly ECOMMERCE_PRODUCT_CATEGORIES: 'ecommerce_product_categories';
  readonly ECOMMERCE_PRODUCT_INTRO: 'ecommerce_product_intro';
  readonly ECOMMERCE_THANK_YOU_EMAIL: 'ecommerce_thank_you_email';
  readonly ECOMMERCE_PRODUCT_DESCRIPTION: 'ecommerce_product_description';
  readonly HR_PARSE_RESUME: 'hr_parse_resume';
  readonly HR_JOB_DESCRIPTION: 'hr_job_description';
  readonly HR_RELATED_SKILLS: 'hr_related_skills';
  readonly HR_RELATED_JOB_POSITIONS: 'hr_related_job_positions';
  readonly HR_RESUME_JOB_MATCH_SCORE: 'hr_resume_job_match_score';
  readonly TTH_REVIEW_SENTIMENT: 'tth_review_sentiment';
  readonly TTH_TA_PRODUCT_CATEGORIES: 'tth_ta_product_categories';
  readonly TTH_HOSPITALITY_PRODUCT_CATEGORIES: 'tth_hospitality_product_categories';
  readonly CONTENT_DETECT_PHONES: 'content_detect_phones';
  readonly CONTENT_DETECT_EMAILS: 'content_detect_emails';
  readonly CONTENT_DETECT_SPAM: 'content_detect_spam';
  readonly CONTENT_DETECT_ADDRESS: 'content_detect_address';
  readonly CONTENT_DETECT_PROFANITIES: 'content_detect_profanities';
  readonly CONTENT_DETECT_URLS: 'content_detect_urls';
  readonly CONTENT_DETECT_AI: 'content_detect_ai';
  readonly CONTENT_SUMMARIZE: 'content_summarize';
  readonly CONTENT_KEYWORDS: 'content_keywords';
  readonly CONTENT_TRANSLATE: 'content_translate';
  readonly CONTENT_PARAPHRASE: 'content_paraphrase';
  readonly CONTENT_PROOFREAD: 'content_proofread';
  readonly SEO_GENERATE_TAGS: 'seo_generate_tags';
};
export type JobType = (typeof JobType)[keyof typeof JobType];

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
  /** 1 to 5, the same in every language; 100 and up only for a bug of this package. */
  readonly code: number;
  /** The class's name, as the project spells the error in every language: `"InvalidSignature"`. */
  readonly name: string;
  constructor(message: string, code: number);
}
/** A secret is empty, or no secret was given (code 1): a configuration error. */
export declare class InvalidSecret extends WebhookError {
  static readonly code: 1;
  readonly code: 1;
  readonly name: 'InvalidSecret';
  constructor(message: string);
}
/** The request has no X-Signature header, or it is empty (code 2): answer 401. */
export declare class MissingSignature extends WebhookError {
  static readonly code: 2;
  readonly code: 2;
  readonly name: 'MissingSignature';
  constructor(message: string);
}
/** X-Signature is not 64 hex digits (code 3): answer 401. */
export declare class MalformedSignature extends WebhookError {
  static readonly code: 3;
  readonly code: 3;
  readonly name: 'MalformedSignature';
  constructor(message: string);
}
/** No secret signed this body (code 4): pass the raw body bytes, check the secret. Answer 401. */
export declare class InvalidSignature extends WebhookError {
  static readonly code: 4;
  readonly code: 4;
  readonly name: 'InvalidSignature';
  constructor(message: string);
}
/** The verified body is not a SharpAPI event (code 5): answer 400. */
export declare class InvalidPayload extends WebhookError {
  static readonly code: 5;
  readonly code: 5;
  readonly name: 'InvalidPayload';
  constructor(message: string);
}

/**
 * Checks deliveries against one or more webhook secrets. Make one at start-up and share it: it
 * never changes once made. It holds only the keyed HMAC state, in native memory, not the secrets.
 */
export declare class Verifier {
  /**
   * Accepts signatures made with `secrets`: one secret, or an array while rotating.
   * @throws {InvalidSecret} no secret, or an empty one.
   * @throws {TypeError} a secret that is not a string, holds U+0000 or a lone surrogate.
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
}

/**
 * The X-Signature value SharpAPI would send for `payload` under `secret`: 64 lowercase hex
 * digits. For tests and for simulating deliveries.
 */
export declare function sign(payload: RawBody, secret: string): string;
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
/**
 * Parses a body WITHOUT verifying it: for tests, and for replaying deliveries that were verified
 * when they arrived.
 * @throws {InvalidPayload}
 */
export declare function parseEventUnverified(rawBody: RawBody): WebhookEvent;

/** The version of the loaded native library, the same as the package's. */
export declare const nativeVersion: string;
