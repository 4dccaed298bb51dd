<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

use SharpApi\Webhooks\WebhookEvent;

/**
 * A durable inbox of verified deliveries (the contract: bindings/INBOX.md): one record per job id,
 * `pending` → `processing` → `done`, back to `pending` (a retry after a backoff) or `dead` after
 * maxAttempts. Every step is atomic in the store; a store that fails throws StoreUnavailable.
 * SqliteInbox (one machine) and RedisInbox (several instances) implement it, and both keep the
 * Prometheus counters of PrometheusMetrics where every PHP process of a server can add to them.
 */
interface Inbox
{
    public const STATES = ['pending', 'processing', 'done', 'dead'];
    public const DEFAULT_LEASE_SECONDS = 60.0;
    public const DEFAULT_MAX_ATTEMPTS = 5;
    public const DEFAULT_BACKOFF_SECONDS = 1.0;
    public const DEFAULT_BACKOFF_CAP_SECONDS = 300.0;

    /** @return 'accepted'|'duplicate' once the record is durable; a present id counts a duplicate */
    public function accept(WebhookEvent $event, string $rawBody): string;

    /** The oldest due pending record, or a processing one whose lease expired; null when none. */
    public function claim(?float $leaseSeconds = null): ?InboxItem;

    /** claim() for one id (what a queue job calls); null when it is not claimable now. */
    public function claimId(string $eventId, ?float $leaseSeconds = null): ?InboxItem;

    /** Marks a claimed record done while it still holds the item's token; false when the claim was lost. */
    public function complete(InboxItem $item): bool;

    /** @return 'retry'|'dead'|false token-checked: dead after maxAttempts, else pending after a backoff */
    public function fail(InboxItem $item, \Throwable|string $error): string|false;

    public function get(string $eventId): ?InboxItem;

    /** @return list<InboxItem> */
    public function deadLetters(int $limit = 100): array;

    /** A dead or done record back to pending with attempts=0: a person's decision. */
    public function replay(string $eventId): bool;

    /** @return array{pending: int, processing: int, done: int, dead: int} the queue depth */
    public function counts(): array;

    /**
     * The ids a sweeper should queue again: pending and due for $graceSeconds already, or
     * processing with a lease that ran out.
     *
     * @return list<string>
     */
    public function due(float $graceSeconds = 0.0, int $limit = 1000): array;

    /**
     * Adds to counters shared by every process that uses this store (PrometheusMetrics).
     *
     * @param array<string, float|int> $increments series text => amount
     */
    public function addToCounters(string $scope, array $increments): void;

    /** @return array<string, float> series text => value, of one scope */
    public function readCounters(string $scope): array;
}
