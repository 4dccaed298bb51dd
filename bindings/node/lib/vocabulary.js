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

/** The Content-Type header SharpAPI's deliveries carry. */
const CONTENT_TYPE = 'application/json';

/** The header that carries the signature, as SharpAPI spells it (looked up in any case). */
const SIGNATURE_HEADER = 'X-Signature';

/** A test delivery's type unless given: a translation, the commonest job. */
const TEST_DELIVERY_TYPE = 'content_translate';

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

/** What explain() finds, by the name every language spells in data. */
const Cause = Object.freeze({
  SIGNATURE_MATCHES: 'signature_matches',
  MISSING_SIGNATURE: 'missing_signature',
  MALFORMED_SIGNATURE: 'malformed_signature',
  SIGNATURE_PREFIX: 'signature_prefix',
  SECRET_WHITESPACE: 'secret_whitespace',
  JSON_WHITESPACE: 'json_whitespace',
  JSON_KEY_ORDER: 'json_key_order',
  JSON_ESCAPING: 'json_escaping',
  LINE_ENDINGS: 'line_endings',
  TRAILING_NEWLINE: 'trailing_newline',
  BYTE_ORDER_MARK: 'byte_order_mark',
  UNEXPLAINED: 'unexplained',
});

/** Each cause of explain(): its permanent code (bit code - 1 in a cause set), name, description. */
const EXPLAIN_CAUSES = Object.freeze([
  Object.freeze({
    code: 1,
    name: 'signature_matches',
    description: 'the signature matches the body as received',
  }),
  Object.freeze({
    code: 2,
    name: 'missing_signature',
    description: 'the request has no X-Signature header: pass the request\'s headers as received',
  }),
  Object.freeze({
    code: 3,
    name: 'malformed_signature',
    description: 'the X-Signature value is not 64 hex digits: pass the header\'s value as received',
  }),
  Object.freeze({
    code: 4,
    name: 'signature_prefix',
    description: 'the signature has a prefix such as "sha256=": SharpAPI sends the bare hex digest; pass the header\'s value as received',
  }),
  Object.freeze({
    code: 5,
    name: 'secret_whitespace',
    description: 'a configured secret has whitespace around it: copy the secret again without spaces or newlines',
  }),
  Object.freeze({
    code: 6,
    name: 'json_whitespace',
    description: 'the body was re-serialized with other whitespace (pretty-printed or compacted): verify the raw request bytes, before any JSON parsing',
  }),
  Object.freeze({
    code: 7,
    name: 'json_key_order',
    description: 'the body\'s JSON members were reordered (e.g. sorted keys): verify the raw request bytes, before any JSON parsing',
  }),
  Object.freeze({
    code: 8,
    name: 'json_escaping',
    description: 'the body\'s strings were escaped differently (SharpAPI writes \\/ and \\u00e9 as PHP does; a JSON parse and re-serialization changes them): verify the raw request bytes',
  }),
  Object.freeze({
    code: 9,
    name: 'line_endings',
    description: 'the body\'s line endings were converted between CRLF and LF: read the body as bytes, not as text',
  }),
  Object.freeze({
    code: 10,
    name: 'trailing_newline',
    description: 'a trailing newline was added to or removed from the body: read the body as bytes, exactly as received',
  }),
  Object.freeze({
    code: 11,
    name: 'byte_order_mark',
    description: 'a byte order mark was added to or removed from the body: read the body as bytes, exactly as received',
  }),
  Object.freeze({
    code: 12,
    name: 'unexplained',
    description: 'no usual change to the body or the secret explains it: most likely the secret is not the one SharpAPI signs with (copy "Secret for Signature" again from the dashboard), or the body was altered in another way',
  }),
]);

module.exports = {
  VERSION,
  MAX_NESTING_DEPTH,
  DEFAULT_MAX_BODY_BYTES,
  USER_AGENT,
  CONTENT_TYPE,
  SIGNATURE_HEADER,
  TEST_DELIVERY_TYPE,
  JobStatus,
  JobType,
  STATUS_BY_CODE,
  TYPE_BY_CODE,
  ERRORS,
  ABI_ERRORS,
  Cause,
  EXPLAIN_CAUSES,
};
