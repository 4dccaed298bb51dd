package com.sharpapi.webhooks.integration

import com.sharpapi.webhooks.WebhookProtocol
import java.io.ByteArrayOutputStream
import java.io.InputStream

/**
 * The request body was larger than [limit] bytes: answer [WebhookAnswer.payloadTooLarge]. Thrown
 * before reading when the declared Content-Length is over it, else as soon as the bytes read pass it.
 */
class PayloadTooLargeException(val limit: Long) :
    Exception("the request body is larger than the webhook endpoint's limit of $limit bytes")

/** The raw body, read once and at most [limit] bytes of it, for blocking servers (servlets). */
object BodyLimit {
    /** The limit when none is configured: the core's, from bindings/vocabulary.json. */
    const val DEFAULT: Long = WebhookProtocol.DEFAULT_MAX_BODY_BYTES

    /** The largest limit: the body is held in one byte array, whose size is an Int. */
    const val MAX: Long = Int.MAX_VALUE - 8L

    /** Refuses a [limit] that is not positive or over [MAX]: a configuration error, at start-up. */
    @JvmStatic
    fun checked(limit: Long): Long {
        require(limit in 1..MAX) { "the webhook body limit must be a positive number of bytes up to $MAX, not $limit" }
        return limit
    }

    /**
     * Whether a declared [contentLength] (negative when unknown: chunked) is already over [limit],
     * so that the answer is 413 without reading the body.
     */
    @JvmStatic
    fun declaredOver(contentLength: Long, limit: Long): Boolean = contentLength > limit

    /**
     * Reads [input] to its end and returns its bytes; [PayloadTooLargeException] once more than
     * [limit] bytes arrived (or at once when [contentLength] says so), without reading further.
     * [contentLength], when known (non-negative), sizes the buffer.
     */
    @JvmStatic
    @Throws(PayloadTooLargeException::class, java.io.IOException::class)
    fun read(input: InputStream, contentLength: Long, limit: Long): ByteArray {
        if (declaredOver(contentLength, limit)) throw PayloadTooLargeException(limit)
        val initial = if (contentLength in 0..minOf(limit, MAX)) contentLength.toInt() else 8192
        val body = ByteArrayOutputStream(maxOf(initial, 32))
        val buffer = ByteArray(16 * 1024)
        var total = 0L
        while (true) {
            val read = input.read(buffer)
            if (read < 0) break
            total += read
            if (total > limit) throw PayloadTooLargeException(limit)
            body.write(buffer, 0, read)
        }
        return body.toByteArray()
    }
}
