package com.sharpapi.webhooks

import java.io.File
import java.util.Base64
import java.util.concurrent.ConcurrentHashMap
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicContainer
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.fail

/**
 * Every vector of every file in tests/vectors/ (schema in its README), one test each, by name.
 * With SHARPAPI_CONFORMANCE_DIR set, the outcomes this package gave are also written to
 * $SHARPAPI_CONFORMANCE_DIR/kotlin.json for the cross-language table.
 */
class VectorsTest {
    companion object {
        /** The actual outcome of each vector that ran, by name, in the shape of its `expected`. */
        private val outcomes = ConcurrentHashMap<String, JSONObject>()

        @JvmStatic
        @AfterAll
        fun writeConformance() {
            val dir = System.getenv("SHARPAPI_CONFORMANCE_DIR")?.takeIf { it.isNotEmpty() } ?: return
            val folder = File(dir).apply { mkdirs() }
            val ordered = JSONObject()
            outcomes.keys.sorted().forEach { name -> ordered.put(name, outcomes.getValue(name)) }
            val report = JSONObject().put("language", "kotlin").put("outcomes", ordered)
            File(folder, "kotlin.json").writeText(report.toString(2) + "\n")
        }
    }

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
    fun `the vectors reach every status and type of the vocabulary, so every object's text is checked`() {
        val events = files().flatMap(::vectorsOf).mapNotNull { vector ->
            try {
                parseEventUnverified(rawBody(vector))
            } catch (notAnEvent: WebhookException.InvalidPayload) {
                null
            }
        }
        val vocabulary = JSONObject(File(System.getProperty("vocabulary.file")).readText())
        fun wires(member: String) = vocabulary.getJSONArray(member).let { list -> (0 until list.length()).map { list.getJSONObject(it).getString("wire") }.toSet() }
        assertEquals(wires("job_statuses"), events.map { it.status }.filter { it !is JobStatus.Other }.map { it.value }.toSet())
        assertEquals(wires("job_types"), events.map { it.type }.filter { it !is JobType.Other }.map { it.value }.toSet())
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

    /** A secret: a string, or `{"utf16": [code units]}`, a String made of those units as they are. */
    private fun secretOf(entry: Any): String =
        if (entry is JSONObject) {
            val units = entry.getJSONArray("utf16")
            String(CharArray(units.length()) { units.getInt(it).toChar() })
        } else {
            entry as String
        }

    private fun check(vector: JSONObject) {
        val name = vector.getString("name")
        val body = rawBody(vector)
        val secrets = vector.getJSONArray("secrets").let { list -> (0 until list.length()).map { secretOf(list.get(it)) } }
        val signature = if (vector.isNull("signature")) null else vector.getString("signature")
        val headers = if (vector.has("headers")) headersOf(vector.getJSONArray("headers")) else null
        val expected = vector.getJSONObject("expected")
        val actual = JSONObject()
        val mismatches = mutableListOf<String>()
        fun expect(what: String, wanted: Any?, got: Any?) {
            if (wanted != got) mismatches += "$what: expected $wanted, got $got"
        }

        val signatures = secrets.map { secret -> outcome { sign(body, secret) } }
        actual.put("sign", JSONArray(signatures.map { if (it == "InvalidSecret") JSONObject.NULL else it }))
        val wantedSignatures = expected.getJSONArray("sign")
        expect("sign: how many", wantedSignatures.length(), signatures.size)
        signatures.forEachIndexed { index, got ->
            val wanted = if (wantedSignatures.isNull(index)) "InvalidSecret" else wantedSignatures.optString(index)
            expect("sign(secrets[$index])", wanted, got)
        }

        // A verifier that cannot be built makes verify and construct_event fail with its error.
        val verifier = runCatching { Verifier(secrets) }
        try {
            val constructed = if (headers != null) {
                val fromPairs = outcome { verifier.getOrThrow().constructEventFromHeaders(body, headers) }
                // The multimap the JVM's servers give: the same answer, each value its own pair.
                val multimap = headers.groupBy({ it.first }, { it.second })
                val fromMap = outcome { verifier.getOrThrow().constructEventFromHeaders(body, multimap) }
                expect("construct_event_from_headers(Map)", fromPairs, fromMap)
                fromPairs
            } else {
                outcome { verifier.getOrThrow().constructEvent(body, signature) }
            }
            actual.put("construct_event", asJson(constructed))
            expect("construct_event", expectedOutcome(expected.getJSONObject("construct_event")), constructed)

            if (headers == null) {
                val verified = outcome { verifier.getOrThrow().verify(body, signature) }
                actual.put("verify", verified)
                expect("verify", expected.optString("verify", "(absent)"), verified)
                verifier.getOrNull()?.let { expect("is_valid", verified == "ok", it.isValid(body, signature)) }
                // With one secret, the free function is the verifier's shortcut and must agree with it.
                secrets.singleOrNull()?.let { secret ->
                    expect("verify()", verified, outcome { verify(body, signature, secret) })
                }
            } else {
                expect("verify (absent for header vectors)", false, expected.has("verify"))
            }
        } finally {
            verifier.getOrNull()?.close()
        }

        val parsed = outcome { parseEventUnverified(body) }
        actual.put("parse_event_unverified", asJson(parsed))
        expect("parse_event_unverified", expectedOutcome(expected.getJSONObject("parse_event_unverified")), parsed)
        outcomes[name] = actual
        if (mismatches.isNotEmpty()) fail("$name:\n  " + mismatches.joinToString("\n  "))
    }

    /** The vectors' [name, value] pairs, in order: a repeated header is several pairs. */
    private fun headersOf(pairs: JSONArray): List<Pair<String, String>> =
        (0 until pairs.length()).map { pairs.getJSONArray(it) }.map { it.getString(0) to it.getString(1) }

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

    /** An outcome of construct_event or parse_event_unverified in the conformance file's shape. */
    private fun asJson(outcome: Any): JSONObject =
        if (outcome is Map<*, *>) {
            val event = JSONObject()
            outcome.forEach { (key, value) -> event.put(key as String, value ?: JSONObject.NULL) }
            JSONObject().put("event", event)
        } else {
            JSONObject().put("error", outcome)
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
}
