<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

/**
 * Claims on event ids, so that each SharpAPI job is handled once although SharpAPI retries a
 * delivery up to three times. The flow (WebhookEndpoint runs it): claim() the verified event's
 * id; run the handler only when it is Claimed; then complete() when the handler succeeded, or
 * release() when it failed, so that SharpAPI's retry runs it again.
 *
 * A claim is a lease: a process that dies mid-handler does not block the id for longer than the
 * lease. complete() and release() touch the id only while it holds the caller's own claim (its
 * token): a handler that outlived its lease never undoes the claim of the request that took over.
 */
interface IdempotencyStore
{
    /** How long a claim holds an id unless completed or released, by default: 60 s. */
    public const DEFAULT_LEASE_SECONDS = 60;

    /** How long a handled id is remembered, by default: 7 days (SharpAPI retries within minutes). */
    public const DEFAULT_DONE_TTL_SECONDS = 7 * 24 * 60 * 60;

    /**
     * Claims $eventId atomically: Claimed (with a token) when no one holds it and it was not
     * handled, InProgress when another claim holds it, Done when it was handled.
     *
     * @throws IdempotencyStoreException when the store cannot answer
     */
    public function claim(string $eventId): Claim;

    /**
     * Marks $eventId handled, if $token's claim still holds it; whether it did.
     *
     * @throws IdempotencyStoreException when the store cannot answer
     */
    public function complete(string $eventId, string $token): bool;

    /**
     * Forgets $token's claim on $eventId, if it still holds it, so that a retry runs the handler
     * again; whether it did.
     *
     * @throws IdempotencyStoreException when the store cannot answer
     */
    public function release(string $eventId, string $token): bool;
}
