package com.sharpapi.webhooks

import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The Kotlin layer itself: error codes, absent and odd arguments, the closed verifier, secrecy. */
class ApiTest {
    private val secret = "whsec_kotlin"
    private val body = """{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"n":1.10}}"""
        .toByteArray()

    // The JDK's HMAC, so that these tests do not check the binding against itself.
    private fun jdkSignature(payload: ByteArray, key: String): String {
        val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key.toByteArray(), "HmacSHA256")) }
        return mac.doFinal(payload).joinToString("") { "%02x".format(it) }
    }

    @Test
    fun `each error has its permanent code, from a real failure of each kind`() {
        val verifier = Verifier(listOf(secret))
        val raised = listOf(
            assertThrows<WebhookException> { Verifier(emptyList()) },
            assertThrows<WebhookException> { verifier.verify(body, null) },
            assertThrows<WebhookException> { verifier.verify(body, "not hex") },
            assertThrows<WebhookException> { verifier.verify(body, "0".repeat(64)) },
            assertThrows<WebhookException> { verifier.constructEvent(byteArrayOf(), jdkSignature(byteArrayOf(), secret)) },
        )
        val codes = raised.associate { error ->
            // Exhaustive: a new subclass must be given its row here.
            val name = when (error) {
                is WebhookException.InvalidSecret -> "InvalidSecret"
                is WebhookException.MissingSignature -> "MissingSignature"
                is WebhookException.MalformedSignature -> "MalformedSignature"
                is WebhookException.InvalidSignature -> "InvalidSignature"
                is WebhookException.InvalidPayload -> "InvalidPayload"
            }
            name to error.code
        }
        // The table in the top-level README.
        val table = mapOf(
            "InvalidSecret" to 1,
            "MissingSignature" to 2,
            "MalformedSignature" to 3,
            "InvalidSignature" to 4,
            "InvalidPayload" to 5,
        )
        assertEquals(table, codes)
    }

    @Test
    fun `a delivery signed by the JDK is verified and parsed`() {
        Verifier(listOf("whsec_previous", secret)).use { verifier ->
            val signature = jdkSignature(body, secret)
            verifier.verify(body, signature)
            assertTrue(verifier.isValid(body, signature.uppercase()))
            val event = verifier.constructEvent(body, " $signature\t")
            assertEquals(
                WebhookEvent("bf683177-3a48-47d1-9c4e-0b4de39517fa", JobStatus.Success, JobType.ContentTranslate, """{"n":1.10}"""),
                event,
            )
            assertSame(JobType.ContentTranslate, event.type)
            assertEquals(signature, sign(body, secret))
        }
    }

    @Test
    fun `unknown status and type keep their text and compare by it`() {
        val unknown = """{"id":"x","status":"queued","type":"content_new","result":null}""".toByteArray()
        val anotherUnknown = """{"id":"x","status":"queued","type":"content_old"}""".toByteArray()
        val event = parseEventUnverified(unknown)
        assertEquals("queued", event.status.value)
        assertEquals("content_new", event.type.value)
        assertTrue(event.status is JobStatus.Other && event.type is JobType.Other)
        assertEquals(event, parseEventUnverified(unknown))
        assertNotEquals(event.type, parseEventUnverified(anotherUnknown).type)
        assertNull(event.resultJson)
    }

    @Test
    fun `an absent, empty or blank signature is missing, and isValid says false without throwing`() {
        Verifier(listOf(secret)).use { verifier ->
            for (signature in listOf(null, "", " \t ")) {
                assertThrows<WebhookException.MissingSignature>("<$signature>") { verifier.verify(body, signature) }
                assertThrows<WebhookException.MissingSignature>("<$signature>") { verifier.constructEvent(body, signature) }
                assertThrows<WebhookException.MissingSignature>("<$signature>") { verify(body, signature, secret) }
                assertFalse(verifier.isValid(body, signature))
            }
            assertThrows<WebhookException.MissingSignature> { verifier.constructEventFromHeaders(body, emptyMap()) }
        }
    }

    @Test
    fun `a signature that cannot be 64 hex digits is malformed, whatever its characters`() {
        val good = jdkSignature(body, secret)
        Verifier(listOf(secret)).use { verifier ->
            // Non-ASCII, NUL, a lone surrogate (which has no UTF-8 form), one digit short, one too many.
            val short = good.dropLast(1)
            val odd = listOf("é".repeat(64), short + "\u0000", short + "\uD800", short, good + "0")
            for (signature in odd) {
                assertThrows<WebhookException.MalformedSignature>(signature) { verifier.verify(body, signature) }
                assertFalse(verifier.isValid(body, signature))
            }
            val headers = mapOf("X-Signature" to listOf(short + "\uD800"), "X-Other\uDC00" to listOf("\uD800"))
            assertThrows<WebhookException.MalformedSignature> { verifier.constructEventFromHeaders(body, headers) }
        }
    }

    @Test
    fun `headers are found in any case and a repeated value counts once`() {
        val signature = jdkSignature(body, secret)
        Verifier(listOf(secret)).use { verifier ->
            val headers = mapOf("content-type" to listOf("application/json"), "x-signature" to listOf(signature, " $signature"))
            assertEquals(JobStatus.Success, verifier.constructEventFromHeaders(body, headers).status)
            val disagreeing = mapOf("X-Signature" to listOf(signature), "X-SIGNATURE" to listOf("0".repeat(64)))
            assertThrows<WebhookException.MalformedSignature> { verifier.constructEventFromHeaders(body, disagreeing) }
        }
    }

    @Test
    fun `empty secrets, no secrets and secrets without UTF-8 form are invalid`() {
        val invalid = listOf(emptyList(), listOf(""), listOf(secret, ""), listOf("\uD800"), listOf(secret, "a\uDC00"))
        for (secrets in invalid) {
            assertThrows<WebhookException.InvalidSecret>(secrets.toString()) { Verifier(secrets) }
        }
        assertThrows<WebhookException.InvalidSecret> { sign(body, "") }
        assertThrows<WebhookException.InvalidSecret> { sign(body, "\uD800") }
        assertThrows<WebhookException.InvalidSecret> { verify(body, jdkSignature(body, secret), "\uD800") }
    }

    @Test
    fun `the body is every byte as given, empty or large, with NULs and invalid UTF-8`() {
        Verifier(listOf(secret)).use { verifier ->
            val large = ByteArray(4 shl 20) { (it * 31).toByte() }
            val notUtf8 = byteArrayOf(0xff.toByte(), 0xfe.toByte())
            for (payload in listOf(byteArrayOf(), byteArrayOf(0, 0), notUtf8, large)) {
                val signature = jdkSignature(payload, secret)
                verifier.verify(payload, signature)
                assertFalse(verifier.isValid(payload + 0, signature), "one byte more")
                val refused = assertThrows<WebhookException.InvalidPayload> { verifier.constructEvent(payload, signature) }
                assertTrue(refused.message!!.startsWith("invalid payload:"), refused.message)
            }
        }
    }

    @Test
    fun `no secret or signature appears in errors or in the verifier's text`() {
        val other = "whsec_other_secret"
        val verifier = Verifier(listOf(secret, other))
        val signature = jdkSignature(body, "whsec_wrong")
        val refused = assertThrows<WebhookException.InvalidSignature> { verifier.verify(body, signature) }
        for (text in listOf(refused.message!!, verifier.toString())) {
            assertFalse(secret in text || other in text || signature in text, text)
        }
        assertEquals("Verifier(secrets=[REDACTED; 2])", verifier.toString())
        assertTrue("raw request body" in refused.message!!, refused.message)
    }

    @Test
    fun `a closed verifier refuses every call, and closing twice is harmless`() {
        val verifier = Verifier(listOf(secret))
        val signature = jdkSignature(body, secret)
        verifier.close()
        verifier.close()
        assertThrows<IllegalStateException> { verifier.verify(body, signature) }
        assertThrows<IllegalStateException> { verifier.isValid(body, signature) }
        assertThrows<IllegalStateException> { verifier.constructEvent(body, signature) }
    }
}
