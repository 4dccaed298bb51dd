package com.sharpapi.webhooks.integration

import java.time.Duration
import java.util.Collections
import java.util.UUID
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** What every IdempotencyStore promises; each store's test class runs these against it. */
abstract class IdempotencyStoreContract {
    abstract fun store(lease: Duration = Duration.ofSeconds(60), doneTtl: Duration = Duration.ofDays(7)): IdempotencyStore

    private fun newId() = "job-" + UUID.randomUUID()

    @Test
    fun `claim, then the same id is in progress, then done once completed`() {
        val store = store()
        val id = newId()
        val claim = store.claim(id)
        assertEquals(Claim.State.CLAIMED, claim.state)
        assertNotNull(claim.token)
        val second = store.claim(id)
        assertEquals(Claim.State.IN_PROGRESS, second.state)
        assertNull(second.token)
        assertTrue(store.complete(claim))
        assertEquals(Claim.State.DONE, store.claim(id).state)
        assertEquals(Claim.State.DONE, store.claim(id).state)
        // Completing or releasing again, or with a claim that never held it, changes nothing.
        assertFalse(store.release(claim))
        assertFalse(store.complete(second))
        assertEquals(Claim.State.DONE, store.claim(id).state)
    }

    @Test
    fun `a released claim lets the next delivery claim the id again`() {
        val store = store()
        val id = newId()
        val claim = store.claim(id)
        assertTrue(store.release(claim))
        val retry = store.claim(id)
        assertEquals(Claim.State.CLAIMED, retry.state)
        assertFalse(store.release(claim), "the old claim's token no longer holds the id")
        assertEquals(Claim.State.IN_PROGRESS, store.claim(id).state)
    }

    @Test
    fun `a claim is a lease, and a lost claim cannot complete or release the new one`() {
        val store = store(lease = Duration.ofMillis(150))
        val id = newId()
        val stale = store.claim(id)
        Thread.sleep(400)
        val fresh = store.claim(id)
        assertEquals(Claim.State.CLAIMED, fresh.state, "the lease ran out")
        assertFalse(store.complete(stale))
        assertFalse(store.release(stale))
        assertEquals(Claim.State.IN_PROGRESS, store.claim(id).state)
        assertTrue(store.complete(fresh))
        assertEquals(Claim.State.DONE, store.claim(id).state)
    }

    @Test
    fun `a done id is forgotten after the done TTL`() {
        val store = store(doneTtl = Duration.ofMillis(150))
        val id = newId()
        assertTrue(store.complete(store.claim(id)))
        assertEquals(Claim.State.DONE, store.claim(id).state)
        Thread.sleep(400)
        assertEquals(Claim.State.CLAIMED, store.claim(id).state)
    }

    @Test
    fun `concurrent claims of the same ids, exactly one wins each`() {
        val store = store()
        val ids = List(200) { newId() }
        val threads = 8
        val claimed = Collections.synchronizedList(ArrayList<String>())
        val start = CountDownLatch(1)
        val pool = Executors.newFixedThreadPool(threads)
        try {
            repeat(threads) {
                pool.execute {
                    start.await()
                    for (id in ids) {
                        val claim = store.claim(id)
                        if (claim.state == Claim.State.CLAIMED) claimed += id
                    }
                }
            }
            start.countDown()
        } finally {
            pool.shutdown()
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS))
        }
        assertEquals(ids.sorted(), claimed.sorted())
    }

    @Test
    fun `a lease or TTL that is not positive is refused`() {
        org.junit.jupiter.api.assertThrows<IllegalArgumentException> { store(lease = Duration.ZERO) }
        org.junit.jupiter.api.assertThrows<IllegalArgumentException> { store(doneTtl = Duration.ofSeconds(-1)) }
    }
}

class InMemoryIdempotencyStoreTest : IdempotencyStoreContract() {
    override fun store(lease: Duration, doneTtl: Duration): IdempotencyStore = InMemoryIdempotencyStore(lease, doneTtl)

    @Test
    fun `expired entries are dropped as claims go by`() {
        var now = 0L
        val store = InMemoryIdempotencyStore(Duration.ofSeconds(1), Duration.ofSeconds(1)) { now }
        repeat(5000) { store.claim("id-$it") }
        now += Duration.ofSeconds(2).toNanos()
        repeat(4000) { store.claim("other-$it") }
        assertTrue(store.size() < 5000, "size ${store.size()}")
    }
}
