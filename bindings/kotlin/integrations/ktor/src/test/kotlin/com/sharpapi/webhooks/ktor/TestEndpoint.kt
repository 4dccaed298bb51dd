package com.sharpapi.webhooks.ktor

import com.sharpapi.webhooks.WebhookEvent
import com.sharpapi.webhooks.integration.IdempotencyStore
import com.sharpapi.webhooks.integration.InMemoryIdempotencyStore
import com.sharpapi.webhooks.sign
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.response.respondText
import io.ktor.server.routing.routing
import java.util.UUID
import java.util.concurrent.CopyOnWriteArrayList

const val CURRENT = "whsec_ktor_current"
const val PREVIOUS = "whsec_ktor_previous"

fun newId() = "job-" + UUID.randomUUID()

fun event(id: String, resultJson: String = "null"): ByteArray =
    """{"id":"$id","status":"success","type":"content_translate","result":$resultJson}""".toByteArray()

fun signed(body: ByteArray, secret: String = CURRENT): String = sign(body, secret)

/** Every event the handler was called with. */
class Calls {
    val events = CopyOnWriteArrayList<WebhookEvent>()

    fun count(id: String) = events.count { it.id == id }
}

/**
 * The application the tests run: the plugin with both secrets, an in-memory store, and a handler
 * whose behaviour the event's result picks: `{"fail": true}` throws, `{"answer": 503}` answers 503,
 * `{"answer": 201}` answers 201 itself, anything else is left to the plugin's 200.
 */
fun Application.testEndpoint(calls: Calls, store: IdempotencyStore = InMemoryIdempotencyStore(), maxBodyBytes: Long = 4096) {
    install(SharpApiWebhooks) {
        secrets = listOf(CURRENT, PREVIOUS)
        this.maxBodyBytes = maxBodyBytes
        idempotencyStore = store
    }
    routing {
        sharpApiWebhook("/webhooks/sharpapi") { event ->
            calls.events += event
            val result = event.resultJson.orEmpty()
            when {
                "\"fail\":true" in result -> throw IllegalStateException("the handler's own failure, which nobody outside should see")
                "\"answer\":503" in result -> call.respondText("busy", status = HttpStatusCode.ServiceUnavailable)
                "\"answer\":201" in result -> call.respondText("made", status = HttpStatusCode.Created)
            }
        }
    }
}
