package com.sharpapi.webhooks

import java.io.File
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The C ABI path of a Verifier's calls (NativeMethods.kt): the C layouts, the memory each thread
 * lends, the handle's single free, and the event's known values.
 */
class NativeCallsTest {
    private val secret = "whsec_native"

    private fun signature(payload: ByteArray): String {
        val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(secret.toByteArray(), "HmacSHA256")) }
        return mac.doFinal(payload).joinToString("") { "%02x".format(it) }
    }

    private fun event(id: String, status: String = "success", type: String = "content_translate", padding: Int = 0): ByteArray =
        """{"id":"$id","status":"$status","type":"$type","result":{"text":"${"x".repeat(padding)}"}}""".toByteArray()

    @Test
    fun `the C structures are laid out as C lays them out, on 64 and on 32 bits`() {
        assertEquals(listOf(0, 8, 16, 24, 32, 40, 48, 56, 64, 72), eventFieldsLayout(8).offsets.toList())
        assertEquals(80, eventFieldsLayout(8).size)
        assertEquals(listOf(0, 4, 8, 12, 16, 20, 24, 28, 32, 36), eventFieldsLayout(4).offsets.toList())
        assertEquals(40, eventFieldsLayout(4).size)
        assertEquals(listOf(0, 8, 16, 24), headerLayout(8).offsets.toList())
        assertEquals(32, headerLayout(8).size)
        assertEquals(16, headerLayout(4).size)
        assertEquals(16, strLayout(8).size)
        assertEquals(8, strLayout(4).size)
    }

    @Test
    fun `every status and type of the vocabulary arrives as its own object through the C ABI`() {
        val vocabulary = JSONObject(File(System.getProperty("vocabulary.file")).readText())
        fun wires(member: String) = vocabulary.getJSONArray(member).let { list -> (0 until list.length()).map { list.getJSONObject(it).getString("wire") } }
        val statuses = wires("job_statuses")
        val types = wires("job_types")
        // Every generated object was found, so none can arrive as Other.
        assertEquals(statuses.size, knownStatuses.size)
        assertEquals(types.size, knownTypes.size)
        Verifier(listOf(secret)).use { verifier ->
            // Twice: the first time each is found by its text, then by its number.
            repeat(2) {
                for ((index, type) in types.withIndex()) {
                    val status = statuses[index % statuses.size]
                    val body = event("job-$index", status, type)
                    val event = verifier.constructEvent(body, signature(body))
                    val unverified = parseEventUnverified(body)
                    assertSame(unverified.status, event.status, status)
                    assertSame(unverified.type, event.type, type)
                    assertTrue(event.status !is JobStatus.Other && event.type !is JobType.Other, "$status $type")
                }
            }
            val unknown = event("job-x", "queued", "content_new")
            val event = verifier.constructEvent(unknown, signature(unknown))
            assertEquals(JobStatus.Other("queued"), event.status)
            assertEquals(JobType.Other("content_new"), event.type)
        }
    }

    @Test
    fun `bodies, signatures and headers of any size cross whole, one after another on one thread`() {
        Verifier(listOf(secret)).use { verifier ->
            // Small, larger than the memory a thread starts with, larger than any it keeps, small again.
            for (padding in listOf(0, 20_000, CallMemory.KEPT_BYTES * 3, 10, 100_000, 0)) {
                val body = event("job-$padding", padding = padding)
                val good = signature(body)
                assertEquals("job-$padding", verifier.constructEvent(body, good).id)
                assertEquals("x".repeat(padding).length + 11, verifier.constructEvent(body, good).resultJson!!.length)
                verifier.verify(body, "  $good\t")
                assertThrows<WebhookException.InvalidSignature> { verifier.verify(body, signature(body + 0)) }
                // A signature padded with more whitespace than any kept memory holds is still that signature.
                verifier.verify(body, good + " ".repeat(CallMemory.KEPT_BYTES))
                // Many headers, long values, non-ASCII ones: the memory grows while they are written.
                val headers = (0 until 300).map { "X-Filler-$it" to "é€\uD83D\uDD11".repeat(it % 7) + "v".repeat(it * 3) } +
                    ("x-signature" to good) + ("X-Ünicode" to "wert")
                assertEquals("job-$padding", verifier.constructEventFromHeaders(body, headers).id)
                assertEquals("job-$padding", verifier.constructEventFromHeaders(body, headers.groupBy({ it.first }, { it.second })).id)
            }
        }
    }

    @Test
    fun `a call made from inside another on the same thread, by a header map's iterator, gets its own memory`() {
        Verifier(listOf(secret)).use { verifier ->
            val outer = event("outer", padding = 3000)
            val inner = event("inner", padding = 5000)
            val nestedAnswers = mutableListOf<String>()
            // A map whose iteration verifies another delivery on the same thread, mid-call.
            val headers = object : AbstractMap<String, List<String>>() {
                override val entries: Set<Map.Entry<String, List<String>>>
                    get() {
                        nestedAnswers += verifier.constructEvent(inner, signature(inner)).id
                        nestedAnswers += verifier.constructEventFromHeaders(inner, mapOf("X-Signature" to listOf(signature(inner)))).id
                        return mapOf("Content-Type" to listOf("application/json"), "X-Signature" to listOf(signature(outer))).entries
                    }
            }
            assertEquals("outer", verifier.constructEventFromHeaders(outer, headers).id)
            assertEquals(listOf("inner", "inner"), nestedAnswers)
            // And the thread's memory serves the next call as before.
            assertEquals("outer", verifier.constructEvent(outer, signature(outer)).id)
        }
    }

    @Test
    fun `a handle is freed exactly once, never under a call, whoever closes it and however calls interleave`() {
        repeat(20) {
            val inFlight = AtomicInteger()
            val frees = AtomicInteger()
            val freedUnderCall = AtomicBoolean(false)
            val handle = VerifierHandle(42) { address ->
                assertEquals(42, address)
                if (inFlight.get() != 0) freedUnderCall.set(true)
                frees.incrementAndGet()
            }
            // Four callers, and two closers that are not queued behind them.
            val pool = Executors.newFixedThreadPool(6)
            val start = CountDownLatch(1)
            val calls = (0 until 4).map {
                pool.submit(Callable {
                    start.await()
                    var made = 0
                    // Until close: then acquire throws IllegalStateException.
                    while (runCatching { handle.acquire() }.isSuccess) {
                        inFlight.incrementAndGet()
                        made++
                        inFlight.decrementAndGet()
                        handle.release()
                    }
                    made
                })
            }
            start.countDown()
            Thread.sleep(2)
            // close() and the Cleaner may both run it: still once.
            val closers = (0 until 2).map { pool.submit { handle.run() } }
            closers.forEach { it.get(10, TimeUnit.SECONDS) }
            calls.forEach { it.get(10, TimeUnit.SECONDS) }
            pool.shutdown()
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
            assertEquals(1, frees.get())
            assertFalse(freedUnderCall.get())
            assertThrows<IllegalStateException> { handle.acquire() }
            assertEquals(1, frees.get())
        }
    }
}
