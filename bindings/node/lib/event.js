'use strict';
// The parsed delivery, as either engine hands it over; the job statuses and types this version
// knows are generated, in vocabulary.js.

const { JobStatus, JobType, STATUS_BY_CODE, TYPE_BY_CODE } = require('./vocabulary');

/**
 * The number of a status or type that this version does not know, in the numbering of the C ABI
 * (SHARPAPI_JOB_STATUS_OTHER, SHARPAPI_JOB_TYPE_OTHER) and of the WebAssembly module alike: its
 * text is then the one sent; any other number is its place in the vocabulary, from 1.
 */
const OTHER = 0;

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
 * The event of an engine's fields: the status and type by number, with their texts (read by the
 * engine only when the number is OTHER, else null).
 */
function eventOf(id, statusCode, statusText, typeCode, typeText, resultJson) {
  return new WebhookEvent(
    id,
    statusCode === OTHER ? statusText : STATUS_BY_CODE[statusCode],
    typeCode === OTHER ? typeText : TYPE_BY_CODE[typeCode],
    resultJson,
    statusCode !== OTHER,
    typeCode !== OTHER,
  );
}

module.exports = { JobStatus, JobType, OTHER, WebhookEvent, eventOf };
