package com.sharpapi.webhooks.integration

import com.sharpapi.webhooks.WebhookException

/**
 * One answer of the table every integration of this project follows: a status, a JSON body and
 * the headers to add. Refusals name the core's error and code, and carry the core's message; none
 * carries a secret, an exception's text from a handler, or a stack trace.
 *
 * | case | status | `error` |
 * | ---- | ------ | ------- |
 * | MissingSignature, MalformedSignature, InvalidSignature | 401 | the core's name |
 * | InvalidPayload | 400 | `InvalidPayload` |
 * | a body over the limit | 413 | `PayloadTooLarge` |
 * | a method other than POST | 405, `Allow: POST` | `MethodNotAllowed` |
 * | the same id being handled by another request | 409 | `InProgress` |
 * | the handler failed | 500 | `HandlerFailed` |
 * | InvalidSecret (a misconfigured server) | 500 | `InvalidSecret` |
 * | the body could not be read to its end | 400 | `BodyUnreadable` |
 * | the server read the body before the integration | 500 | `BodyConsumed` |
 * | the idempotency store failed to claim the id | 503 | `StoreUnavailable` |
 *
 * A duplicate of a finished event is 200 `{"id": ..., "outcome": "duplicate"}`.
 */
class WebhookAnswer private constructor(
    /** The HTTP status. */
    val status: Int,
    /** The body, a JSON object (`application/json; charset=utf-8`). */
    val json: String,
    /** Headers to add: `Allow` on 405, `Connection: close` on 413 (the rest of the body is not read). */
    val headers: Map<String, String> = emptyMap(),
) {
    override fun toString(): String = "WebhookAnswer($status, $json)"

    companion object {
        /** The media type of every answer's body. */
        const val CONTENT_TYPE: String = "application/json; charset=utf-8"

        /** 401 for a signature problem, 400 for InvalidPayload, 500 for InvalidSecret. */
        @JvmStatic
        fun refused(error: WebhookException): WebhookAnswer {
            val status = when (error) {
                is WebhookException.MissingSignature,
                is WebhookException.MalformedSignature,
                is WebhookException.InvalidSignature,
                -> 401
                is WebhookException.InvalidPayload -> 400
                is WebhookException.InvalidSecret -> 500
            }
            return WebhookAnswer(
                status,
                json("error" to error.javaClass.simpleName, "code" to error.code, "message" to error.message.orEmpty()),
            )
        }

        /** 413, decided before reading (by Content-Length) or while reading (a chunked body). */
        @JvmStatic
        fun payloadTooLarge(limit: Long): WebhookAnswer =
            WebhookAnswer(
                413,
                json(
                    "error" to "PayloadTooLarge",
                    "message" to "the request body is larger than the webhook endpoint's limit of $limit bytes",
                ),
                mapOf("Connection" to "close"),
            )

        /** 405 with `Allow: POST`: SharpAPI only POSTs. */
        @JvmStatic
        fun methodNotAllowed(method: String): WebhookAnswer =
            WebhookAnswer(
                405,
                json("error" to "MethodNotAllowed", "message" to "the webhook endpoint accepts POST only, not $method"),
                mapOf("Allow" to "POST"),
            )

        /** 409: another request is handling this id right now; SharpAPI retries a non-2xx answer. */
        @JvmStatic
        fun inProgress(eventId: String): WebhookAnswer =
            WebhookAnswer(
                409,
                json(
                    "error" to "InProgress",
                    "message" to "event $eventId is being handled by another request; retry later",
                ),
            )

        /** 200: this event was handled already; the handler did not run again. */
        @JvmStatic
        fun duplicate(eventId: String): WebhookAnswer = WebhookAnswer(200, json("id" to eventId, "outcome" to "duplicate"))

        /** 200: the handler ran and succeeded (the integrations' answer when the handler gave none). */
        @JvmStatic
        fun handled(eventId: String): WebhookAnswer = WebhookAnswer(200, json("id" to eventId, "outcome" to "handled"))

        /** 400: the body could not be read to its end (the client went away, a malformed chunk). */
        @JvmStatic
        fun bodyUnreadable(): WebhookAnswer =
            WebhookAnswer(
                400,
                json("error" to "BodyUnreadable", "message" to "the request body could not be read to its end"),
                mapOf("Connection" to "close"),
            )

        /**
         * 500: the server's own code read the body before the integration could (a misconfiguration,
         * logged server-side); what is left cannot be verified.
         */
        @JvmStatic
        fun bodyConsumed(): WebhookAnswer =
            WebhookAnswer(
                500,
                json(
                    "error" to "BodyConsumed",
                    "message" to "the request body was read before the webhook integration could verify it",
                ),
            )

        /**
         * 503: the idempotency store could not claim the event (Redis unreachable, say); logged
         * server-side, and SharpAPI retries.
         */
        @JvmStatic
        fun storeUnavailable(): WebhookAnswer =
            WebhookAnswer(
                503,
                json(
                    "error" to "StoreUnavailable",
                    "message" to "the idempotency store is unavailable; SharpAPI will retry",
                ),
            )

        /** 500 without the exception's text: the handler failed, and SharpAPI will retry. */
        @JvmStatic
        fun handlerFailed(): WebhookAnswer =
            WebhookAnswer(
                500,
                json("error" to "HandlerFailed", "message" to "the webhook handler failed; SharpAPI will retry"),
            )
    }
}

/** A flat JSON object of strings and integers, members in the order given. */
internal fun json(vararg members: Pair<String, Any>): String =
    members.joinToString(",", "{", "}") { (name, value) ->
        quote(name) + ":" + if (value is Int || value is Long) value.toString() else quote(value.toString())
    }

/** [text] as a JSON string: quotes, backslashes and control characters escaped; a lone surrogate as `\uXXXX`. */
internal fun quote(text: String): String {
    val out = StringBuilder(text.length + 2).append('"')
    for ((index, char) in text.withIndex()) {
        when {
            char == '"' -> out.append("\\\"")
            char == '\\' -> out.append("\\\\")
            char == '\n' -> out.append("\\n")
            char == '\r' -> out.append("\\r")
            char == '\t' -> out.append("\\t")
            char < ' ' || char == '\u2028' || char == '\u2029' || isLoneSurrogate(text, index) ->
                out.append("\\u").append(char.code.toString(16).padStart(4, '0'))
            else -> out.append(char)
        }
    }
    return out.append('"').toString()
}

private fun isLoneSurrogate(text: String, index: Int): Boolean {
    val char = text[index]
    return when {
        char.isHighSurrogate() -> index + 1 >= text.length || !text[index + 1].isLowSurrogate()
        char.isLowSurrogate() -> index == 0 || !text[index - 1].isHighSurrogate()
        else -> false
    }
}
