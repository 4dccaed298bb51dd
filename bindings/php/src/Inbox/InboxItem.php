<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

use SharpApi\Webhooks\WebhookEvent;

/** One record of the inbox, as read (get()) or claimed (claim(): then $token is the claim's). */
final class InboxItem
{
    public function __construct(
        public readonly string $id,
        public readonly string $type,
        public readonly string $status,
        public readonly string $body,
        public readonly float $receivedAt,
        public readonly string $state,
        public readonly int $attempts,
        public readonly float $nextAttemptAt,
        public readonly ?float $leaseUntil,
        public readonly ?string $token,
        public readonly ?string $lastError,
        public readonly int $duplicates,
    ) {
    }

    /** The stored event, parsed by the core (it was verified when accepted). */
    public function event(): WebhookEvent
    {
        return WebhookEvent::parseUnverified($this->body);
    }
}
