package com.sharpapi.webhooks.ktor

import com.sharpapi.webhooks.JobStatus
import com.sharpapi.webhooks.JobType
import com.sharpapi.webhooks.WebhookException
import com.sharpapi.webhooks.WebhookProtocol
import com.sharpapi.webhooks.integration.Claim
import com.sharpapi.webhooks.integration.IdempotencyStore
import com.sharpapi.webhooks.integration.InMemoryIdempotencyStore
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import io.ktor.client.statement.HttpResponse
import io.ktor.client.statement.bodyAsText
import io.ktor.http.ContentType
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpMethod
import io.ktor.http.HttpStatusCode
import io.ktor.http.contentType
import io.ktor.server.application.createApplicationPlugin
import io.ktor.server.application.install
import io.ktor.server.config.MapApplicationConfig
import io.ktor.server.request.httpMethod
import io.ktor.server.request.receiveText
import io.ktor.server.routing.routing
import io.ktor.server.testing.ApplicationTestBuilder
import io.ktor.server.testing.testApplication
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The plugin and route through Ktor's testApplication (no network). Repeated headers are tested on
 * Netty (NettyWebhookTest): the test engine's client joins them into one value.
 */
class TestApplicationWebhookTest {
    private val calls = Calls()
    private val store = InMemoryIdempotencyStore()

    private fun webhookTest(block: suspend ApplicationTestBuilder.() -> Unit) = testApplication {
        application { testEndpoint(calls, store) }
        block()
    }

    private suspend fun HttpClient.deliver(body: ByteArray, vararg signatures: String): HttpResponse =
        post("/webhooks/sharpapi") {
            contentType(ContentType.Application.Json)
            for (signature in signatures) header("X-Signature", signature)
            setBody(body)
        }

    private suspend fun assertRefusal(response: HttpResponse, status: Int, error: String, code: Int? = null) {
        assertEquals(status, response.status.value)
        assertEquals(ContentType.Application.Json, response.contentType()?.withoutParameters())
        val text = response.bodyAsText()
        val json = JSONObject(text)
        assertEquals(error, json.getString("error"), text)
        if (code != null) assertEquals(code, json.getInt("code"))
        assertFalse(CURRENT in text || "Exception" in text, text)
    }

    @Test
    fun `a verified delivery reaches the handler as a typed event, and the plugin answers handled`() = webhookTest {
        val id = newId()
        val body = event(id, """{"content": "Hallo"}""")
        val response = client.deliver(body, signed(body))
        assertEquals(HttpStatusCode.OK, response.status)
        assertEquals("""{"id":"$id","outcome":"handled"}""", response.bodyAsText())
        val event = calls.events.single { it.id == id }
        assertEquals(JobStatus.Success, event.status)
        assertEquals(JobType.ContentTranslate, event.type)
        assertEquals("""{"content": "Hallo"}""", event.resultJson)
    }

    @Test
    fun `the handler's own answer stands`() = webhookTest {
        val body = event(newId(), """{"answer":201}""")
        val response = client.deliver(body, signed(body))
        assertEquals(HttpStatusCode.Created, response.status)
        assertEquals("made", response.bodyAsText())
    }

    @Test
    fun `retries of a handled event are duplicates and do not run the handler again`() = webhookTest {
        val id = newId()
        val body = event(id)
        client.deliver(body, signed(body))
        repeat(3) {
            val retry = client.deliver(body, signed(body))
            assertEquals(HttpStatusCode.OK, retry.status)
            assertEquals("""{"id":"$id","outcome":"duplicate"}""", retry.bodyAsText())
        }
        assertEquals(1, calls.count(id))
    }

    @Test
    fun `an event being handled elsewhere is 409`() = webhookTest {
        val id = newId()
        val elsewhere = store.claim(id)
        val body = event(id)
        assertRefusal(client.deliver(body, signed(body)), 409, "InProgress")
        assertEquals(0, calls.count(id))
        store.release(elsewhere)
        assertEquals(HttpStatusCode.OK, client.deliver(body, signed(body)).status)
    }

    @Test
    fun `signature problems are 401 with the core's error and code`() = webhookTest {
        val id = newId()
        val body = event(id)
        val tampered = event(id, """{"content":"changed"}""")
        assertRefusal(client.deliver(tampered, signed(body)), 401, "InvalidSignature", 4)
        assertRefusal(client.deliver(body, signed(body, "whsec_someone_else")), 401, "InvalidSignature", 4)
        assertRefusal(client.deliver(body), 401, "MissingSignature", 2)
        assertRefusal(client.deliver(body, ""), 401, "MissingSignature", 2)
        assertRefusal(client.deliver(body, signed(body).drop(2)), 401, "MalformedSignature", 3)
        assertRefusal(client.deliver(body, "z".repeat(64)), 401, "MalformedSignature", 3)
        assertEquals(0, calls.count(id))
    }

    @Test
    fun `the header is found in any case`() = webhookTest {
        val body = event(newId())
        val odd = client.post("/webhooks/sharpapi") {
            header("x-SIGNATURE", signed(body))
            setBody(body)
        }
        assertEquals(HttpStatusCode.OK, odd.status)
    }

    @Test
    fun `the second secret verifies while rotating`() = webhookTest {
        val body = event(newId())
        assertEquals(HttpStatusCode.OK, client.deliver(body, signed(body, PREVIOUS)).status)
    }

    @Test
    fun `a verified body that is no event is 400`() = webhookTest {
        for (text in listOf("id=1&status=success", """[{"id":"x"}]""", """{"status":"success"}""")) {
            val body = text.toByteArray()
            assertRefusal(client.deliver(body, signed(body)), 400, "InvalidPayload", 5)
        }
    }

    @Test
    fun `any method but POST is 405 with Allow`() = webhookTest {
        val response = client.get("/webhooks/sharpapi")
        assertRefusal(response, 405, "MethodNotAllowed")
        assertEquals("POST", response.headers[HttpHeaders.Allow])
    }

    @Test
    fun `a body over the limit is 413 and never reaches the handler`() = webhookTest {
        val id = newId()
        val body = event(id, """{"content":"${"x".repeat(4096)}"}""")
        val response = client.deliver(body, signed(body))
        assertRefusal(response, 413, "PayloadTooLarge")
        assertTrue("4096 bytes" in response.bodyAsText())
        assertEquals(0, calls.count(id))
        val fits = event(newId(), """{"content":"${"x".repeat(3900)}"}""")
        assertTrue(fits.size <= 4096)
        assertEquals(HttpStatusCode.OK, client.deliver(fits, signed(fits)).status)
    }

    @Test
    fun `a failing handler is 500 HandlerFailed without its text, and the retry runs it again`() = webhookTest {
        val id = newId()
        val body = event(id, """{"fail":true}""")
        repeat(2) {
            val response = client.deliver(body, signed(body))
            assertRefusal(response, 500, "HandlerFailed")
            assertEquals(
                mapOf("error" to "HandlerFailed", "message" to "the webhook handler failed; SharpAPI will retry"),
                JSONObject(response.bodyAsText()).toMap(),
            )
        }
        assertEquals(2, calls.count(id))
    }

    @Test
    fun `a handler answering non-2xx releases its claim`() = webhookTest {
        val id = newId()
        val body = event(id, """{"answer":503}""")
        repeat(2) { assertEquals(HttpStatusCode.ServiceUnavailable, client.deliver(body, signed(body)).status) }
        assertEquals(2, calls.count(id))
        assertEquals(Claim.State.CLAIMED, store.claim(id).state)
    }

    @Test
    fun `secrets and the limit come from the application's configuration when the block sets none`() = testApplication {
        environment {
            config = MapApplicationConfig().apply {
                put("sharpapi.webhooks.secrets", listOf("whsec_from_config", PREVIOUS))
                put("sharpapi.webhooks.max-body-bytes", "200")
            }
        }
        application {
            install(SharpApiWebhooks)
            routing { sharpApiWebhook("/webhooks/sharpapi") {} }
        }
        val body = event(newId())
        assertEquals(HttpStatusCode.OK, client.deliver(body, signed(body, "whsec_from_config")).status)
        val large = event(newId(), """{"content":"${"x".repeat(200)}"}""")
        assertRefusal(client.deliver(large, signed(large, "whsec_from_config")), 413, "PayloadTooLarge")
    }

    @Test
    fun `a store that cannot claim is 503, and the handler does not run`() = testApplication {
        val broken = object : IdempotencyStore {
            override fun claim(eventId: String): Claim = throw IllegalStateException("connection refused")

            override fun complete(claim: Claim): Boolean = throw IllegalStateException("connection refused")

            override fun release(claim: Claim): Boolean = throw IllegalStateException("connection refused")
        }
        application { testEndpoint(calls, broken) }
        val id = newId()
        val body = event(id)
        assertRefusal(client.deliver(body, signed(body)), 503, "StoreUnavailable")
        assertEquals(0, calls.count(id))
    }

    @Test
    fun `a body another plugin read first is 500 BodyConsumed`() = testApplication {
        application {
            install(
                createApplicationPlugin("ReadsEveryBody") {
                    onCall { call -> if (call.request.httpMethod == HttpMethod.Post) call.receiveText() }
                },
            )
            testEndpoint(calls)
        }
        val body = event(newId())
        assertRefusal(client.deliver(body, signed(body)), 500, "BodyConsumed")
    }

    @Test
    fun `the default limit is the vocabulary's`() {
        val config = SharpApiWebhooksConfig(MapApplicationConfig())
        assertEquals(WebhookProtocol.DEFAULT_MAX_BODY_BYTES, config.maxBodyBytes)
        assertEquals(16L shl 20, config.maxBodyBytes)
        config.secret = "whsec_not_shown"
        assertFalse("whsec_not_shown" in config.toString())
    }

    @Test
    fun `no secret fails the application's start with InvalidSecret`() {
        val failure = assertThrows<WebhookException.InvalidSecret> {
            testApplication {
                application { install(SharpApiWebhooks) }
                startApplication()
            }
        }
        assertTrue("sharpapi.webhooks" in failure.message!!, failure.message)
        assertThrows<WebhookException.InvalidSecret> {
            testApplication {
                application { install(SharpApiWebhooks) { secret = "" } }
                startApplication()
            }
        }
    }

    @Test
    fun `a route declared before the plugin is installed fails clearly`() {
        val failure = assertThrows<IllegalStateException> {
            testApplication {
                application { routing { sharpApiWebhook("/webhooks/sharpapi") {} } }
                startApplication()
            }
        }
        assertTrue("install(SharpApiWebhooks)" in failure.message!!, failure.message)
    }
}
