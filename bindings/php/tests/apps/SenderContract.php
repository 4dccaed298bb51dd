<?php

// What the sender suite's test apps (tests/sender/sender.py) do besides the integration itself,
// shared by the Laravel and the Slim app: the secrets, and the handler's behaviour.

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Apps;

use SharpApi\Webhooks\WebhookEvent;

final class SenderContract
{
    /** @return list<string|false> the current secret, then the previous one when set (rotation) */
    public static function secrets(): array
    {
        $previous = getenv('SHARPAPI_WEBHOOK_PREVIOUS_SECRET');
        return $previous === false || $previous === ''
            ? [getenv('SHARPAPI_WEBHOOK_SECRET')]
            : [getenv('SHARPAPI_WEBHOOK_SECRET'), $previous];
    }

    public static function maxBodyBytes(): ?int
    {
        $limit = getenv('SHARPAPI_MAX_BODY_BYTES');
        return $limit === false || $limit === '' ? null : (int) $limit;
    }

    public static function useRedis(): bool
    {
        return getenv('SHARPAPI_IDEMPOTENCY') === 'redis';
    }

    /** @return array{host: string, port: int, database: int} REDIS_URL, redis://HOST:PORT/DB */
    public static function redis(): array
    {
        $url = parse_url((string) getenv('REDIS_URL'));
        if (!is_array($url) || ($url['scheme'] ?? '') !== 'redis') {
            throw new \RuntimeException('SHARPAPI_IDEMPOTENCY=redis needs REDIS_URL=redis://127.0.0.1:PORT/0');
        }
        return [
            'host' => $url['host'] ?? '127.0.0.1',
            'port' => $url['port'] ?? 6379,
            'database' => (int) ltrim($url['path'] ?? '/0', '/'),
        ];
    }

    /**
     * A folder of this run's own (the fail_attempts counters, the Laravel app's storage):
     * SHARPAPI_APP_STATE, else one in the temporary folder named after the run's handled log.
     */
    public static function stateDirectory(): string
    {
        $directory = getenv('SHARPAPI_APP_STATE')
            ?: sys_get_temp_dir() . '/sharpapi-php-app-' . substr(sha1((string) getenv('SHARPAPI_HANDLED_LOG')), 0, 16);
        if (!is_dir($directory) && !@mkdir($directory, 0777, true) && !is_dir($directory)) {
            throw new \RuntimeException("cannot make $directory");
        }
        return $directory;
    }

    /**
     * The user's handler of the sender's contract: sleeps `result.sleep_ms`, throws on the first
     * `result.fail_attempts` calls for the event's id, then appends the id to
     * SHARPAPI_HANDLED_LOG in one write.
     */
    public static function handle(WebhookEvent $event): void
    {
        $result = $event->result();
        if (is_array($result) && is_int($result['sleep_ms'] ?? null)) {
            usleep($result['sleep_ms'] * 1000);
        }
        if (is_array($result) && is_int($result['fail_attempts'] ?? null)
            && self::nextAttempt($event->id) <= $result['fail_attempts']) {
            throw new \RuntimeException("the test handler fails on purpose for event {$event->id}");
        }
        $log = getenv('SHARPAPI_HANDLED_LOG');
        if ($log !== false && file_put_contents($log, "{$event->id}\n", FILE_APPEND) === false) {
            throw new \RuntimeException("cannot append to $log");
        }
    }

    /**
     * The number of this call of the handler for $eventId, counted in a file under a lock: PHP
     * forgets its memory at the end of each request, and `php -S` may run several workers.
     */
    private static function nextAttempt(string $eventId): int
    {
        $directory = self::stateDirectory() . '/attempts';
        is_dir($directory) || @mkdir($directory, 0777, true) || is_dir($directory) || throw new \RuntimeException("cannot make $directory");
        $file = fopen($directory . '/' . hash('sha256', $eventId), 'c+');
        if ($file === false || !flock($file, LOCK_EX)) {
            throw new \RuntimeException("cannot count the attempts of event $eventId");
        }
        try {
            $attempt = (int) stream_get_contents($file) + 1;
            ftruncate($file, 0);
            rewind($file);
            fwrite($file, (string) $attempt);
            return $attempt;
        } finally {
            flock($file, LOCK_UN);
            fclose($file);
        }
    }
}
