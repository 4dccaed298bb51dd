// The Ktor app that tests/sender/sender.py drives (its contract is at the top of sender.py):
// Netty on 127.0.0.1:$PORT, both secrets from the environment, the in-memory idempotency store
// (Redis with SHARPAPI_IDEMPOTENCY=redis and REDIS_URL), and a handler that appends the event's id
// to SHARPAPI_HANDLED_LOG once it succeeded.
@file:JvmName("SenderTestApp")

package com.sharpapi.webhooks.ktor.testapp

import com.sharpapi.webhooks.integration.IdempotencyStore
import com.sharpapi.webhooks.integration.InMemoryIdempotencyStore
import com.sharpapi.webhooks.integration.RedisIdempotencyStore
import com.sharpapi.webhooks.ktor.SharpApiWebhooks
import com.sharpapi.webhooks.ktor.sharpApiWebhook
import io.ktor.server.application.install
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.routing.routing
import java.io.FileOutputStream
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.delay
import org.json.JSONObject
import org.json.JSONTokener
import redis.clients.jedis.RedisClient

fun main() {
    val store: IdempotencyStore =
        if (System.getenv("SHARPAPI_IDEMPOTENCY") == "redis") {
            RedisIdempotencyStore(RedisClient.create(System.getenv("REDIS_URL")))
        } else {
            InMemoryIdempotencyStore()
        }
    val handledLog = System.getenv("SHARPAPI_HANDLED_LOG")
    val attempts = ConcurrentHashMap<String, Int>()
    embeddedServer(Netty, port = System.getenv("PORT")?.toInt() ?: 8080, host = "127.0.0.1") {
        install(SharpApiWebhooks) {
            secrets = listOfNotNull(System.getenv("SHARPAPI_WEBHOOK_SECRET"), System.getenv("SHARPAPI_WEBHOOK_PREVIOUS_SECRET"))
            System.getenv("SHARPAPI_MAX_BODY_BYTES")?.let { maxBodyBytes = it.toLong() }
            idempotencyStore = store
        }
        routing {
            sharpApiWebhook("/webhooks/sharpapi") { event ->
                val result = event.resultJson?.let { JSONTokener(it).nextValue() }
                if (result is JSONObject) {
                    if (result.has("sleep_ms")) delay(result.getLong("sleep_ms"))
                    if (result.has("fail_attempts")) {
                        val attempt = attempts.merge(event.id, 1, Int::plus)!!
                        check(attempt > result.getInt("fail_attempts")) { "attempt $attempt fails on purpose (fail_attempts)" }
                    }
                }
                // One write of the whole line, in append mode.
                handledLog?.let { path -> FileOutputStream(path, true).use { it.write("${event.id}\n".toByteArray()) } }
            }
        }
    }.start(wait = true)
}
