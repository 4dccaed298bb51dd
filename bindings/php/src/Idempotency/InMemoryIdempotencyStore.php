<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

/**
 * Claims in this object's memory, with expiry. PHP frees everything at the end of each request
 * under PHP-FPM, Apache's module and `php -S`: there this store forgets every id when the request
 * ends and de-duplicates nothing. It serves a process that lives across requests (Laravel Octane,
 * RoadRunner, Swoole, ReactPHP, a queue worker) and tests; and even there each process has its
 * own, so that several workers need a shared store (LaravelCacheIdempotencyStore,
 * RedisIdempotencyStore).
 */
final class InMemoryIdempotencyStore implements IdempotencyStore
{
    /** @var array<string, array{token: ?string, expires: float}> token null once done */
    private array $entries = [];

    private int $claimsSinceSweep = 0;

    private readonly \Closure $now;

    /**
     * @param (\Closure(): float)|null $now the clock, in seconds (microtime(true)), for tests
     */
    public function __construct(
        private readonly int $leaseSeconds = self::DEFAULT_LEASE_SECONDS,
        private readonly int $doneTtlSeconds = self::DEFAULT_DONE_TTL_SECONDS,
        ?\Closure $now = null,
    ) {
        Arguments::seconds($leaseSeconds, 'leaseSeconds');
        Arguments::seconds($doneTtlSeconds, 'doneTtlSeconds');
        $this->now = $now ?? static fn (): float => microtime(true);
    }

    public function claim(string $eventId): Claim
    {
        Arguments::eventId($eventId);
        $now = ($this->now)();
        $this->sweep($now);
        $entry = $this->entries[$eventId] ?? null;
        if ($entry !== null && $entry['expires'] > $now) {
            return $entry['token'] === null ? Claim::done() : Claim::inProgress();
        }
        $token = Claim::newToken();
        $this->entries[$eventId] = ['token' => $token, 'expires' => $now + $this->leaseSeconds];
        return Claim::claimed($token);
    }

    public function complete(string $eventId, string $token): bool
    {
        $now = ($this->now)();
        if (!$this->holds($eventId, $token, $now)) {
            return false;
        }
        $this->entries[$eventId] = ['token' => null, 'expires' => $now + $this->doneTtlSeconds];
        return true;
    }

    public function release(string $eventId, string $token): bool
    {
        if (!$this->holds($eventId, $token, ($this->now)())) {
            return false;
        }
        unset($this->entries[$eventId]);
        return true;
    }

    /** Whether $token's claim on $eventId still stands (not expired, not taken over, not done). */
    private function holds(string $eventId, string $token, float $now): bool
    {
        $entry = $this->entries[$eventId] ?? null;
        return $entry !== null && $entry['token'] !== null && hash_equals($entry['token'], $token)
            && $entry['expires'] > $now;
    }

    /** Drops expired entries now and then, so that memory follows the ids of the last days. */
    private function sweep(float $now): void
    {
        if (++$this->claimsSinceSweep < 1000) {
            return;
        }
        $this->claimsSinceSweep = 0;
        foreach ($this->entries as $eventId => $entry) {
            if ($entry['expires'] <= $now) {
                unset($this->entries[$eventId]);
            }
        }
    }
}
