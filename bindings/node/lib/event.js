'use strict';
// The parsed delivery, and the job statuses and types this version knows.

const { FIELDS, fieldsSlot, fieldText, native, takePointer } = require('./native');
const { throwIfError } = require('./errors');

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

// The C ABI numbers the known values from 1 in the order above (SHARPAPI_JOB_STATUS_*,
// SHARPAPI_JOB_TYPE_*); 0 is a value it does not know, whose text it then gives.
const STATUS_BY_CODE = [null, ...Object.values(JobStatus)];
const TYPE_BY_CODE = [null, ...Object.values(JobType)];

const NOT_PARSED = Symbol('not parsed');

/** A finished job, as SharpAPI reported it in a verified delivery. */
class WebhookEvent {
  #result = NOT_PARSED;

  /** Made by the package only: see Verifier#constructEvent and parseEventUnverified. */
  constructor(id, status, type, resultJson, statusKnown, typeKnown) {
    /** The job's id (a UUID), as sent. Retries repeat it: handle each id once. */
    this.id = id;
    /** The status exactly as sent: a JobStatus value, or one this version does not know. */
    this.status = status;
    /** The job type exactly as sent: a JobType value, or one this version does not know. */
    this.type = type;
    /** The exact JSON text of "result", or null when the delivery has none. */
    this.resultJson = resultJson;
    this.statusKnown = statusKnown;
    this.typeKnown = typeKnown;
  }

  /** `resultJson` parsed by JSON.parse on first use (then the same value), or null. */
  get result() {
    if (this.#result === NOT_PARSED) {
      this.#result = this.resultJson === null ? null : JSON.parse(this.resultJson);
    }
    return this.#result;
  }

  /** True when the job succeeded. */
  get isSuccess() {
    return this.status === JobStatus.SUCCESS;
  }
}

/**
 * The event that the last constructing call stored, read in one call and then released. A status
 * or type text is read only when its code is 0, a value that the C numbering does not know.
 */
function takeWebhookEvent() {
  const event = takePointer();
  try {
    throwIfError(native.sharpapi_event_fields(event, fieldsSlot));
    const statusCode = fieldsSlot.readUInt32LE(FIELDS.status_code);
    const typeCode = fieldsSlot.readUInt32LE(FIELDS.type_code);
    return new WebhookEvent(
      fieldText(FIELDS.id, FIELDS.id_len),
      statusCode === 0 ? fieldText(FIELDS.status, FIELDS.status_len) : STATUS_BY_CODE[statusCode],
      typeCode === 0 ? fieldText(FIELDS.job_type, FIELDS.job_type_len) : TYPE_BY_CODE[typeCode],
      fieldsSlot.readBigUInt64LE(FIELDS.result) === 0n
        ? null
        : fieldText(FIELDS.result, FIELDS.result_len),
      statusCode !== 0,
      typeCode !== 0,
    );
  } finally {
    native.sharpapi_event_free(event);
  }
}

module.exports = { JobStatus, JobType, WebhookEvent, takeWebhookEvent };
