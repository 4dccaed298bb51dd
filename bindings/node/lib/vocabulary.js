'use strict';
// Generated from bindings/vocabulary.json by bindings/node/generate_vocabulary.js; do not edit:
// run `node bindings/node/generate_vocabulary.js` (or scripts/generate.sh).

/** The version of the core, the native library and this package. */
const VERSION = '0.2.0';

/** The deepest nesting of arrays and objects in a body that the core accepts (the event is 1). */
const MAX_NESTING_DEPTH = 128;

/** The integrations' body limit unless configured otherwise, in bytes: larger bodies get 413. */
const DEFAULT_MAX_BODY_BYTES = 16777216;

/** The User-Agent header SharpAPI's deliveries carry. */
const USER_AGENT = 'SharpAPIWebhook/1.0';

/** The header that carries the signature, as SharpAPI spells it (looked up in any case). */
const SIGNATURE_HEADER = 'X-Signature';

/** Where the job stands (`"status"`): `success` or `failed` once it finished. */
const JobStatus = Object.freeze({
  NEW: 'new',
  PENDING: 'pending',
  SUCCESS: 'success',
  FAILED: 'failed',
});

/** Which SharpAPI endpoint ran the job (`"type"`). */
const JobType = Object.freeze({
  ECOMMERCE_REVIEW_SENTIMENT: 'ecommerce_review_sentiment',
  ECOMMERCE_PRODUCT_CATEGORIES: 'ecommerce_product_categories',
  ECOMMERCE_PRODUCT_INTRO: 'ecommerce_product_intro',
  ECOMMERCE_THANK_YOU_EMAIL: 'ecommerce_thank_you_email',
  ECOMMERCE_PRODUCT_DESCRIPTION: 'ecommerce_product_description',
  HR_PARSE_RESUME: 'hr_parse_resume',
  HR_JOB_DESCRIPTION: 'hr_job_description',
  HR_RELATED_SKILLS: 'hr_related_skills',
  HR_RELATED_JOB_POSITIONS: 'hr_related_job_positions',
  HR_RESUME_JOB_MATCH_SCORE: 'hr_resume_job_match_score',
  TTH_REVIEW_SENTIMENT: 'tth_review_sentiment',
  TTH_TA_PRODUCT_CATEGORIES: 'tth_ta_product_categories',
  TTH_HOSPITALITY_PRODUCT_CATEGORIES: 'tth_hospitality_product_categories',
  CONTENT_DETECT_PHONES: 'content_detect_phones',
  CONTENT_DETECT_EMAILS: 'content_detect_emails',
  CONTENT_DETECT_SPAM: 'content_detect_spam',
  CONTENT_DETECT_ADDRESS: 'content_detect_address',
  CONTENT_DETECT_PROFANITIES: 'content_detect_profanities',
  CONTENT_DETECT_URLS: 'content_detect_urls',
  CONTENT_DETECT_AI: 'content_detect_ai',
  CONTENT_SUMMARIZE: 'content_summarize',
  CONTENT_KEYWORDS: 'content_keywords',
  CONTENT_TRANSLATE: 'content_translate',
  CONTENT_PARAPHRASE: 'content_paraphrase',
  CONTENT_PROOFREAD: 'content_proofread',
  SEO_GENERATE_TAGS: 'seo_generate_tags',
});

/** The status text of each SHARPAPI_JOB_STATUS_* code; 0 is a status this version does not know. */
const STATUS_BY_CODE = Object.freeze([
  null,
  'new',
  'pending',
  'success',
  'failed',
]);

/** The type text of each SHARPAPI_JOB_TYPE_* code; 0 is a type this version does not know. */
const TYPE_BY_CODE = Object.freeze([
  null,
  'ecommerce_review_sentiment',
  'ecommerce_product_categories',
  'ecommerce_product_intro',
  'ecommerce_thank_you_email',
  'ecommerce_product_description',
  'hr_parse_resume',
  'hr_job_description',
  'hr_related_skills',
  'hr_related_job_positions',
  'hr_resume_job_match_score',
  'tth_review_sentiment',
  'tth_ta_product_categories',
  'tth_hospitality_product_categories',
  'content_detect_phones',
  'content_detect_emails',
  'content_detect_spam',
  'content_detect_address',
  'content_detect_profanities',
  'content_detect_urls',
  'content_detect_ai',
  'content_summarize',
  'content_keywords',
  'content_translate',
  'content_paraphrase',
  'content_proofread',
  'seo_generate_tags',
]);

/** The core's errors: the same codes and names in every language. */
const ERRORS = Object.freeze([
  Object.freeze({
    code: 1,
    name: 'InvalidSecret',
    cName: 'SHARPAPI_INVALID_SECRET',
    description: 'invalid secret: a webhook secret is empty or is no Unicode text, or none was given; copy the "Secret for Signature" from the SharpAPI webhooks dashboard',
  }),
  Object.freeze({
    code: 2,
    name: 'MissingSignature',
    cName: 'SHARPAPI_MISSING_SIGNATURE',
    description: 'missing signature: the request has no X-Signature header (or it is empty); SharpAPI signs every webhook it sends',
  }),
  Object.freeze({
    code: 3,
    name: 'MalformedSignature',
    cName: 'SHARPAPI_MALFORMED_SIGNATURE',
    description: 'malformed signature: X-Signature must be one value of exactly 64 hexadecimal digits (a hex HMAC-SHA256)',
  }),
  Object.freeze({
    code: 4,
    name: 'InvalidSignature',
    cName: 'SHARPAPI_INVALID_SIGNATURE',
    description: 'invalid signature: X-Signature does not match the body; pass the raw request body bytes exactly as received (not JSON parsed and serialized again) and check the webhook secret',
  }),
  Object.freeze({
    code: 5,
    name: 'InvalidPayload',
    cName: 'SHARPAPI_INVALID_PAYLOAD',
    description: 'invalid payload: the verified body is not a SharpAPI webhook event',
  }),
]);

/** The C ABI's own statuses, from 100 on: an argument this package passed wrongly, a bug. */
const ABI_ERRORS = Object.freeze([
  Object.freeze({
    code: 100,
    name: 'NullArgument',
    cName: 'SHARPAPI_NULL_ARGUMENT',
    description: 'null argument: a required pointer argument is NULL',
  }),
  Object.freeze({
    code: 102,
    name: 'BufferTooSmall',
    cName: 'SHARPAPI_BUFFER_TOO_SMALL',
    description: 'buffer too small: the output buffer must hold at least SHARPAPI_SIGNATURE_BUFFER_LEN bytes',
  }),
  Object.freeze({
    code: 103,
    name: 'InternalError',
    cName: 'SHARPAPI_INTERNAL_ERROR',
    description: 'internal error: the library failed unexpectedly; please report it',
  }),
  Object.freeze({
    code: 104,
    name: 'InvalidLength',
    cName: 'SHARPAPI_INVALID_LENGTH',
    description: 'invalid length: a length is larger than any object can be',
  }),
]);

module.exports = {
  VERSION,
  MAX_NESTING_DEPTH,
  DEFAULT_MAX_BODY_BYTES,
  USER_AGENT,
  SIGNATURE_HEADER,
  JobStatus,
  JobType,
  STATUS_BY_CODE,
  TYPE_BY_CODE,
  ERRORS,
  ABI_ERRORS,
};
