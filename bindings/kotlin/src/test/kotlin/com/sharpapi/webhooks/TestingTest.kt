package com.sharpapi.webhooks

import java.io.File
import java.util.UUID
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.fail
import com.sharpapi.webhooks.ffi.Cause as NativeCause

/**
 * TestDelivery and Explanation (issue 14's contract, spec/TEST_HELPERS.md): the test delivery verified
 * by this package's own Verifier and its body byte for byte, through every vector of
 * tests/vectors/test_delivery/deliveries.json; every vector of
 * tests/vectors/explain/transformations.json through [Explanation.of]; Cause against the vocabulary.
 */
class TestingTest {
    private val secret = "whsec_test_helpers"

    @Test
    fun `the contract's fixed delivery is byte for byte its body, verified from its headers`() {
        val delivery = TestDelivery.create(secret, "job-1", resultJson = """{"content":"Hallo"}""")
        assertArrayEquals(
            """{"id":"job-1","status":"success","type":"content_translate","result":{"content":"Hallo"}}""".toByteArray(),
            delivery.body,
        )
        assertEquals(sign(delivery.body, secret), delivery.signature)
        assertEquals(
            listOf("Content-Type" to "application/json", "User-Agent" to WebhookProtocol.USER_AGENT, "X-Signature" to delivery.signature),
            delivery.headers,
        )
        val event = Verifier(listOf(secret)).use { it.constructEventFromHeaders(delivery.body, delivery.headers) }
        assertEquals(WebhookEvent("job-1", JobStatus.Success, JobType.ContentTranslate, """{"content":"Hallo"}"""), event)
        // The Map form, as the JDK server and Spring hand headers over.
        val asMap = delivery.headers.associate { (name, value) -> name to listOf(value) }
        assertEquals(event, Verifier(listOf(secret)).use { it.constructEventFromHeaders(delivery.body, asMap) })
    }

    @Test
    fun `the defaults are a random UUID, success and content_translate, without a result`() {
        val first = TestDelivery.create(secret)
        val second = TestDelivery.create(secret)
        val event = parseEventUnverified(first.body)
        assertEquals(UUID.fromString(event.id).toString(), event.id)
        assertEquals(4, UUID.fromString(event.id).version())
        assertNotEquals(event.id, parseEventUnverified(second.body).id)
        assertEquals(JobStatus.Success, event.status)
        assertEquals(JobType.ContentTranslate, event.type)
        assertEquals(null, event.resultJson)
        assertEquals("""{"id":"${event.id}","status":"success","type":"content_translate"}""", first.body.decodeToString())
    }

    @Test
    fun `status and type are any text, known or not, and the result is written as given`() {
        val failed = TestDelivery.create(secret, "job-2", JobStatus.Failed, JobType.SeoGenerateTags, "[1, 2.50,\"\\u00e9\"]")
        assertEquals(
            """{"id":"job-2","status":"failed","type":"seo_generate_tags","result":[1, 2.50,"\u00e9"]}""",
            failed.body.decodeToString(),
        )
        val unknown = TestDelivery.create(secret, id = "job-3", status = "archived", type = "video_dub")
        val event = Verifier(listOf(secret)).use { it.constructEventFromHeaders(unknown.body, unknown.headers) }
        assertEquals("archived", event.status.value)
        assertTrue(event.status is JobStatus.Other)
        assertEquals("video_dub", event.type.value)
        // The id is escaped as JSON text by the core.
        val quoted = TestDelivery.create(secret, "a \"quoted\" id\n")
        assertEquals("a \"quoted\" id\n", parseEventUnverified(quoted.body).id)
    }

    @Test
    fun `a test delivery signed with another secret is refused, with the secrets given in rotation verified`() {
        val delivery = TestDelivery.create("whsec_previous")
        Verifier(listOf(secret)).use { verifier ->
            assertThrows<WebhookException.InvalidSignature> { verifier.constructEventFromHeaders(delivery.body, delivery.headers) }
        }
        Verifier(listOf(secret, "whsec_previous")).use { verifier ->
            verifier.constructEventFromHeaders(delivery.body, delivery.headers)
        }
    }

    @Test
    fun `a bad secret is InvalidSecret and a result that is no JSON value InvalidPayload, typed`() {
        assertThrows<WebhookException.InvalidSecret> { TestDelivery.create("") }
        assertThrows<WebhookException.InvalidSecret> { TestDelivery.create(null) }
        assertThrows<WebhookException.InvalidSecret> { TestDelivery.create("whsec_\uD800") }
        val notJson = assertThrows<WebhookException.InvalidPayload> { TestDelivery.create(secret, resultJson = "{\"a\":") }
        assertTrue("test result" in notJson.message!!, notJson.message)
        assertThrows<WebhookException.InvalidPayload> { TestDelivery.create(secret, resultJson = "1 2") }
        // A lone surrogate has no UTF-8 form: refused, typed, never written as '?'.
        assertThrows<WebhookException.InvalidPayload> { TestDelivery.create(secret, "job-\uDC00") }
        assertThrows<WebhookException.InvalidPayload> { TestDelivery.create(secret, resultJson = "\"\uD800\"") }
    }

    @Test
    fun `no secret appears in a test delivery's text`() {
        val delivery = TestDelivery.create(secret, "job-1")
        assertFalse(secret in delivery.toString())
        assertTrue(delivery.signature in delivery.toString())
    }

    @TestFactory
    fun `every test delivery vector is made byte for byte, or refused with its typed error`(): List<DynamicTest> {
        val file = File(System.getProperty("vectors.dir") ?: fail("the vectors.dir property is not set"), "test_delivery/deliveries.json")
        val array = JSONObject(file.readText()).getJSONArray("vectors")
        val vectors = (0 until array.length()).map(array::getJSONObject)
        // A missing or emptied file must fail, not pass with nothing run.
        assertTrue(vectors.size >= 17, "only ${vectors.size} vectors in $file")
        assertTrue(vectors.count { it.getJSONObject("expected").has("error") } >= 5, "too few error vectors in $file")
        return vectors.map { vector ->
            DynamicTest.dynamicTest(vector.getString("name")) {
                val name = vector.getString("name")
                val given = vector.getJSONObject("given")
                val expected = vector.getJSONObject("expected")
                val secret = given.getString("secret")
                // Absent is a delivery without a result; "" is a result, and an invalid one.
                val resultJson = if (given.has("result_json")) given.getString("result_json") else null
                // The overload that takes status and type as any text, as the vector gives them.
                val make = {
                    TestDelivery.create(secret, given.getString("id"), given.getString("status"), given.getString("type"), resultJson)
                }
                if (expected.has("error")) {
                    val error = assertThrows<WebhookException>(name) { make() }
                    assertEquals(expected.getString("error"), error::class.simpleName, name)
                } else {
                    val delivery = make()
                    assertEquals(expected.getString("body"), delivery.body.decodeToString(), name)
                    assertArrayEquals(expected.getString("body").toByteArray(), delivery.body, name)
                    assertEquals(expected.getString("signature"), delivery.signature, name)
                    val headers = expected.getJSONArray("headers").let { pairs ->
                        (0 until pairs.length()).map(pairs::getJSONArray).map { it.getString(0) to it.getString(1) }
                    }
                    assertEquals(headers, delivery.headers, name)
                    Verifier(listOf(secret)).use { it.constructEventFromHeaders(delivery.body, delivery.headers) }
                }
            }
        }
    }

    @TestFactory
    fun `every explain vector gives exactly the expected causes`(): List<DynamicTest> {
        val file = File(System.getProperty("vectors.dir") ?: fail("the vectors.dir property is not set"), "explain/transformations.json")
        val vectors = JSONObject(file.readText()).getJSONArray("vectors")
        assertTrue(vectors.length() > 0, "no vectors in $file")
        return (0 until vectors.length()).map(vectors::getJSONObject).map { vector ->
            DynamicTest.dynamicTest(vector.getString("name")) {
                val body = vector.getString("body").toByteArray()
                val signature = if (vector.isNull("signature")) null else vector.getString("signature")
                val secrets = vector.getJSONArray("secrets").strings()
                val expected = vector.getJSONObject("expected").getJSONArray("causes").strings()
                val explanation = Explanation.of(body, signature, secrets)
                assertEquals(expected, explanation.causes.map { it.wireText }, vector.getString("name"))
                assertEquals(expected == listOf("signature_matches"), explanation.isValid)
                assertEquals(explanation.causes.joinToString("; ") { it.description }, explanation.summary)
                assertEquals(explanation.summary, explanation.toString())
                // The same from the request's headers, in both forms.
                val headers = if (signature == null) emptyList() else listOf<Pair<String?, String?>>("x-SIGNATURE" to signature)
                assertEquals(explanation, Explanation.fromHeaders(body, headers, secrets))
                assertEquals(explanation, Explanation.fromHeaders(body, headers.associate { (n, v) -> n to listOf(v) }, secrets))
            }
        }
    }

    private fun JSONArray.strings(): List<String> = (0 until length()).map(::getString)

    @Test
    fun `explain from headers takes the core's rule - any ASCII case, repeats once, differing values malformed`() {
        val delivery = TestDelivery.create(secret, "job-1")
        val compacted = delivery.body
        fun explain(vararg headers: Pair<String?, String?>) = Explanation.fromHeaders(compacted, headers.toList(), listOf(secret))
        assertTrue(explain("x-signature" to delivery.signature).isValid)
        assertTrue(explain("X-Signature" to delivery.signature, "X-SIGNATURE" to " ${delivery.signature}\t").isValid)
        assertTrue(explain(null to "x", "X-Signature" to null, "x-signature" to delivery.signature).isValid)
        assertEquals(listOf(Cause.MissingSignature), explain("X-Signature-256" to delivery.signature).causes)
        assertEquals(listOf(Cause.MissingSignature), explain().causes)
        assertEquals(listOf(Cause.MissingSignature), Explanation.fromHeaders(compacted, null as Map<String, List<String>>?, listOf(secret)).causes)
        // A Unicode case fold is not ASCII case: the long s (U+017F) does not make "signature".
        assertEquals(listOf(Cause.MissingSignature), explain("X-\u017Fignature" to delivery.signature).causes)
        assertEquals(
            listOf(Cause.MalformedSignature),
            explain("X-Signature" to delivery.signature, "x-signature" to "0".repeat(64)).causes,
        )
        // As Python's json.dumps writes it: a space after each comma and colon.
        val pretty = compacted.decodeToString().replace(",", ", ").replace(":", ": ").toByteArray()
        assertEquals(
            listOf(Cause.JsonWhitespace),
            Explanation.fromHeaders(pretty, mapOf("X-Signature" to listOf(delivery.signature, null), null to listOf("x")), listOf(secret)).causes,
        )
    }

    @Test
    fun `explain skips null, empty and lone-surrogate secrets, and says unexplained when none is left`() {
        val delivery = TestDelivery.create(secret, "job-1")
        assertTrue(Explanation.of(delivery.body, delivery.signature, listOf(null, "", "\uD800", secret)).isValid)
        assertEquals(listOf(Cause.Unexplained), Explanation.of(delivery.body, delivery.signature, listOf(null, "")).causes)
        assertEquals(listOf(Cause.Unexplained), Explanation.of(delivery.body, delivery.signature, emptyList()).causes)
        assertEquals(listOf(Cause.MissingSignature), Explanation.of(delivery.body, "", listOf(secret)).causes)
        assertEquals(listOf(Cause.MalformedSignature), Explanation.of(delivery.body, "sig\uD800", listOf(secret)).causes)
        assertEquals(listOf(Cause.SecretWhitespace), Explanation.of(delivery.body, delivery.signature, listOf("$secret\n")).causes)
    }

    @Test
    fun `each cause has the vocabulary's code, wire text and description, and the native enum's`() {
        val vocabulary = JSONObject(File(System.getProperty("vocabulary.file")).readText()).getJSONArray("explain_causes")
        val entries = (0 until vocabulary.length()).map(vocabulary::getJSONObject)
        assertEquals(
            entries.map { listOf(it.getString("name"), it.getInt("code"), it.getString("wire"), it.getString("description")) },
            Cause.entries.map { listOf(it.name, it.code, it.wireText, it.description) },
        )
        assertEquals(NativeCause.entries.size, Cause.entries.size)
        for (native in NativeCause.entries) {
            val cause = native.toCause()
            assertEquals(native.ordinal + 1, cause.code)
            assertEquals(native.wireText(), cause.wireText)
            assertEquals(native.description(), cause.description)
        }
        assertEquals("json_whitespace", Cause.JsonWhitespace.toString())
    }
}
