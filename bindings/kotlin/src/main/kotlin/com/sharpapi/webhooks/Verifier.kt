package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.HttpHeader
import com.sharpapi.webhooks.ffi.Verifier as NativeVerifier

/**
 * Checks deliveries against one or more webhook secrets: pass two while rotating. Build it once
 * and share it; any number of threads may use it at once. [close] frees the native state early
 * (otherwise a cleaner does once the verifier is unreachable); calls after it throw
 * [IllegalStateException].
 *
 * @throws WebhookException.InvalidSecret when [secrets] is empty or holds an empty secret, or
 *   one with no UTF-8 form (a lone UTF-16 surrogate).
 */
class Verifier @Throws(WebhookException::class) constructor(secrets: List<String>) : AutoCloseable {
    // Only the native side keeps the keyed HMAC state; the secrets' text is not held here.
    private val native = run {
        requireEncodable(secrets)
        translatingErrors { NativeVerifier(secrets) }
    }
    private val secretCount = secrets.size

    /**
     * Checks that [signature] (the `X-Signature` value; null when the header is absent) signs
     * [body], the request body exactly as received, under one of the secrets.
     */
    @Throws(WebhookException::class)
    fun verify(body: ByteArray, signature: String?) {
        lending(body, signature) { bodyBuffer, signatureBuffer ->
            translatingErrors { native.verify(bodyBuffer, signatureBuffer) }
        }
    }

    /** Whether [verify] would succeed; never throws a [WebhookException]. */
    fun isValid(body: ByteArray, signature: String?): Boolean =
        lending(body, signature) { bodyBuffer, signatureBuffer -> native.isValid(bodyBuffer, signatureBuffer) }

    /** [verify], then parses the verified body. */
    @Throws(WebhookException::class)
    fun constructEvent(body: ByteArray, signature: String?): WebhookEvent =
        lending(body, signature) { bodyBuffer, signatureBuffer ->
            translatingErrors { native.constructEvent(bodyBuffer, signatureBuffer) }
        }.toEvent()

    /**
     * [constructEvent] with `X-Signature` looked up in the request's [headers], by name in any
     * case: the shape of the JDK server's `Headers`, Spring's `MultiValueMap` and OkHttp's
     * `toMultimap()`. The same value repeated is accepted; two different values are
     * [WebhookException.MalformedSignature].
     */
    @Throws(WebhookException::class)
    fun constructEventFromHeaders(body: ByteArray, headers: Map<String, List<String>>): WebhookEvent {
        val pairs = headers.flatMap { (name, values) ->
            values.map { value -> HttpHeader(name.encodable(), value.encodable()) }
        }
        return lending(body) { buffer ->
            translatingErrors { native.constructEventFromHeaders(buffer, pairs) }
        }.toEvent()
    }

    override fun close() {
        native.close()
    }

    override fun toString(): String = "Verifier(secrets=[REDACTED; $secretCount])"
}
