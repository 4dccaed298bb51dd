package com.sharpapi.webhooks

import com.sun.jna.Memory
import com.sun.jna.Native
import com.sun.jna.Pointer
import java.lang.ref.Reference
import com.sharpapi.webhooks.ffi.explain as nativeExplain

/**
 * What [Explanation.of] found: the causes that, undone together, make the signature match, or one
 * of [Cause.SignatureMatches], [Cause.MissingSignature], [Cause.MalformedSignature] and
 * [Cause.Unexplained] alone. For the endpoint's owner (a log), never for the sender.
 */
class Explanation private constructor(
    /** The causes, in the order of their numbers; never empty. */
    val causes: List<Cause>,
) {
    /** Whether the signature matches the body as received: nothing to explain. */
    val isValid: Boolean get() = causes == listOf(Cause.SignatureMatches)

    /** Each cause's description, joined with "; ": one line for a log. */
    val summary: String get() = causes.joinToString("; ") { it.description }

    /** The [summary]. */
    override fun toString(): String = summary

    override fun equals(other: Any?): Boolean = other is Explanation && other.causes == causes

    override fun hashCode(): Int = causes.hashCode()

    companion object {
        /**
         * Explains why [signature], the `X-Signature` header (null when absent), does or does not
         * sign [rawBody] with any of [secrets]: the native library tries the usual changes between
         * what SharpAPI signed and what was verified (JSON parsed and written again with other
         * spacing, key order or escapes, CRLF and LF swapped, a trailing newline or a byte order
         * mark, a `sha256=` prefix, whitespace around a pasted secret) and names those that make the
         * signature match.
         *
         * A debugging aid for the endpoint's owner: it costs a few dozen HMACs of the body, so call
         * it after a failure, never for every request, and write its finding to your logs, never
         * into the HTTP answer. It takes the secrets' text because a [Verifier] does not keep it. A
         * null, empty or lone-surrogate secret is skipped, not refused.
         */
        @JvmStatic
        fun of(rawBody: ByteArray, signature: String?, secrets: List<String?>): Explanation =
            explained(rawBody, signatureBytes(signature), secrets)

        /**
         * [of], with `X-Signature` looked up in the request's [headers] by the core's rule, as
         * [Verifier.constructEventFromHeaders] does: each value of a list is its own header, a null
         * name, list or value is skipped.
         *
         * @throws WebhookException.MalformedSignature when two `X-Signature` headers carry different
         *   values: there is no one signature to explain.
         */
        @JvmStatic
        @Throws(WebhookException::class)
        fun fromHeaders(rawBody: ByteArray, headers: Map<out String?, List<String?>?>?, secrets: List<String?>): Explanation {
            val pairs = headers.orEmpty().flatMap { (name, values) ->
                if (name == null) emptyList() else values.orEmpty().mapNotNull { value -> value?.let { name to it } }
            }
            return explained(rawBody, signatureFromHeaders(pairs), secrets)
        }

        /**
         * [fromHeaders] for the request's headers as (name, value) pairs, a repeated header as
         * several pairs; a pair with a null name or value is skipped. Java sees it as
         * `fromHeaderPairs`.
         *
         * @throws WebhookException.MalformedSignature when two `X-Signature` headers carry different
         *   values: there is no one signature to explain.
         */
        @JvmStatic
        @JvmName("fromHeaderPairs")
        @Throws(WebhookException::class)
        fun fromHeaders(rawBody: ByteArray, headers: Iterable<Pair<String?, String?>>?, secrets: List<String?>): Explanation {
            val pairs = headers?.mapNotNull { (name, value) -> if (name != null && value != null) name to value else null }.orEmpty()
            return explained(rawBody, signatureFromHeaders(pairs), secrets)
        }

        /** [signature]'s bytes are empty when the header is absent, as UniFFI's `explain` takes it. */
        private fun explained(rawBody: ByteArray, signature: ByteArray, secrets: List<String?>): Explanation {
            requireLibrary()
            // Each as its UTF-8 (a lone surrogate as 0xFF, which the core skips as it skips any
            // secret that is not UTF-8); a null one has no bytes to try.
            val keys = secrets.mapNotNull { secret -> secret?.utf8() }
            try {
                val causes = lending(rawBody, signature) { bodyBuffer, signatureBuffer ->
                    nativeExplain(bodyBuffer, signatureBuffer, keys)
                }
                return Explanation(causes.map { it.toCause() })
            } finally {
                keys.forEach { key -> key.fill(0) }
            }
        }
    }
}

/**
 * The `X-Signature` value among [headers] by the core's rule, through the C ABI's
 * `sharpapi_signature_from_headers` (UniFFI has no such function): a name equal to `X-Signature`
 * in any ASCII case; the same value twice (after trimming ASCII whitespace) counts once. Its UTF-8
 * bytes, empty when there is no such header (as UniFFI's `explain` takes an absent signature).
 *
 * Not a hot path (a refusal being explained), so one JNA call by name, as for `sharpapi_version`.
 *
 * @throws WebhookException.MalformedSignature when two of them carry different values.
 */
private fun signatureFromHeaders(headers: List<Pair<String, String>>): ByteArray {
    val library = requireLibrary()
    // sharpapi_header_t is two sharpapi_str_t, each a pointer and a size_t: four words, and every
    // platform the jar carries has pointers and size_t of one size.
    val word = Native.POINTER_SIZE
    check(Native.SIZE_T_SIZE == word) { "sharpapi-webhooks: size_t of ${Native.SIZE_T_SIZE} bytes and pointers of $word" }
    val texts = headers.map { (name, value) -> name.utf8() to value.utf8() }
    val headersBytes = headers.size.toLong() * 4 * word
    val outSignature = headersBytes
    val outLength = outSignature + word
    val textsStart = outLength + word
    val memory = Memory(textsStart + texts.sumOf { (name, value) -> name.size + value.size } + 1)
    fun putWord(offset: Long, value: Long) = if (word == 8) memory.setLong(offset, value) else memory.setInt(offset, value.toInt())
    fun word(offset: Long): Long = if (word == 8) memory.getLong(offset) else memory.getInt(offset).toLong()
    try {
        var text = textsStart
        texts.forEachIndexed { index, (name, value) ->
            var field = index.toLong() * 4 * word
            for (bytes in arrayOf(name, value)) {
                memory.write(text, bytes, 0, bytes.size)
                memory.setPointer(field, memory.share(text))
                putWord(field + word, bytes.size.toLong())
                text += bytes.size
                field += 2 * word
            }
        }
        val count: Any = if (word == 8) headers.size.toLong() else headers.size
        val status = library.getFunction("sharpapi_signature_from_headers").invokeInt(
            arrayOf(if (headers.isEmpty()) null else memory, count, memory.share(outSignature), memory.share(outLength)),
        )
        return when (status) {
            0 -> {
                val length = word(outLength).toInt()
                // The value points into this memory, at one of the header values written above (an
                // empty one may point anywhere).
                if (length == 0) return ByteArray(0)
                val found = Pointer.nativeValue(memory.getPointer(outSignature)) - Pointer.nativeValue(memory)
                memory.getByteArray(found, length)
            }
            ErrorCodes.MISSING_SIGNATURE -> ByteArray(0)
            ErrorCodes.MALFORMED_SIGNATURE -> throw WebhookException.MalformedSignature(
                "malformed signature: the request's X-Signature headers carry different values, so there is no " +
                    "one signature to explain",
            )
            else -> throw IllegalStateException("sharpapi-webhooks: sharpapi_signature_from_headers failed with status $status")
        }
    } finally {
        // Freed by JNA's cleaner (Memory.close() needs JNA 5.12, and a project may resolve an older one).
        Reference.reachabilityFence(memory)
    }
}
