package com.sharpapi.webhooks.integration

import com.sharpapi.webhooks.Verifier
import com.sharpapi.webhooks.WebhookException
import com.sharpapi.webhooks.WebhookProtocol
import com.sharpapi.webhooks.sign
import java.io.ByteArrayInputStream
import java.io.File
import java.io.InputStream
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class WebhookAnswerTest {
    private val vocabulary = JSONObject(File(System.getProperty("vocabulary.file")).readText())

    @Test
    fun `each core error is answered with its name, code and message, 401 400 or 500`() {
        val secret = "whsec_answers"
        val body = """{"id":"a","status":"success","type":"content_translate"}""".toByteArray()
        val errors = Verifier(listOf(secret)).use { verifier ->
            listOf(
                runCatching { Verifier(emptyList()) },
                runCatching { verifier.verify(body, null) },
                runCatching { verifier.verify(body, "not hex") },
                runCatching { verifier.verify(body, sign(body, "whsec_other")) },
                runCatching { verifier.constructEvent("[1]".toByteArray(), sign("[1]".toByteArray(), secret)) },
            ).map { it.exceptionOrNull() as WebhookException }
        }
        val codes = (0 until vocabulary.getJSONArray("errors").length())
            .map { vocabulary.getJSONArray("errors").getJSONObject(it) }
            .associate { it.getString("name") to it.getInt("code") }
        val statuses = mapOf(
            "InvalidSecret" to 500, "MissingSignature" to 401, "MalformedSignature" to 401,
            "InvalidSignature" to 401, "InvalidPayload" to 400,
        )
        assertEquals(codes.keys, errors.map { it.javaClass.simpleName }.toSet())
        for (error in errors) {
            val answer = WebhookAnswer.refused(error)
            val name = error.javaClass.simpleName
            val json = JSONObject(answer.json)
            assertEquals(statuses.getValue(name), answer.status, name)
            assertEquals(setOf("error", "code", "message"), json.keySet())
            assertEquals(name, json.getString("error"))
            assertEquals(codes.getValue(name), json.getInt("code"))
            assertEquals(error.message, json.getString("message"))
            assertFalse(secret in answer.json)
        }
    }

    @Test
    fun `the other answers of the table`() {
        val tooLarge = WebhookAnswer.payloadTooLarge(1234)
        assertEquals(413, tooLarge.status)
        assertEquals("PayloadTooLarge", JSONObject(tooLarge.json).getString("error"))
        assertTrue("limit of 1234 bytes" in JSONObject(tooLarge.json).getString("message"))
        assertEquals("close", tooLarge.headers["Connection"])

        val get = WebhookAnswer.methodNotAllowed("GET")
        assertEquals(405, get.status)
        assertEquals("POST", get.headers["Allow"])
        assertEquals("MethodNotAllowed", JSONObject(get.json).getString("error"))

        val busy = WebhookAnswer.inProgress("job-1")
        assertEquals(409, busy.status)
        assertEquals("InProgress", JSONObject(busy.json).getString("error"))

        assertEquals(200, WebhookAnswer.duplicate("job-1").status)
        assertEquals("""{"id":"job-1","outcome":"duplicate"}""", WebhookAnswer.duplicate("job-1").json)
        assertEquals("""{"id":"job-1","outcome":"handled"}""", WebhookAnswer.handled("job-1").json)

        for ((answer, status, error) in listOf(
            Triple(WebhookAnswer.bodyUnreadable(), 400, "BodyUnreadable"),
            Triple(WebhookAnswer.bodyConsumed(), 500, "BodyConsumed"),
            Triple(WebhookAnswer.storeUnavailable(), 503, "StoreUnavailable"),
        )) {
            assertEquals(status, answer.status)
            assertEquals(setOf("error", "message"), JSONObject(answer.json).keySet())
            assertEquals(error, JSONObject(answer.json).getString("error"))
        }

        val failed = WebhookAnswer.handlerFailed()
        assertEquals(500, failed.status)
        assertEquals(
            mapOf("error" to "HandlerFailed", "message" to "the webhook handler failed; SharpAPI will retry"),
            JSONObject(failed.json).toMap(),
        )
    }

    @Test
    fun `ids and messages are escaped as JSON strings`() {
        val id = "q\"b\\s\n\u0001\u2028 \uD83D\uDE00 \uD800 é"
        val parsed = JSONObject(WebhookAnswer.duplicate(id).json)
        // The lone surrogate survives as its \u escape; everything else as itself.
        assertEquals(id, parsed.getString("id"))
        assertTrue("\\ud800" in WebhookAnswer.duplicate(id).json)
    }

    @Test
    fun `the default body limit is the vocabulary's`() {
        assertEquals(vocabulary.getLong("default_max_body_bytes"), BodyLimit.DEFAULT)
        assertEquals(16L * 1024 * 1024, WebhookProtocol.DEFAULT_MAX_BODY_BYTES)
        assertEquals(vocabulary.getString("user_agent"), WebhookProtocol.USER_AGENT)
        assertEquals(vocabulary.getString("signature_header"), WebhookProtocol.SIGNATURE_HEADER)
    }

    @Test
    fun `a body up to the limit is read whole, one byte more is refused`() {
        val body = ByteArray(100) { it.toByte() }
        assertArrayEquals(body, BodyLimit.read(ByteArrayInputStream(body), 100, 100))
        assertArrayEquals(body, BodyLimit.read(ByteArrayInputStream(body), -1, 100))
        assertThrows<PayloadTooLargeException> { BodyLimit.read(ByteArrayInputStream(body), -1, 99) }
        assertThrows<IllegalArgumentException> { BodyLimit.checked(0) }
        assertThrows<IllegalArgumentException> { BodyLimit.checked(Long.MAX_VALUE) }
        assertEquals(BodyLimit.MAX, BodyLimit.checked(BodyLimit.MAX))
    }

    @Test
    fun `a declared length over the limit is refused before reading, a chunked one as soon as it passes`() {
        var reads = 0
        val endless = object : InputStream() {
            override fun read(): Int = 0

            override fun read(buffer: ByteArray, offset: Int, length: Int): Int {
                reads++
                return length
            }
        }
        val refused = assertThrows<PayloadTooLargeException> { BodyLimit.read(endless, 1_000_001, 1_000_000) }
        assertEquals(1_000_000, refused.limit)
        assertEquals(0, reads)
        assertThrows<PayloadTooLargeException> { BodyLimit.read(endless, -1, 1_000_000) }
        assertTrue(reads in 62..64, "read $reads times") // 16 KiB at a time, stopped right past 1 MB
    }
}
