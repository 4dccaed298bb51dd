// Generated from bindings/vocabulary.json by bindings/node/generate_vocabulary.js; do not edit:
// run `node bindings/node/generate_vocabulary.js` (or scripts/generate.sh).

/** The integrations' body limit unless configured otherwise, in bytes: larger bodies get 413. */
export declare const DEFAULT_MAX_BODY_BYTES: 16777216;

/** The User-Agent header SharpAPI's deliveries carry. */
export declare const USER_AGENT: 'SharpAPIWebhook/1.0';

/** The Content-Type header SharpAPI's deliveries carry. */
export declare const CONTENT_TYPE: 'application/json';

/** The header that carries the signature, as SharpAPI spells it (looked up in any case). */
export declare const SIGNATURE_HEADER: 'X-Signature';

/** A test delivery's type unless given. */
export declare const TEST_DELIVERY_TYPE: string;

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

/** The code of each error, by its name: the same in every language. */
export interface WebhookErrorCodes {
  InvalidSecret: 1;
  MissingSignature: 2;
  MalformedSignature: 3;
  InvalidSignature: 4;
  InvalidPayload: 5;
}

/** What `explain` finds: one change between a delivery as SharpAPI signed it and as checked. */
export declare const Cause: {
  readonly SIGNATURE_MATCHES: 'signature_matches';
  readonly MISSING_SIGNATURE: 'missing_signature';
  readonly MALFORMED_SIGNATURE: 'malformed_signature';
  readonly SIGNATURE_PREFIX: 'signature_prefix';
  readonly SECRET_WHITESPACE: 'secret_whitespace';
  readonly JSON_WHITESPACE: 'json_whitespace';
  readonly JSON_KEY_ORDER: 'json_key_order';
  readonly JSON_ESCAPING: 'json_escaping';
  readonly LINE_ENDINGS: 'line_endings';
  readonly TRAILING_NEWLINE: 'trailing_newline';
  readonly BYTE_ORDER_MARK: 'byte_order_mark';
  readonly UNEXPLAINED: 'unexplained';
};
export type Cause = (typeof Cause)[keyof typeof Cause];
