<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

/** The answer of IdempotencyStore::claim(): the state, and the token of a claim the caller holds. */
final class Claim
{
    private function __construct(
        public readonly ClaimState $state,
        /** The caller's proof of its claim, for complete() and release(); null unless Claimed. */
        public readonly ?string $token,
    ) {
    }

    public static function claimed(string $token): self
    {
        return new self(ClaimState::Claimed, $token);
    }

    public static function inProgress(): self
    {
        return new self(ClaimState::InProgress, null);
    }

    public static function done(): self
    {
        return new self(ClaimState::Done, null);
    }

    /** A new token: 128 random bits, as hex. */
    public static function newToken(): string
    {
        return bin2hex(random_bytes(16));
    }
}
