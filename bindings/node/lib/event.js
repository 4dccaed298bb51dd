'use strict';
// The parsed delivery; the job statuses and types this version knows are generated, in vocabulary.js.

const {
  FIELDS,
  SHARPAPI_JOB_STATUS_OTHER,
  SHARPAPI_JOB_TYPE_OTHER,
  fieldsSlot,
  fieldText,
  native,
  takePointer,
} = require('./native');
const { throwIfError } = require('./errors');
const { JobStatus, JobType, STATUS_BY_CODE, TYPE_BY_CODE } = require('./vocabulary');

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
 * or type text is read only when its code is OTHER, a value that the C numbering does not know.
 */
function takeWebhookEvent() {
  const event = takePointer();
  try {
    throwIfError(native.sharpapi_event_fields(event, fieldsSlot));
    const statusCode = fieldsSlot.readUInt32LE(FIELDS.status_code);
    const typeCode = fieldsSlot.readUInt32LE(FIELDS.type_code);
    return new WebhookEvent(
      fieldText(FIELDS.id, FIELDS.id_len),
      statusCode === SHARPAPI_JOB_STATUS_OTHER
        ? fieldText(FIELDS.status, FIELDS.status_len)
        : STATUS_BY_CODE[statusCode],
      typeCode === SHARPAPI_JOB_TYPE_OTHER
        ? fieldText(FIELDS.job_type, FIELDS.job_type_len)
        : TYPE_BY_CODE[typeCode],
      fieldsSlot.readBigUInt64LE(FIELDS.result) === 0n
        ? null
        : fieldText(FIELDS.result, FIELDS.result_len),
      statusCode !== SHARPAPI_JOB_STATUS_OTHER,
      typeCode !== SHARPAPI_JOB_TYPE_OTHER,
    );
  } finally {
    native.sharpapi_event_free(event);
  }
}

module.exports = { JobStatus, JobType, WebhookEvent, takeWebhookEvent };
