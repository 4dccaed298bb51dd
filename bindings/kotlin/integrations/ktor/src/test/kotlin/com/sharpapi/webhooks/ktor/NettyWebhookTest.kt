package com.sharpapi.webhooks.ktor

import com.sharpapi.webhooks.integration.testing.RawHttp
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.netty.NettyApplicationEngine
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * The same application on Netty, on 127.0.0.1, over real HTTP: JSON answers, bodies over the
 * limit refused by Content-Length before they are sent and, chunked, while they arrive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NettyWebhookTest {
    private val calls = Calls()
    private lateinit var server: EmbeddedServer<NettyApplicationEngine, NettyApplicationEngine.Configuration>
    private var port = 0
    private val client = HttpClient.newHttpClient()

    @BeforeAll
    fun start() {
        server = embeddedServer(Netty, port = 0, host = "127.0.0.1") { testEndpoint(calls, maxBodyBytes = 65536) }
        server.start(wait = false)
        port = runBlocking { server.engine.resolvedConnectors().first().port }
    }

    @AfterAll
    fun stop() {
        server.stop(100, 1000)
    }

    private fun post(body: ByteArray, signature: String?, accept: String = "application/json"): HttpResponse<String> {
        val request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/webhooks/sharpapi"))
            .header("Content-Type", "application/json")
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        signature?.let { request.header("X-Signature", it) }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString())
    }

    private fun assertJsonRefusal(status: Int, error: String, actualStatus: Int, contentType: String?, body: String) {
        assertEquals(status, actualStatus, body)
        assertTrue(contentType.orEmpty().startsWith("application/json"), contentType)
        assertTrue(""""error":"$error"""" in body, body)
        assertFalse("<html" in body || "Exception" in body || CURRENT in body, body)
    }

    @Test
    fun `a delivery is handled once and its retry is a duplicate`() {
        val id = newId()
        val body = event(id, """{"content":"Hallo"}""")
        val first = post(body, signed(body))
        assertEquals(200, first.statusCode())
        assertEquals("""{"id":"$id","outcome":"handled"}""", first.body())
        val retry = post(body, signed(body))
        assertEquals("""{"id":"$id","outcome":"duplicate"}""", retry.body())
        assertEquals(1, calls.count(id))
    }

    @Test
    fun `refusals and a failing handler are JSON, even for a browser`() {
        val body = event(newId())
        post(event(newId()), signed(body), accept = "text/html").let {
            assertJsonRefusal(401, "InvalidSignature", it.statusCode(), it.headers().firstValue("Content-Type").orElse(null), it.body())
        }
        val array = "[1]".toByteArray()
        post(array, signed(array)).let {
            assertJsonRefusal(400, "InvalidPayload", it.statusCode(), it.headers().firstValue("Content-Type").orElse(null), it.body())
        }
        val failing = event(newId(), """{"fail":true}""")
        post(failing, signed(failing), accept = "text/html").let {
            assertJsonRefusal(500, "HandlerFailed", it.statusCode(), it.headers().firstValue("Content-Type").orElse(null), it.body())
        }
        val get = client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/webhooks/sharpapi")).GET().build(),
            HttpResponse.BodyHandlers.ofString(),
        )
        assertJsonRefusal(405, "MethodNotAllowed", get.statusCode(), get.headers().firstValue("Content-Type").orElse(null), get.body())
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null))
    }

    @Test
    fun `each X-Signature header reaches the core as its own pair`() {
        val body = event(newId())
        val same = RawHttp.exchange(
            port, "POST", listOf("Content-Length" to "${body.size}", "X-Signature" to signed(body), "x-signature" to " ${signed(body)} "), listOf(body), false,
        )
        assertEquals(200, same.status, same.body)
        val other = event(newId())
        val disagreeing = RawHttp.exchange(
            port, "POST", listOf("Content-Length" to "${other.size}", "X-Signature" to signed(other), "X-Signature" to signed(body)), listOf(other), false,
        )
        assertJsonRefusal(401, "MalformedSignature", disagreeing.status, disagreeing.headers["content-type"], disagreeing.body)
    }

    @Test
    fun `a declared length over the limit is 413 before the body is sent`() {
        val id = newId()
        val body = event(id, """{"content":"${"y".repeat(200_000)}"}""")
        val headers = listOf("Content-Type" to "application/json", "Content-Length" to "${body.size}", "X-Signature" to signed(body))
        val answer = RawHttp.exchange(port, "POST", headers, emptyList(), false)
        assertJsonRefusal(413, "PayloadTooLarge", answer.status, answer.headers["content-type"], answer.body)
        assertTrue("65536 bytes" in answer.body)
        assertEquals(0, calls.count(id))
    }

    @Test
    fun `a chunked body is read, and one over the limit is 413`() {
        val id = newId()
        val body = event(id, """{"content":"${"c".repeat(20_000)}"}""")
        val fits = RawHttp.exchange(port, "POST", listOf("X-Signature" to signed(body)), RawHttp.parts(body, 1000), true)
        assertEquals(200, fits.status, fits.body)
        assertEquals(1, calls.count(id))

        val overId = newId()
        val over = event(overId, """{"content":"${"z".repeat(70_000)}"}""")
        val refused = RawHttp.exchange(port, "POST", listOf("X-Signature" to signed(over)), RawHttp.parts(over, 4096), true)
        assertJsonRefusal(413, "PayloadTooLarge", refused.status, refused.headers["content-type"], refused.body)
        assertEquals(0, calls.count(overId))
    }
}
