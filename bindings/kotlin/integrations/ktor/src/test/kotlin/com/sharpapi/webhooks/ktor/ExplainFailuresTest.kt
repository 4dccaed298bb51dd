package com.sharpapi.webhooks.ktor

import com.sharpapi.webhooks.TestDelivery
import com.sharpapi.webhooks.Verifier
import com.sharpapi.webhooks.WebhookException
import com.sharpapi.webhooks.integration.WebhookAnswer
import io.ktor.client.request.header
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import io.ktor.client.statement.HttpResponse
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.install
import io.ktor.server.config.MapApplicationConfig
import io.ktor.server.routing.routing
import io.ktor.server.testing.ApplicationTestBuilder
import io.ktor.server.testing.testApplication
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.delay
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.slf4j.Marker
import org.slf4j.event.Level
import org.slf4j.helpers.LegacyAbstractLogger
import org.slf4j.helpers.MessageFormatter

/**
 * explainFailures: a refused signature is explained in the application's log, by cause, after the
 * same answer as without it; test deliveries from TestDelivery.create, posted with testApplication.
 */
class ExplainFailuresTest {
    /** The application's logger, keeping each line it is given. */
    private class RecordingLogger : LegacyAbstractLogger() {
        val lines = CopyOnWriteArrayList<Pair<Level, String>>()

        init {
            name = "application"
        }

        override fun getFullyQualifiedCallerName(): String? = null

        override fun handleNormalizedLoggingCall(
            level: Level,
            marker: Marker?,
            messagePattern: String?,
            arguments: Array<out Any?>?,
            throwable: Throwable?,
        ) {
            lines += level to MessageFormatter.basicArrayFormat(messagePattern, arguments)
        }

        override fun isTraceEnabled() = true

        override fun isDebugEnabled() = true

        override fun isInfoEnabled() = true

        override fun isWarnEnabled() = true

        override fun isErrorEnabled() = true
    }

    private val log = RecordingLogger()
    private val handled = Calls()

    private fun explainingTest(explainFailures: Boolean = true, block: suspend ApplicationTestBuilder.() -> Unit) = testApplication {
        environment { log = this@ExplainFailuresTest.log }
        application {
            install(SharpApiWebhooks) {
                secrets = listOf(CURRENT, PREVIOUS)
                this.explainFailures = explainFailures
            }
            routing { sharpApiWebhook("/webhooks/sharpapi") { event -> handled.events += event } }
        }
        block()
    }

    private suspend fun ApplicationTestBuilder.post(body: ByteArray, headers: List<Pair<String, String>>): HttpResponse =
        client.post("/webhooks/sharpapi") {
            for ((name, value) in headers) header(name, value)
            setBody(body)
        }

    /** The answer the core's own refusal of these bytes makes, as the route answers without explaining. */
    private fun unexplained(body: ByteArray, headers: List<Pair<String, String>>): WebhookAnswer =
        Verifier(listOf(CURRENT, PREVIOUS)).use { verifier ->
            WebhookAnswer.refused(assertThrows<WebhookException> { verifier.constructEventFromHeaders(body, headers) })
        }

    /** The warnings logged so far, once [expected] of them arrived: the route explains after answering. */
    private suspend fun warnings(expected: Int): List<String> {
        for (attempt in 1..100) {
            if (log.lines.count { it.first == Level.WARN } >= expected) break
            delay(50)
        }
        return log.lines.filter { it.first == Level.WARN }.map { it.second }
    }

    @Test
    fun `a test delivery is handled`() = explainingTest {
        val delivery = TestDelivery.create(CURRENT)
        val response = post(delivery.body, delivery.headers)
        assertEquals(200, response.status.value)
        assertEquals(1, handled.events.size)
        assertEquals(emptyList<String>(), warnings(0))
    }

    @Test
    fun `a re-serialized body is answered 401 as always, and the log names the cause`() = explainingTest {
        val delivery = TestDelivery.create(CURRENT, newId(), resultJson = """{"content":"Hallo"}""")
        val spaced = delivery.body.decodeToString().replace(",", ", ").replace(":", ": ").toByteArray()
        val response = post(spaced, delivery.headers)
        val expected = unexplained(spaced, delivery.headers)
        assertEquals(401, expected.status)
        assertEquals(expected.status, response.status.value)
        val text = response.bodyAsText()
        assertEquals(expected.json, text)
        assertFalse("json_whitespace" in text || "explained" in text, text)
        val warning = warnings(1).single()
        assertTrue(warning.startsWith("a SharpAPI webhook delivery was refused with InvalidSignature; explained: json_whitespace: "), warning)
        assertFalse(CURRENT in warning || PREVIOUS in warning, warning)
        assertEquals(0, handled.events.size)
    }

    @Test
    fun `a BOM, a missing signature and differing signatures are each explained`() = explainingTest {
        val delivery = TestDelivery.create(PREVIOUS)
        post(byteArrayOf(0xEF.toByte(), 0xBB.toByte(), 0xBF.toByte()) + delivery.body, delivery.headers)
        post(delivery.body, emptyList())
        val lines = warnings(2)
        assertTrue(lines[0].endsWith("; explained: byte_order_mark: a byte order mark was added to or removed from the body: read the body as bytes, exactly as received"), lines[0])
        assertTrue(lines[1].contains("refused with MissingSignature; explained: missing_signature: "), lines[1])
    }

    @Test
    fun `an InvalidPayload is answered 400 and not explained`() = explainingTest {
        val array = "[1]".toByteArray()
        assertEquals(400, post(array, listOf("X-Signature" to signed(array))).status.value)
        val delivery = TestDelivery.create(CURRENT, "job-1", resultJson = "1")
        post(delivery.body + "\n".toByteArray(), delivery.headers)
        // Only the second, a signature refusal: the first had nothing to explain.
        assertTrue(warnings(1).single().contains("; explained: trailing_newline: "))
    }

    @Test
    fun `off by default, and read from the application's configuration`() {
        explainingTest(explainFailures = false) {
            val delivery = TestDelivery.create(CURRENT)
            assertEquals(401, post(delivery.body + "\n".toByteArray(), delivery.headers).status.value)
            delay(200)
            assertEquals(emptyList<String>(), warnings(0))
        }
        assertFalse(SharpApiWebhooksConfig(MapApplicationConfig()).explainFailures)
        val configured = SharpApiWebhooksConfig(MapApplicationConfig("explain-failures" to "true"))
        assertTrue(configured.explainFailures)
        assertTrue("explainFailures=true" in configured.toString())
    }
}
