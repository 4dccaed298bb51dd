package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.HttpHeader
import com.sharpapi.webhooks.ffi.Verifier as NativeVerifier

/**
 * Checks deliveries against one or more webhook secrets: pass two while rotating. Build it once
 * and share it; any number of threads may use it at once. [close] frees the native state early
 * (otherwise a cleaner does once the verifier is unreachable); calls after it throw
 * [IllegalStateException].
 *
 * Each secret is used exactly as given (its UTF-8 bytes; a NUL is part of it, nothing is trimmed).
 *
 * @throws WebhookException.InvalidSecret when [secrets] is null or empty, or holds a secret that is
 *   null (from Java, or an unset environment variable), empty, or not Unicode text (a lone UTF-16
 *   surrogate).
 */
class Verifier @Throws(WebhookException::class) constructor(secrets: List<String?>?) : AutoCloseable {
    // Only the native side keeps the keyed HMAC state; the secrets' text is not held here.
    private val native: NativeVerifier
    private val secretCount: Int

    init {
        requireLibrary()
        if (secrets == null) {
            throw WebhookException.InvalidSecret(
                "invalid secret: the list of webhook secrets is null; pass the \"Secret for Signature\" " +
                    "from the SharpAPI webhooks dashboard",
            )
        }
        // An empty list and empty or non-UTF-8 secrets are the core's to refuse.
        val keys = secrets.map(::secretBytes)
        try {
            native = translatingErrors { NativeVerifier(keys) }
        } finally {
            keys.forEach { key -> key.fill(0) }
        }
        secretCount = keys.size
    }

    /**
     * Checks that [signature] (the `X-Signature` value; null when the header is absent) signs
     * [body], the request body exactly as received, under one of the secrets.
     */
    @Throws(WebhookException::class)
    fun verify(body: ByteArray, signature: String?) {
        lending(body, signatureBytes(signature)) { bodyBuffer, signatureBuffer ->
            translatingErrors { native.verify(bodyBuffer, signatureBuffer) }
        }
    }

    /** Whether [verify] would succeed; never throws a [WebhookException]. */
    fun isValid(body: ByteArray, signature: String?): Boolean =
        lending(body, signatureBytes(signature)) { bodyBuffer, signatureBuffer -> native.isValid(bodyBuffer, signatureBuffer) }

    /** [verify], then parses the verified body. */
    @Throws(WebhookException::class)
    fun constructEvent(body: ByteArray, signature: String?): WebhookEvent =
        lending(body, signatureBytes(signature)) { bodyBuffer, signatureBuffer ->
            translatingErrors { native.constructEvent(bodyBuffer, signatureBuffer) }
        }.toEvent()

    /**
     * [constructEvent] with `X-Signature` looked up in the request's [headers]: the shape of the JDK
     * server's `Headers`, Spring's `MultiValueMap`, OkHttp's `toMultimap()` and
     * `HttpURLConnection.getHeaderFields()`. Each value of a list is its own header (never joined
     * with ", "); a null name, list or value is skipped, and a null map is no headers.
     *
     * The name matches `X-Signature` in any ASCII case. The same value repeated (after trimming
     * ASCII whitespace) counts once; two different values are [WebhookException.MalformedSignature];
     * none is [WebhookException.MissingSignature].
     */
    @Throws(WebhookException::class)
    fun constructEventFromHeaders(body: ByteArray, headers: Map<out String?, List<String?>?>?): WebhookEvent {
        val pairs = ArrayList<HttpHeader>()
        headers?.forEach { (name, values) ->
            if (name != null && values != null) {
                val nameBytes = name.utf8()
                for (value in values) {
                    if (value != null) pairs += HttpHeader(nameBytes, value.utf8())
                }
            }
        }
        return constructEventFromPairs(body, pairs)
    }

    /**
     * [constructEventFromHeaders] for the request's headers as (name, value) pairs in the order
     * received, a repeated header as several pairs; a pair with a null name or value is skipped.
     * Java sees it as `constructEventFromHeaderPairs`, so that Java's overload resolution never
     * needs `kotlin.Pair`.
     */
    @Throws(WebhookException::class)
    @JvmName("constructEventFromHeaderPairs")
    fun constructEventFromHeaders(body: ByteArray, headers: Iterable<Pair<String?, String?>>?): WebhookEvent {
        val pairs = ArrayList<HttpHeader>()
        headers?.forEach { (name, value) ->
            if (name != null && value != null) pairs += HttpHeader(name.utf8(), value.utf8())
        }
        return constructEventFromPairs(body, pairs)
    }

    private fun constructEventFromPairs(body: ByteArray, pairs: List<HttpHeader>): WebhookEvent =
        lending(body) { buffer ->
            translatingErrors { native.constructEventFromHeaders(buffer, pairs) }
        }.toEvent()

    override fun close() {
        native.close()
    }

    override fun toString(): String = "Verifier(secrets=[REDACTED; $secretCount])"
}
