package com.sharpapi.webhooks

import java.io.File
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import org.json.JSONObject
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
    private fun jdkSignature(payload: ByteArray, key: String): String = jdkSignature(payload, key.toByteArray())

    private fun jdkSignature(payload: ByteArray, key: ByteArray): String {
        val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }
        return mac.doFinal(payload).joinToString("") { "%02x".format(it) }
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

    @Test
    fun `a NUL inside a secret is part of it, so the full secret verifies and the one cut at the NUL does not`() {
        val withNul = "ab\u0000cd"
        val full = jdkSignature(body, byteArrayOf(0x61, 0x62, 0, 0x63, 0x64))
        val cut = jdkSignature(body, "ab")
        assertNotEquals(cut, full)
        assertEquals(full, sign(body, withNul))
        verify(body, full, withNul)
        assertThrows<WebhookException.InvalidSignature> { verify(body, cut, withNul) }
        Verifier(listOf(withNul)).use { verifier ->
            verifier.verify(body, full)
            assertThrows<WebhookException.InvalidSignature> { verifier.verify(body, cut) }
        }
        Verifier(listOf("ab")).use { verifier ->
            assertThrows<WebhookException.InvalidSignature> { verifier.verify(body, full) }
        }
    }

    @Test
    fun `a valid signature with a NUL and more after it, or inside it, is malformed`() {
        val good = jdkSignature(body, secret)
        Verifier(listOf(secret)).use { verifier ->
            val odd = listOf("$good\u0000junk", "$good\u0000", "\u0000$good", good.replaceRange(10, 11, "\u0000"))
            for (signature in odd) {
                assertThrows<WebhookException.MalformedSignature>(signature) { verifier.verify(body, signature) }
                assertThrows<WebhookException.MalformedSignature>(signature) { verify(body, signature, secret) }
                assertThrows<WebhookException.MalformedSignature>(signature) {
                    verifier.constructEventFromHeaders(body, listOf("X-Signature" to signature))
                }
            }
        }
    }

    @Test
    fun `strings cross as UTF-8, a lone surrogate as the byte 0xFF, never as a question mark or U+FFFD`() {
        fun bytes(vararg values: Int) = values.map(Int::toByte)
        assertEquals(bytes(0x61, 0xC3, 0xA9, 0x00), "a\u00e9\u0000".utf8().toList())
        assertEquals(bytes(0xF0, 0x9F, 0x94, 0x91), "\uD83D\uDD11".utf8().toList())
        assertEquals(bytes(0x61, 0xFF, 0x62), "a\uD800b".utf8().toList())
        assertEquals(bytes(0xFF, 0xFF, 0x21), "\uDE00\uD83D!".utf8().toList())
        assertEquals(bytes(0xE4, 0xBD, 0xA0, 0xFF), "\u4F60\uDBFF".utf8().toList())
    }

    @Test
    fun `a secret with a lone surrogate is InvalidSecret, typed, everywhere a secret is taken`() {
        for (lone in listOf("\uD800", "a\uDC00", "whsec_\uDE00\uD83D")) {
            assertThrows<WebhookException.InvalidSecret> { Verifier(listOf(lone)) }
            assertThrows<WebhookException.InvalidSecret> { Verifier(listOf(secret, lone)) }
            assertThrows<WebhookException.InvalidSecret> { sign(body, lone) }
            assertThrows<WebhookException.InvalidSecret> { verify(body, jdkSignature(body, secret), lone) }
        }
        // A well-formed pair is ordinary text.
        assertEquals(jdkSignature(body, "whsec_\uD83D\uDD11"), sign(body, "whsec_\uD83D\uDD11"))
    }

    @Test
    fun `a null secret, a null in the list, a null list or an unset variable is InvalidSecret, not a NullPointerException`() {
        val unset: String? = System.getenv("SHARPAPI_WEBHOOKS_TEST_SURELY_UNSET")
        assertNull(unset)
        val calls: List<() -> Any> = listOf(
            { Verifier(null) },
            { Verifier(listOf(null)) },
            { Verifier(listOf(secret, null)) },
            { Verifier(listOf(unset)) },
            { sign(body, null) },
            { sign(body, unset) },
            { verify(body, jdkSignature(body, secret), null) },
        )
        calls.forEachIndexed { index, call ->
            val refused = assertThrows<WebhookException.InvalidSecret>("call $index") { call() }
            assertTrue(refused.message!!.startsWith("invalid secret:"), refused.message)
        }
        // As a Java caller passes it: through the constructor that Java sees.
        val fromJava = assertThrows<java.lang.reflect.InvocationTargetException> {
            Verifier::class.java.getConstructor(List::class.java).newInstance(null)
        }
        assertTrue(fromJava.cause is WebhookException.InvalidSecret, fromJava.cause.toString())
    }

    @Test
    fun `headers are each value its own header, in any case, repeats counted once, nulls skipped`() {
        val signature = jdkSignature(body, secret)
        val other = "0".repeat(64)
        Verifier(listOf(secret)).use { verifier ->
            fun status(headers: Map<String?, List<String?>?>?) = verifier.constructEventFromHeaders(body, headers).status
            fun status(headers: List<Pair<String?, String?>>?) = verifier.constructEventFromHeaders(body, headers).status

            assertEquals(JobStatus.Success, status(mapOf("x-SiGnAtUrE" to listOf(signature))))
            assertEquals(JobStatus.Success, status(listOf("X-Signature" to signature, "x-signature" to "\t$signature ")))
            // HttpURLConnection.getHeaderFields(): the status line under a null name.
            val fields = mapOf(null to listOf("HTTP/1.1 200 OK"), "X-Signature" to listOf(null, signature), "X-Empty" to null)
            assertEquals(JobStatus.Success, status(fields))

            val disagreeing = listOf<() -> Any>(
                { status(mapOf("X-Signature" to listOf(signature, other))) },
                { status(listOf("X-Signature" to signature, "X-SIGNATURE" to other)) },
                { status(mapOf("X-Signature" to listOf(signature), "x-signature" to listOf(other))) },
                // Values are compared as text after trimming: the same digits in another case differ.
                { status(mapOf("X-Signature" to listOf(signature, signature.uppercase()))) },
                // What a framework that joins repeated headers would pass: one value, not 64 digits.
                { status(mapOf("X-Signature" to listOf("$signature, $signature"))) },
            )
            for (call in disagreeing) assertThrows<WebhookException.MalformedSignature> { call() }

            val missing = listOf<() -> Any>(
                { status(null as Map<String?, List<String?>?>?) },
                { status(null as List<Pair<String?, String?>>?) },
                { status(listOf(null to signature, "X-Signature" to null)) },
                // Only the exact name matches; a lone surrogate in a name is never the name.
                { status(mapOf(" X-Signature" to listOf(signature), "X-Signature:" to listOf(signature), "X_Signature" to listOf(signature))) },
                { status(mapOf("X-Signature\uD800" to listOf(signature))) },
            )
            for (call in missing) assertThrows<WebhookException.MissingSignature> { call() }
        }
    }

    @Test
    fun `an InvalidPayload message says at which line and column`() {
        val broken = "{\n  \"id\": \"x\",\n  \"status\": }".toByteArray()
        val refusals = Verifier(listOf(secret)).use { verifier ->
            listOf(
                assertThrows<WebhookException.InvalidPayload> { verifier.constructEvent(broken, jdkSignature(broken, secret)) },
                assertThrows<WebhookException.InvalidPayload> { parseEventUnverified(broken) },
            )
        }
        for (refused in refusals) {
            assertTrue(refused.message!!.startsWith("invalid payload:"), refused.message)
            assertTrue(" at line 3 column " in refused.message!!, refused.message)
        }
    }

    @Test
    fun `the body may nest as deep as the vocabulary's limit and not one level more`() {
        val limit = JSONObject(File(System.getProperty("vocabulary.file")).readText()).getInt("max_nesting_depth")
        // The event object is level 1; its result holds the other levels.
        fun nested(depth: Int): ByteArray {
            val result = "[".repeat(depth - 1) + "]".repeat(depth - 1)
            return """{"id":"x","status":"success","type":"content_summarize","result":$result}""".toByteArray()
        }
        Verifier(listOf(secret)).use { verifier ->
            val deepest = nested(limit)
            assertEquals("[".repeat(limit - 1) + "]".repeat(limit - 1), verifier.constructEvent(deepest, jdkSignature(deepest, secret)).resultJson)
            val tooDeep = nested(limit + 1)
            for (refused in listOf(
                assertThrows<WebhookException.InvalidPayload> { verifier.constructEvent(tooDeep, jdkSignature(tooDeep, secret)) },
                assertThrows<WebhookException.InvalidPayload> { parseEventUnverified(tooDeep) },
            )) {
                assertTrue("deeper than $limit levels at line 1 column " in refused.message!!, refused.message)
            }
        }
    }

    @Test
    fun `no secret appears in any error message, whatever failed`() {
        val visible = "whsec_do_not_print"
        val secrets = listOf(visible, "$visible\uD800", "$visible\u0000")
        val good = jdkSignature(body, visible)
        val errors = mutableListOf<Throwable>()
        fun collect(call: () -> Any) {
            errors += runCatching { call() }.exceptionOrNull() ?: return
        }
        for (key in secrets) {
            collect { Verifier(listOf(key, "")) }
            collect { Verifier(listOf(key, null)) }
            collect { sign(body, key) }
            for (signature in listOf(null, "nothex", "$good\u0000junk", "0".repeat(64))) {
                collect { verify(body, signature, key) }
                collect { verify(byteArrayOf(1), signature, key) }
            }
            runCatching { Verifier(listOf(key)) }.getOrNull()?.use { verifier ->
                for (signature in listOf(null, "nothex", "0".repeat(64), good)) {
                    collect { verifier.constructEvent(byteArrayOf(1), signature) }
                    collect { verifier.constructEventFromHeaders(byteArrayOf(1), listOf("X-Signature" to signature)) }
                }
                assertFalse(visible in verifier.toString(), verifier.toString())
            }
        }
        assertTrue(errors.size > 40, "only ${errors.size} failures")
        for (error in errors) {
            assertTrue(error is WebhookException, error.toString())
            assertFalse(visible in error.toString(), error.toString())
        }
    }
}
