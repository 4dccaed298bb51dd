package com.sharpapi.webhooks

import java.nio.charset.CharacterCodingException
import java.util.UUID
import com.sharpapi.webhooks.ffi.testDelivery as nativeTestDelivery

/**
 * A delivery exactly as SharpAPI sends it, for the tests of an endpoint: the body and the headers
 * of the POST. The native library writes the body and signs it, so that a test needs no signing
 * code of its own, and what it sends is what SharpAPI would.
 */
class TestDelivery private constructor(
    /** The body: the exact bytes that were signed, to send as they are. */
    val body: ByteArray,
    /** The `X-Signature` value: 64 lowercase hex digits. */
    val signature: String,
    /**
     * The headers SharpAPI sends, in its order: `Content-Type: application/json`, its `User-Agent`
     * and `X-Signature`. Pass them to [Verifier.constructEventFromHeaders] (Java:
     * `constructEventFromHeaderPairs`), or set each on the request a test sends.
     */
    val headers: List<Pair<String, String>>,
) {
    /** The body's size and the signature; the body itself is in [body]. */
    override fun toString(): String = "TestDelivery(body=${body.size} bytes, signature=$signature)"

    companion object {
        /**
         * The delivery of a job's outcome, signed with [secret]: the body
         * `{"id", "status", "type", "result"}` in SharpAPI's order and escaping (`\/`, `\u00e9`).
         *
         * @param secret the endpoint's secret (or another, to test a refusal).
         * @param id the job's id; a new random UUID unless given.
         * @param status the job's status.
         * @param type the job's type.
         * @param resultJson the `"result"` member as JSON text, written into the body as it is without
         *   surrounding whitespace; null for a delivery without one. Serialize a value with your JSON
         *   library first.
         * @throws WebhookException.InvalidSecret when [secret] is null, empty, or not Unicode text
         *   (it holds a lone UTF-16 surrogate).
         * @throws WebhookException.InvalidPayload when [resultJson] is not one JSON value that a
         *   [Verifier] accepts (an empty text is none), or a text holds a lone UTF-16 surrogate.
         */
        @JvmStatic
        @JvmOverloads
        @Throws(WebhookException::class)
        fun create(
            secret: String?,
            id: String = UUID.randomUUID().toString(),
            status: JobStatus = JobStatus.Success,
            type: JobType = TEST_DELIVERY_TYPE,
            resultJson: String? = null,
        ): TestDelivery = create(secret, id, status.value, type.value, resultJson)

        /**
         * [create] with the status and the type as any text, so that values this version does not
         * know can be tested too.
         */
        @JvmStatic
        @JvmOverloads
        @Throws(WebhookException::class)
        fun create(secret: String?, id: String, status: String, type: String, resultJson: String? = null): TestDelivery {
            requireLibrary()
            val key = secretBytes(secret)
            val native = try {
                lending(key) { keyBuffer ->
                    try {
                        translatingErrors { nativeTestDelivery(keyBuffer, id, status, type, resultJson) }
                    } finally {
                        zero(keyBuffer, 0, key.size)
                    }
                }
            } catch (noUtf8: CharacterCodingException) {
                // UniFFI's generated code refuses a String with no UTF-8 form before the call.
                throw WebhookException.InvalidPayload(
                    "invalid payload: a text of the test delivery (id, status, type or result) holds a lone " +
                        "UTF-16 surrogate, which has no UTF-8 form",
                )
            } finally {
                key.fill(0)
            }
            // The names and values are the core's ASCII text.
            val headers = native.headers.map { header -> header.name.decodeToString() to header.value.decodeToString() }
            return TestDelivery(native.body, native.signature, headers)
        }
    }
}
