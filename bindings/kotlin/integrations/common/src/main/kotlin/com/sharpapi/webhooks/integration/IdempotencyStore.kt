package com.sharpapi.webhooks.integration

import java.time.Duration
import java.util.UUID

/**
 * Remembers which events were handled, so that SharpAPI's retries of a delivery run the handler
 * once. Every integration of this project uses it in the same order, after verifying:
 *
 * 1. [claim] the event's id: [Claim.State.DONE] answers 200 "duplicate" without running the
 *    handler; [Claim.State.IN_PROGRESS] answers 409 (SharpAPI retries); [Claim.State.CLAIMED] goes on.
 * 2. Run the handler. On success, [complete] (the id counts as handled only now); on failure,
 *    [release], so that SharpAPI's retry runs the handler again, and answer 500.
 *
 * A claim is a lease ([DEFAULT_LEASE] unless the store is told otherwise): a process that died
 * mid-handler blocks the id only until it runs out. [complete] and [release] act only on the
 * caller's own claim, named by its token: a claim whose lease ran out and that another request took
 * since is left alone (they answer false).
 */
interface IdempotencyStore {
    /** Atomically claims [eventId] unless it is claimed or done. */
    fun claim(eventId: String): Claim

    /** Marks the claimed event done (kept for the store's done TTL); false when the claim was lost. */
    fun complete(claim: Claim): Boolean

    /** Forgets the claim so that a retry runs the handler again; false when the claim was lost. */
    fun release(claim: Claim): Boolean

    companion object {
        /** How long a claim holds when the store is given no lease: 60 s. */
        @JvmField
        val DEFAULT_LEASE: Duration = Duration.ofSeconds(60)

        /** How long a done event is remembered when the store is given no TTL: 7 days. */
        @JvmField
        val DEFAULT_DONE_TTL: Duration = Duration.ofDays(7)
    }
}

/**
 * What [IdempotencyStore.claim] found. [token] names this claim (null unless [state] is
 * [State.CLAIMED]); pass the whole claim back to [IdempotencyStore.complete] or
 * [IdempotencyStore.release].
 */
class Claim(
    /** The event's id. */
    val eventId: String,
    /** What the store found. */
    val state: State,
    /** The claim's own token when [state] is [State.CLAIMED]; null otherwise. */
    val token: String?,
) {
    init {
        require((state == State.CLAIMED) == (token != null)) { "a token comes with a CLAIMED claim, and only with it" }
    }

    /** What [IdempotencyStore.claim] found. */
    enum class State {
        /** The id is now this caller's to handle. */
        CLAIMED,

        /** Another request holds a live claim on the id. */
        IN_PROGRESS,

        /** The id was handled already. */
        DONE,
    }

    override fun toString(): String = "Claim($eventId, $state)"

    companion object {
        /** A fresh token: a random UUID, never the text a store marks done events with. */
        @JvmStatic
        fun newToken(): String = "claim-" + UUID.randomUUID()
    }
}

internal fun requirePositive(name: String, duration: Duration): Duration {
    require(!duration.isNegative && !duration.isZero) { "$name must be positive, not $duration" }
    return duration
}
