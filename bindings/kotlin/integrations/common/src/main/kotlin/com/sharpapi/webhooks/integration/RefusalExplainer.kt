package com.sharpapi.webhooks.integration

import com.sharpapi.webhooks.Explanation
import com.sharpapi.webhooks.WebhookException

/**
 * The integrations' opt-in `explainFailures`, a debugging aid: for a refused signature
 * (MissingSignature, MalformedSignature, InvalidSignature), the log line that says why, as
 * [Explanation.fromHeaders] finds it (a body parsed and written again, a newline or a BOM added,
 * whitespace around a secret, ...). The line goes to the server's log, for the endpoint's owner;
 * the HTTP answer is the same as without it.
 *
 * It keeps the secrets' text, which a [com.sharpapi.webhooks.Verifier] does not, and costs a few
 * dozen HMACs of each refused body: turn it on while finding out why deliveries are refused.
 */
class RefusalExplainer(secrets: List<String?>) {
    private val secrets: List<String?> = secrets.toList()

    /**
     * The log line for [refused], explained from the request's [rawBody] and [headers] (each value
     * of a list its own header), or null when [refused] is no signature refusal (InvalidPayload,
     * InvalidSecret): there is nothing to explain.
     */
    fun explain(rawBody: ByteArray, headers: Map<out String?, List<String?>?>?, refused: WebhookException): String? =
        line(refused) { Explanation.fromHeaders(rawBody, headers, secrets) }

    /** [explain] for the request's headers as (name, value) pairs; Java sees it as `explainHeaderPairs`. */
    @JvmName("explainHeaderPairs")
    fun explain(rawBody: ByteArray, headers: Iterable<Pair<String?, String?>>?, refused: WebhookException): String? =
        line(refused) { Explanation.fromHeaders(rawBody, headers, secrets) }

    private inline fun line(refused: WebhookException, explain: () -> Explanation): String? {
        when (refused) {
            is WebhookException.MissingSignature,
            is WebhookException.MalformedSignature,
            is WebhookException.InvalidSignature,
            -> {}
            is WebhookException.InvalidPayload, is WebhookException.InvalidSecret -> return null
        }
        val refusal = "a SharpAPI webhook delivery was refused with ${refused.javaClass.simpleName}"
        return "$refusal; explained: " + explain().causes.joinToString("; ") { "${it.wireText}: ${it.description}" }
    }

    override fun toString(): String = "RefusalExplainer(secrets=[REDACTED; ${secrets.size}])"
}
