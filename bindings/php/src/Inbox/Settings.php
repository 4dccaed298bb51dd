<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

/** @internal the lease, the bounded attempts and the backoff that both backends share */
final class Settings
{
    public function __construct(
        public readonly float $leaseSeconds,
        public readonly int $maxAttempts,
        public readonly float $backoffSeconds,
        public readonly float $backoffCapSeconds,
    ) {
        self::positive($leaseSeconds, 'leaseSeconds');
        self::positive($backoffSeconds, 'backoffSeconds');
        self::positive($backoffCapSeconds, 'backoffCapSeconds');
        if ($maxAttempts < 1) {
            throw new \InvalidArgumentException("maxAttempts must be 1 or more, not $maxAttempts");
        }
    }

    public static function positive(float $value, string $what): float
    {
        if (!($value > 0) || is_infinite($value)) {
            throw new \InvalidArgumentException("$what must be a positive number of seconds, not $value");
        }
        return $value;
    }

    public function lease(?float $leaseSeconds): float
    {
        return $leaseSeconds === null ? $this->leaseSeconds : self::positive($leaseSeconds, 'leaseSeconds');
    }

    /** Exponential: base, 2 × base, 4 × base... after attempt 1, 2, 3..., at most the cap. */
    public function backoff(int $attempts): float
    {
        return min($this->backoffCapSeconds, $this->backoffSeconds * 2 ** max(0, min($attempts - 1, 60)));
    }

    /** The last handler failure as one line: exception type and message, 500 characters at most. */
    public static function errorLine(\Throwable|string $error): string
    {
        $text = is_string($error) ? $error : get_class($error) . ': ' . $error->getMessage();
        return mb_substr(trim((string) preg_replace('/\s+/', ' ', $text)), 0, 500);
    }

    public static function token(): string
    {
        return bin2hex(random_bytes(16));
    }
}
