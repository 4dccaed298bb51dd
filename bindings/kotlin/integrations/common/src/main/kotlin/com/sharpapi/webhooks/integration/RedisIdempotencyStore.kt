package com.sharpapi.webhooks.integration

import java.time.Duration
import redis.clients.jedis.UnifiedJedis

/**
 * An [IdempotencyStore] in Redis, shared by every process that serves the endpoint, through Jedis
 * (an optional dependency of this artifact: add `redis.clients:jedis` yourself). Pass any
 * [UnifiedJedis], such as `RedisClient.create("redis://127.0.0.1:6379/0")`; it stays yours to close.
 *
 * One key per event id, `keyPrefix + id`: a claim holds its token with the lease as expiry, a done
 * event holds `done` for the done TTL. Each operation is one Lua script, so that claiming is
 * atomic and [complete] and [release] change the key only while it still holds the caller's token
 * (compare-and-set, compare-and-delete).
 */
class RedisIdempotencyStore @JvmOverloads constructor(
    private val redis: UnifiedJedis,
    lease: Duration = IdempotencyStore.DEFAULT_LEASE,
    doneTtl: Duration = IdempotencyStore.DEFAULT_DONE_TTL,
    private val keyPrefix: String = DEFAULT_KEY_PREFIX,
) : IdempotencyStore {
    private val leaseMillis = requirePositive("the lease", lease).toMillis().coerceAtLeast(1).toString()
    private val doneTtlMillis = requirePositive("the done TTL", doneTtl).toMillis().coerceAtLeast(1).toString()

    override fun claim(eventId: String): Claim {
        val token = Claim.newToken()
        val found = redis.eval(CLAIM, listOf(keyPrefix + eventId), listOf(token, leaseMillis, DONE))
        val state = when (found) {
            "claimed" -> Claim.State.CLAIMED
            "done" -> Claim.State.DONE
            "in_progress" -> Claim.State.IN_PROGRESS
            else -> throw IllegalStateException("Redis answered the claim script with $found")
        }
        return Claim(eventId, state, if (state == Claim.State.CLAIMED) token else null)
    }

    override fun complete(claim: Claim): Boolean {
        val token = claim.token ?: return false
        return redis.eval(COMPLETE, listOf(keyPrefix + claim.eventId), listOf(token, DONE, doneTtlMillis)) == 1L
    }

    override fun release(claim: Claim): Boolean {
        val token = claim.token ?: return false
        return redis.eval(RELEASE, listOf(keyPrefix + claim.eventId), listOf(token)) == 1L
    }

    override fun toString(): String = "RedisIdempotencyStore($keyPrefix*)"

    companion object {
        /** The keys' prefix unless told otherwise. */
        const val DEFAULT_KEY_PREFIX: String = "sharpapi:webhooks:event:"

        // A token always starts with "claim-", so it is never DONE.
        private const val DONE = "done"

        private val CLAIM = """
            local found = redis.call('GET', KEYS[1])
            if not found then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 'claimed'
            elseif found == ARGV[3] then
              return 'done'
            end
            return 'in_progress'
        """.trimIndent()

        private val COMPLETE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
        """.trimIndent()

        private val RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
        """.trimIndent()
    }
}
