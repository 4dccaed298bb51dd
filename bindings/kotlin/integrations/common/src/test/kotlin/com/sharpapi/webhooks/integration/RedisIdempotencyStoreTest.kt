package com.sharpapi.webhooks.integration

import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.time.Duration
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import redis.clients.jedis.RedisClient

/**
 * The store against a real redis-server (Debian's; scripts/test_kotlin.sh installs it), started
 * here on a free port without persistence and stopped after. Fails, never skips, without one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisIdempotencyStoreTest : IdempotencyStoreContract() {
    private lateinit var server: Process
    private lateinit var client: RedisClient

    @BeforeAll
    fun startRedis() {
        val port = ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { it.localPort }
        val binary = System.getenv("REDIS_SERVER") ?: "redis-server"
        server = ProcessBuilder(binary, "--port", "$port", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
            .redirectErrorStream(true)
            .redirectOutput(File.createTempFile("redis-server", ".log"))
            .start()
        val deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos()
        while (true) {
            check(server.isAlive) { "redis-server exited with ${server.exitValue()}" }
            val listening = runCatching { Socket("127.0.0.1", port).close() }.isSuccess
            if (listening) break
            check(System.nanoTime() < deadline) { "redis-server did not listen on port $port" }
            Thread.sleep(50)
        }
        client = RedisClient.create("redis://127.0.0.1:$port/0")
    }

    @AfterAll
    fun stopRedis() {
        if (::client.isInitialized) client.close()
        if (::server.isInitialized) {
            server.destroy()
            server.waitFor()
        }
    }

    override fun store(lease: Duration, doneTtl: Duration): IdempotencyStore = RedisIdempotencyStore(client, lease, doneTtl)

    @Test
    fun `one key per id under the prefix, holding the claim's token and then done, with the TTLs`() {
        val store = RedisIdempotencyStore(client, Duration.ofSeconds(30), Duration.ofDays(7), "test:prefix:")
        val claim = store.claim("job-keys")
        assertEquals(claim.token, client.get("test:prefix:job-keys"))
        assertTrue(client.pttl("test:prefix:job-keys") in 1..30_000)
        assertTrue(store.complete(claim))
        assertEquals("done", client.get("test:prefix:job-keys"))
        assertTrue(client.pttl("test:prefix:job-keys") > Duration.ofDays(6).toMillis())
    }
}
