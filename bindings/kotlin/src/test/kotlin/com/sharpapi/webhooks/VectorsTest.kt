package com.sharpapi.webhooks

import java.io.File
import java.util.Base64
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicContainer
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.fail

/** Every vector of every file in tests/vectors/ (schema in its README), one test each, by name. */
class VectorsTest {
    @TestFactory
    fun vectors(): List<DynamicContainer> =
        files().map { file ->
            DynamicContainer.dynamicContainer(file.name, vectorsOf(file).map { vector ->
                DynamicTest.dynamicTest(vector.getString("name")) { check(vector) }
            })
        }

    @Test
    fun `the vectors exist and their names are unique`() {
        // A wrong folder would otherwise make zero dynamic tests, and zero failures.
        assertTrue(files().isNotEmpty(), "no vector files in ${System.getProperty("vectors.dir")}")
        files().forEach { file -> assertTrue(vectorsOf(file).isNotEmpty(), "${file.name} has no vectors") }
        val names = files().flatMap { file -> vectorsOf(file).map { it.getString("name") } }
        assertEquals(names.size, names.toSet().size, "repeated names")
    }

    @Test
    fun `the vectors reach every known status and type, so every text in JobStatus and JobType is checked`() {
        val events = files().flatMap(::vectorsOf).mapNotNull { vector ->
            try {
                parseEventUnverified(rawBody(vector))
            } catch (notAnEvent: WebhookException.InvalidPayload) {
                null
            }
        }
        // The counts the vectors' README gives: 4 statuses and 26 types.
        assertEquals(4, events.map { it.status }.filter { it !is JobStatus.Other }.toSet().size)
        assertEquals(26, events.map { it.type }.filter { it !is JobType.Other }.toSet().size)
    }

    private fun files(): List<File> {
        val dir = File(System.getProperty("vectors.dir") ?: fail("the vectors.dir property is not set"))
        return dir.listFiles { file -> file.name.endsWith(".json") }.orEmpty().sortedBy { it.name }
    }

    private fun vectorsOf(file: File): List<JSONObject> {
        val vectors = JSONObject(file.readText()).getJSONArray("vectors")
        return (0 until vectors.length()).map(vectors::getJSONObject)
    }

    private fun rawBody(vector: JSONObject): ByteArray =
        if (vector.has("body_base64")) {
            Base64.getDecoder().decode(vector.getString("body_base64"))
        } else {
            vector.getString("body").toByteArray(Charsets.UTF_8)
        }

    private fun check(vector: JSONObject) {
        val body = rawBody(vector)
        val secrets = vector.getJSONArray("secrets").strings()
        val signature = if (vector.isNull("signature")) null else vector.getString("signature")
        val expected = vector.getJSONObject("expected")
        val mismatches = mutableListOf<String>()
        fun expect(what: String, wanted: Any?, actual: Any?) {
            if (wanted != actual) mismatches += "$what: expected $wanted, got $actual"
        }

        val wantedSignatures = expected.getJSONArray("sign")
        secrets.forEachIndexed { index, secret ->
            val wanted = if (wantedSignatures.isNull(index)) "InvalidSecret" else wantedSignatures.getString(index)
            expect("sign(secrets[$index])", wanted, outcome { sign(body, secret) })
        }

        // A verifier that cannot be built makes verify and construct_event fail with its error.
        val verifier = runCatching { Verifier(secrets) }
        try {
            val constructed = outcome {
                if (vector.has("headers")) {
                    verifier.getOrThrow().constructEventFromHeaders(body, headersOf(vector.getJSONArray("headers")))
                } else {
                    verifier.getOrThrow().constructEvent(body, signature)
                }
            }
            expect("construct_event", expectedOutcome(expected.getJSONObject("construct_event")), constructed)

            if (expected.has("verify")) {
                val wanted = expected.getString("verify")
                expect("verify", wanted, outcome { verifier.getOrThrow().verify(body, signature) })
                verifier.getOrNull()?.let { expect("is_valid", wanted == "ok", it.isValid(body, signature)) }
                // With one secret, the free function is the verifier's shortcut and must agree with it.
                secrets.singleOrNull()?.let { secret ->
                    expect("verify()", wanted, outcome { verify(body, signature, secret) })
                }
            }
        } finally {
            verifier.getOrNull()?.close()
        }

        expect(
            "parse_event_unverified",
            expectedOutcome(expected.getJSONObject("parse_event_unverified")),
            outcome { parseEventUnverified(body) },
        )
        if (mismatches.isNotEmpty()) fail("${vector.getString("name")}:\n  " + mismatches.joinToString("\n  "))
    }

    // The vectors hold [name, value] pairs; the API takes the JVM's multimap of headers.
    private fun headersOf(pairs: JSONArray): Map<String, List<String>> =
        (0 until pairs.length()).map { pairs.getJSONArray(it) }
            .groupBy({ it.getString(0) }, { it.getString(1) })

    /** What the vectors compare: "ok", an event as the schema spells it, or an error's name. */
    private fun outcome(call: () -> Any): Any =
        try {
            when (val result = call()) {
                is WebhookEvent -> mapOf(
                    "id" to result.id,
                    "status" to result.status.value,
                    "type" to result.type.value,
                    "result" to result.resultJson,
                    "status_known" to (result.status !is JobStatus.Other),
                    "type_known" to (result.type !is JobType.Other),
                )
                is Unit -> "ok"
                else -> result
            }
        } catch (error: WebhookException) {
            if (error is WebhookException.InvalidPayload) {
                // The core's message reaches Kotlin whole: it says where the body went wrong.
                assertTrue(" at line " in error.message!! && " column " in error.message!!, error.message)
            }
            error.javaClass.simpleName
        }

    private fun expectedOutcome(outcome: JSONObject): Any =
        if (outcome.has("error")) {
            outcome.getString("error")
        } else {
            val event = outcome.getJSONObject("event")
            mapOf(
                "id" to event.getString("id"),
                "status" to event.getString("status"),
                "type" to event.getString("type"),
                "result" to (if (event.isNull("result")) null else event.getString("result")),
                "status_known" to event.getBoolean("status_known"),
                "type_known" to event.getBoolean("type_known"),
            )
        }

    private fun JSONArray.strings(): List<String> = (0 until length()).map(::getString)
}
