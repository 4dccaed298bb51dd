<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

/** @internal the checks of a store's arguments: its durations, an event id */
final class Arguments
{
    public static function seconds(int $seconds, string $name): int
    {
        if ($seconds < 1) {
            throw new \InvalidArgumentException("$name must be a positive number of seconds, not $seconds");
        }
        return $seconds;
    }

    public static function eventId(string $eventId): string
    {
        if ($eventId === '') {
            throw new \InvalidArgumentException('an event id must not be empty');
        }
        return $eventId;
    }
}
