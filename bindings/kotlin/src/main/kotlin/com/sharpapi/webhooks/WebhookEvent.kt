package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.WebhookEvent as NativeWebhookEvent

/** A finished job, as SharpAPI reports it. */
data class WebhookEvent(
    /** The job's id, as sent; never empty. SharpAPI retries deliveries: handle each id once. */
    val id: String,
    /** Where the job stands: [JobStatus.Success] or [JobStatus.Failed] once it finished. */
    val status: JobStatus,
    /** Which SharpAPI endpoint ran the job (the JSON member `"type"`). */
    val type: JobType,
    /** The exact JSON text of `"result"`, or null when it is absent or `null`. */
    val resultJson: String?,
)

// JobStatus and JobType, with the mapping from UniFFI's enums, are generated from
// bindings/vocabulary.json (generate_vocabulary.py); their texts are the core's wireText().
internal fun NativeWebhookEvent.toEvent(): WebhookEvent =
    WebhookEvent(id = id, status = status.toStatus(), type = jobType.toType(), resultJson = result)
