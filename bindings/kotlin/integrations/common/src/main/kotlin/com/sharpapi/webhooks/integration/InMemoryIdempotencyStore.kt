package com.sharpapi.webhooks.integration

import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * An [IdempotencyStore] in this process's memory: right for one process (a restart forgets
 * everything, and other processes do not see it); use [RedisIdempotencyStore] when several
 * processes serve the endpoint. Thread-safe; each operation is one atomic map update. Expired
 * entries are dropped as claims go by.
 */
class InMemoryIdempotencyStore internal constructor(
    lease: Duration,
    doneTtl: Duration,
    private val nanoTime: () -> Long,
) : IdempotencyStore {
    /** A store whose claims hold for [lease] and whose done events are kept for [doneTtl]. */
    @JvmOverloads
    constructor(
        lease: Duration = IdempotencyStore.DEFAULT_LEASE,
        doneTtl: Duration = IdempotencyStore.DEFAULT_DONE_TTL,
    ) : this(lease, doneTtl, System::nanoTime)

    private val leaseNanos = requirePositive("the lease", lease).toNanos()
    private val doneTtlNanos = requirePositive("the done TTL", doneTtl).toNanos()

    /** A claim (with its token) or a done mark, until [expiresAt] (System.nanoTime's scale). */
    private class Entry(val token: String?, val expiresAt: Long)

    private val entries = ConcurrentHashMap<String, Entry>()
    private val claimsSinceSweep = AtomicInteger()

    override fun claim(eventId: String): Claim {
        sweepNowAndThen()
        val now = nanoTime()
        val token = Claim.newToken()
        var found: Claim.State = Claim.State.CLAIMED
        entries.compute(eventId) { _, entry ->
            when {
                entry == null || entry.expiresAt - now <= 0 -> Entry(token, now + leaseNanos)
                entry.token == null -> entry.also { found = Claim.State.DONE }
                else -> entry.also { found = Claim.State.IN_PROGRESS }
            }
        }
        return Claim(eventId, found, if (found == Claim.State.CLAIMED) token else null)
    }

    override fun complete(claim: Claim): Boolean = replaceOwn(claim) { Entry(null, nanoTime() + doneTtlNanos) }

    override fun release(claim: Claim): Boolean = replaceOwn(claim) { null }

    // Compare-and-set on the token: a claim whose lease ran out and was taken since is not ours.
    private fun replaceOwn(claim: Claim, replacement: () -> Entry?): Boolean {
        val token = claim.token ?: return false
        var own = false
        entries.computeIfPresent(claim.eventId) { _, entry ->
            if (entry.token == token) {
                own = true
                replacement()
            } else {
                entry
            }
        }
        return own
    }

    /** How many ids it holds (claimed or done), expired ones not yet dropped included. */
    fun size(): Int = entries.size

    private fun sweepNowAndThen() {
        if (claimsSinceSweep.incrementAndGet() % SWEEP_EVERY != 0) return
        val now = nanoTime()
        entries.entries.removeIf { it.value.expiresAt - now <= 0 }
    }

    override fun toString(): String = "InMemoryIdempotencyStore(${entries.size} ids)"

    private companion object {
        const val SWEEP_EVERY = 4096
    }
}
