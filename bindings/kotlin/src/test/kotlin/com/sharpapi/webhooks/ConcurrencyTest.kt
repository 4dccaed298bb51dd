package com.sharpapi.webhooks

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** One verifier shared by many threads, as a web server shares it between its request threads. */
class ConcurrencyTest {
    private val threads = 8
    private val secrets = listOf("whsec_current", "whsec_previous")

    /** Per thread, deliveries with their own bodies, and what each must give. */
    private fun deliveries(thread: Int): List<Pair<ByteArray, String>> {
        val id = "job-$thread"
        val body = """{"id":"$id","status":"success","type":"content_summarize"}""".toByteArray()
        val tampered = """{"id":"$id","status":"failed","type":"content_summarize"}""".toByteArray()
        val signature = sign(body, secrets[thread % 2])
        return listOf(body to signature, tampered to signature, body to signature.replaceRange(0, 1, "x"))
    }

    private fun outcome(verifier: Verifier, body: ByteArray, signature: String): String =
        try {
            verifier.constructEvent(body, signature).id
        } catch (error: WebhookException) {
            error.javaClass.simpleName
        }

    @Test
    fun `many threads verify through one verifier and every answer is right`() {
        val rounds = 200
        val pool = Executors.newFixedThreadPool(threads)
        val start = CountDownLatch(1)
        Verifier(secrets).use { verifier ->
            val results = (0 until threads).map { thread ->
                pool.submit(Callable {
                    val cases = deliveries(thread)
                    start.await()
                    (0 until rounds).flatMap { cases.map { (body, signature) -> outcome(verifier, body, signature) } }
                })
            }
            start.countDown()
            results.forEachIndexed { thread, result ->
                val answers = result.get(60, TimeUnit.SECONDS)
                val expected = List(rounds) { listOf("job-$thread", "InvalidSignature", "MalformedSignature") }.flatten()
                assertEquals(expected, answers, "thread $thread")
            }
        }
        pool.shutdown()
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
    }

    @Test
    fun `the bytes lent to Rust stay alive through each call while the GC runs`() {
        // Collections during native calls are what freed a lent buffer too early: without the
        // fences in UniFFI's path (`lending`, before the C ABI path), 300 of them gave 26 to 36
        // wrong answers here, and 60 gave 0 to 6. The C ABI path lends the thread's own memory
        // (CallMemory), and a body larger than it keeps in memory of the call's own: both here.
        val collecting = AtomicBoolean(true)
        val pool = Executors.newFixedThreadPool(4)
        Verifier(secrets).use { verifier ->
            val results = (0 until 4).map { thread ->
                pool.submit(Callable {
                    val (body, signature) = deliveries(thread).first()
                    val large = """{"id":"job-$thread","status":"success","type":"content_summarize","result":"${"x".repeat(CallMemory.KEPT_BYTES)}"}"""
                        .toByteArray()
                    val largeSignature = sign(large, secrets[thread % 2])
                    var calls = 0
                    var wrong = 0
                    while (collecting.get()) {
                        calls++
                        if (outcome(verifier, body, signature) != "job-$thread") wrong++
                        if (calls % 8 == 0 && outcome(verifier, large, largeSignature) != "job-$thread") wrong++
                    }
                    calls to wrong
                })
            }
            repeat(100) {
                System.gc()
                Thread.sleep(1)
            }
            collecting.set(false)
            val counts = results.map { it.get(60, TimeUnit.SECONDS) }
            assertTrue(counts.all { (calls, _) -> calls > 0 }, "a thread made no call: $counts")
            assertEquals(0, counts.sumOf { (_, wrong) -> wrong }, "(calls, wrong answers) per thread: $counts")
        }
        pool.shutdown()
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
    }

    @Test
    fun `closing while other threads verify gives them right answers or IllegalStateException, never a crash`() {
        val pool = Executors.newFixedThreadPool(threads)
        val start = CountDownLatch(1)
        val verifier = Verifier(secrets)
        val results = (0 until threads).map { thread ->
            pool.submit(Callable {
                val (body, signature) = deliveries(thread).first()
                start.await()
                // Calls until the verifier is closed under it; each answer before that is checked.
                generateSequence {
                    try {
                        outcome(verifier, body, signature)
                    } catch (closed: IllegalStateException) {
                        null
                    }
                }.onEach { assertEquals("job-$thread", it) }.count()
            })
        }
        start.countDown()
        Thread.sleep(100)
        verifier.close()
        // Every thread stopped through IllegalStateException; a wrong answer would surface here.
        val answered = results.sumOf { it.get(60, TimeUnit.SECONDS) }
        assertTrue(answered > 0, "no call ran before close")
        pool.shutdown()
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
    }
}
