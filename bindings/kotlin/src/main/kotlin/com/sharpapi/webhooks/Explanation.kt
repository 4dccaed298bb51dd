package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.HttpHeader
import com.sharpapi.webhooks.ffi.explain as nativeExplain
import com.sharpapi.webhooks.ffi.explainFromHeaders as nativeExplainFromHeaders

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
         * name, list or value is skipped. No such header is [Cause.MissingSignature]; two that
         * carry different values [Cause.MalformedSignature].
         */
        @JvmStatic
        fun fromHeaders(rawBody: ByteArray, headers: Map<out String?, List<String?>?>?, secrets: List<String?>): Explanation {
            val pairs = headers.orEmpty().flatMap { (name, values) ->
                if (name == null) emptyList() else values.orEmpty().mapNotNull { value -> value?.let { name to it } }
            }
            return explainedFromHeaders(rawBody, pairs, secrets)
        }

        /**
         * [fromHeaders] for the request's headers as (name, value) pairs, a repeated header as
         * several pairs; a pair with a null name or value is skipped. Java sees it as
         * `fromHeaderPairs`.
         */
        @JvmStatic
        @JvmName("fromHeaderPairs")
        fun fromHeaders(rawBody: ByteArray, headers: Iterable<Pair<String?, String?>>?, secrets: List<String?>): Explanation {
            val pairs = headers?.mapNotNull { (name, value) -> if (name != null && value != null) name to value else null }.orEmpty()
            return explainedFromHeaders(rawBody, pairs, secrets)
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

        /** The core's `explain_from_headers`: the signature found among [headers] as verification finds it. */
        private fun explainedFromHeaders(rawBody: ByteArray, headers: List<Pair<String, String>>, secrets: List<String?>): Explanation {
            requireLibrary()
            val keys = secrets.mapNotNull { secret -> secret?.utf8() }
            val pairs = headers.map { (name, value) -> HttpHeader(name.utf8(), value.utf8()) }
            try {
                val causes = lending(rawBody) { bodyBuffer -> nativeExplainFromHeaders(bodyBuffer, pairs, keys) }
                return Explanation(causes.map { it.toCause() })
            } finally {
                keys.forEach { key -> key.fill(0) }
            }
        }
    }
}
