package com.sharpapi.webhooks

import java.io.File
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The package against bindings/vocabulary.json, the one source of codes, texts and the version. */
class VocabularyTest {
    private val vocabulary = JSONObject(File(System.getProperty("vocabulary.file")).readText())

    private fun entries(member: String): List<JSONObject> =
        vocabulary.getJSONArray(member).let { list -> (0 until list.length()).map(list::getJSONObject) }

    @Test
    fun `each WebhookException subclass carries the code of its name in the vocabulary`() {
        val wanted = entries("errors").associate { it.getString("name") to it.getInt("code") }
        val subclasses = nested(WebhookException::class.java).associate { subclass ->
            val made = subclass.getConstructor(String::class.java).newInstance("message") as WebhookException
            subclass.simpleName to made.code
        }
        assertEquals(wanted, subclasses)
    }

    @Test
    fun `each error from the library maps to the subclass of its name, with the core's message`() {
        // One real failure of each kind, from the native library.
        val secret = "whsec_vocabulary"
        val body = byteArrayOf()
        val raised = Verifier(listOf(secret)).use { verifier ->
            listOf(
                runCatching { Verifier(emptyList()) },
                runCatching { verifier.verify(body, null) },
                runCatching { verifier.verify(body, "not hex") },
                runCatching { verifier.verify(body, "0".repeat(64)) },
                runCatching { verifier.constructEvent(body, sign(body, secret)) },
            ).map { it.exceptionOrNull() as WebhookException }
        }
        val byName = entries("errors").associateBy { it.getString("name") }
        assertEquals(byName.keys, raised.map { it.javaClass.simpleName }.toSet())
        for (error in raised) {
            val entry = byName.getValue(error.javaClass.simpleName)
            assertEquals(entry.getInt("code"), error.code)
            if (error !is WebhookException.InvalidPayload) {
                assertEquals(entry.getString("description"), error.message)
            }
        }
    }

    @Test
    fun `each known status and type has the vocabulary's text, from the core's wireText`() {
        assertEquals(
            entries("job_statuses").associate { it.getString("name") to it.getString("wire") },
            objects(JobStatus::class.java).associate { it.javaClass.simpleName to it.value },
        )
        assertEquals(
            entries("job_types").associate { it.getString("name") to it.getString("wire") },
            objects(JobType::class.java).associate { it.javaClass.simpleName to it.value },
        )
    }

    // Java's reflection: kotlin-reflect (sealedSubclasses, objectInstance) is not a dependency.
    private fun <T> nested(sealed: Class<T>): List<Class<*>> =
        sealed.declaredClasses.filter { it != sealed && sealed.isAssignableFrom(it) }

    private fun <T> objects(sealed: Class<T>): List<T> =
        nested(sealed).mapNotNull { subclass -> subclass.fields.find { it.name == "INSTANCE" }?.get(null) }.map(sealed::cast)

    @Test
    fun `the package version is the vocabulary's, in pom xml and in the code`() {
        val version = vocabulary.getString("version")
        assertEquals(version, System.getProperty("project.version"), "pom.xml's <version>")
        assertEquals(version, PACKAGE_VERSION, "Vocabulary.kt")
        // The loaded library was checked against it on first use; this loads it.
        parseEventUnverified("""{"id":"x","status":"new","type":"t"}""".toByteArray())
        requireVersion(version, "the library")
        val mismatch = assertThrows<UnsatisfiedLinkError> { requireVersion("0.1.0", "/old/libsharpapi_webhooks_ffi.so") }
        assertTrue("$version" in mismatch.message!! && "0.1.0" in mismatch.message!!, mismatch.message)
    }
}
