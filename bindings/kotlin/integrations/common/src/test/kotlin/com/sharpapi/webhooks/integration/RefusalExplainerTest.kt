package com.sharpapi.webhooks.integration

import com.sharpapi.webhooks.Cause
import com.sharpapi.webhooks.TestDelivery
import com.sharpapi.webhooks.Verifier
import com.sharpapi.webhooks.WebhookException
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class RefusalExplainerTest {
    private val secret = "whsec_explained"
    private val explainer = RefusalExplainer(listOf(secret))
    private val delivery = TestDelivery.create(secret, "job-1", resultJson = """{"content":"Hallo"}""")

    private fun refusal(body: ByteArray, headers: List<Pair<String?, String?>>): WebhookException =
        Verifier(listOf(secret)).use { verifier -> assertThrows<WebhookException> { verifier.constructEventFromHeaders(body, headers) } }

    @Test
    fun `a re-serialized body is explained by name and description, from pairs and from a map`() {
        val spaced = delivery.body.decodeToString().replace(",", ", ").replace(":", ": ").toByteArray()
        val refused = refusal(spaced, delivery.headers)
        val line = explainer.explain(spaced, delivery.headers, refused)
        assertEquals(
            "a SharpAPI webhook delivery was refused with InvalidSignature; explained: json_whitespace: the body was " +
                "re-serialized with other whitespace (pretty-printed or compacted): verify the raw request bytes, before " +
                "any JSON parsing",
            line,
        )
        assertEquals(line, explainer.explain(spaced, delivery.headers.associate { (name, value) -> name to listOf(value) }, refused))
    }

    @Test
    fun `a missing, malformed or prefixed signature and differing headers are each said so`() {
        val body = delivery.body
        fun line(vararg headers: Pair<String?, String?>) = explainer.explain(body, headers.toList(), refusal(body, headers.toList()))
        assertTrue(line()!!.endsWith("refused with MissingSignature; explained: missing_signature: the request has no X-Signature header: pass the request's headers as received"))
        assertTrue(line("X-Signature" to "xyz")!!.contains("refused with MalformedSignature; explained: malformed_signature: "))
        assertTrue(line("X-Signature" to "sha256=${delivery.signature}")!!.contains("; explained: signature_prefix: "))
        assertTrue(
            line("X-Signature" to delivery.signature, "x-signature" to "0".repeat(64))!!
                .endsWith("refused with MalformedSignature; explained: malformed_signature: ${Cause.MalformedSignature.description}"),
        )
    }

    @Test
    fun `an InvalidPayload or InvalidSecret has nothing to explain`() {
        assertNull(explainer.explain(delivery.body, delivery.headers, WebhookException.InvalidPayload("invalid payload")))
        assertNull(explainer.explain(delivery.body, delivery.headers, WebhookException.InvalidSecret("invalid secret")))
    }

    @Test
    fun `the secrets it keeps appear nowhere`() {
        assertEquals("RefusalExplainer(secrets=[REDACTED; 1])", explainer.toString())
        val wrong = TestDelivery.create("whsec_someone_else", "job-2")
        val line = explainer.explain(wrong.body, wrong.headers, refusal(wrong.body, wrong.headers))!!
        assertTrue(line.contains("; explained: unexplained: "), line)
        assertFalse(secret in line || "whsec_someone_else" in line)
    }
}
