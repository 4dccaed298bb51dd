package com.sharpapi.webhooks

import java.lang.ref.Cleaner
import java.lang.ref.Reference

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
    // Only the native side keeps the keyed HMAC state (a sharpapi_verifier_t of the C ABI, see
    // NativeMethods.kt); the secrets' text is not held here.
    private val handle: VerifierHandle
    private val cleanable: Cleaner.Cleanable
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
            handle = newVerifierHandle(keys)
        } finally {
            keys.forEach { key -> key.fill(0) }
        }
        secretCount = keys.size
        // The handle, not this verifier, is the action: it must not keep the verifier reachable.
        cleanable = cleaner.register(this, handle)
    }

    /**
     * Checks that [signature] (the `X-Signature` value; null when the header is absent) signs
     * [body], the request body exactly as received, under one of the secrets.
     */
    @Throws(WebhookException::class)
    fun verify(body: ByteArray, signature: String?) {
        verifying(body, signature) { status, memory -> if (status != 0) throw failure(status, memory) }
    }

    /** Whether [verify] would succeed; never throws a [WebhookException]. */
    fun isValid(body: ByteArray, signature: String?): Boolean =
        verifying(body, signature) { status, memory ->
            // Below 100, a refused delivery; from 100 on, the C ABI's own failures, which throw.
            if (status >= FIRST_ABI_STATUS) throw failure(status, memory)
            status == 0
        }

    /** [verify], then parses the verified body. */
    @Throws(WebhookException::class)
    fun constructEvent(body: ByteArray, signature: String?): WebhookEvent =
        delivering(body, signature) { verifier, memory, signatureAddress, signatureLength ->
            val status = NativeMethods.sharpapi_verifier_construct_event(
                verifier, memory.address + CallMemory.OUT_BYTES, body.size.toLong(), signatureAddress, signatureLength, memory.address,
            )
            Reference.reachabilityFence(memory)
            if (status != 0) throw failure(status, memory)
            takeEvent(memory)
        }

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
    fun constructEventFromHeaders(body: ByteArray, headers: Map<out String?, List<String?>?>?): WebhookEvent =
        fromHeaders(body) { arguments ->
            headers?.forEach { (name, values) ->
                if (name != null && values != null) {
                    // By index where that is cheap (ArrayList, List.of): no iterator per header.
                    if (values is RandomAccess) {
                        for (index in values.indices) values[index]?.let { arguments.add(name, it) }
                    } else {
                        for (value in values) if (value != null) arguments.add(name, value)
                    }
                }
            }
        }

    /**
     * [constructEventFromHeaders] for the request's headers as (name, value) pairs in the order
     * received, a repeated header as several pairs; a pair with a null name or value is skipped.
     * Java sees it as `constructEventFromHeaderPairs`, so that Java's overload resolution never
     * needs `kotlin.Pair`.
     */
    @Throws(WebhookException::class)
    @JvmName("constructEventFromHeaderPairs")
    fun constructEventFromHeaders(body: ByteArray, headers: Iterable<Pair<String?, String?>>?): WebhookEvent =
        fromHeaders(body) { arguments ->
            headers?.forEach { (name, value) ->
                if (name != null && value != null) arguments.add(name, value)
            }
        }

    /** `sharpapi_verifier_verify` on [body] and [signature]; [outcome] makes the answer of its status. */
    private inline fun <T> verifying(body: ByteArray, signature: String?, outcome: (status: Int, memory: CallMemory) -> T): T =
        delivering(body, signature) { verifier, memory, signatureAddress, signatureLength ->
            val status = NativeMethods.sharpapi_verifier_verify(
                verifier, memory.address + CallMemory.OUT_BYTES, body.size.toLong(), signatureAddress, signatureLength,
            )
            Reference.reachabilityFence(memory)
            outcome(status, memory)
        }

    /**
     * Runs [call] with the verifier's address (counted in as a call in flight until [call]
     * returns, see [VerifierHandle]), and call memory holding [body] at [CallMemory.OUT_BYTES]
     * and [signature]'s UTF-8 after it (address 0 and length 0 when it is null: no header).
     */
    private inline fun <T> delivering(
        body: ByteArray,
        signature: String?,
        call: (verifier: Long, memory: CallMemory, signatureAddress: Long, signatureLength: Long) -> T,
    ): T = calling { verifier ->
        // Room for the signature as ASCII; the memory grows for anything else.
        val memory = CallMemory.take(body.size.toLong() + (signature?.length ?: 0))
        try {
            memory.put(body)
            var signatureOffset = 0
            var signatureLength = 0
            if (signature != null) {
                memory.stage(signature)
                signatureLength = memory.stagedBytes
                signatureOffset = memory.putStaged()
            }
            // Addresses only now: writing may have moved the memory.
            val signatureAddress = if (signature == null) 0L else memory.address + signatureOffset
            call(verifier, memory, signatureAddress, signatureLength.toLong())
        } finally {
            // After the library returned (each call fences it): given back, or freed.
            memory.close()
        }
    }

    /** `sharpapi_verifier_construct_event_from_headers` on [body] and the headers [addHeaders] adds. */
    private inline fun fromHeaders(body: ByteArray, addHeaders: (HeaderArguments) -> Unit): WebhookEvent = calling { verifier ->
        val arguments = HeaderArguments(body)
        val memory = arguments.memory
        try {
            addHeaders(arguments)
            val headers = arguments.finish()
            val status = NativeMethods.sharpapi_verifier_construct_event_from_headers(
                verifier, memory.address + CallMemory.OUT_BYTES, body.size.toLong(), memory.address + headers, arguments.size.toLong(),
                memory.address,
            )
            Reference.reachabilityFence(memory)
            if (status != 0) throw failure(status, memory)
            takeEvent(memory)
        } finally {
            memory.close()
        }
    }

    /** Runs [call] with the verifier's address, counted in as a call in flight until it returns. */
    private inline fun <T> calling(call: (verifier: Long) -> T): T {
        val verifier = handle.acquire()
        try {
            return call(verifier)
        } finally {
            handle.release()
            // The in-flight count alone keeps the handle from being freed under the call; this keeps
            // the verifier itself, and so its Cleaner, out of the picture until the call is over.
            Reference.reachabilityFence(this)
        }
    }

    override fun close() {
        cleanable.clean()
    }

    override fun toString(): String = "Verifier(secrets=[REDACTED; $secretCount])"
}

/** One thread frees the native state of every verifier nobody closed. */
private val cleaner: Cleaner by lazy { Cleaner.create() }
