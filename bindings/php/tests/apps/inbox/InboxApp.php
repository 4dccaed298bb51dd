<?php

// What the inbox test apps (bindings/INBOX.md, "Test app contract") share: the inbox of
// SHARPAPI_INBOX (sqlite:///path or redis://HOST:PORT/DB) with short test timings, the metrics'
// scope, the delivery log, and the contract's handler as the workers run it.

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Apps\Inbox;

use SharpApi\Webhooks\Inbox\DeliveryLog;
use SharpApi\Webhooks\Inbox\Inbox;
use SharpApi\Webhooks\Inbox\InboxItem;
use SharpApi\Webhooks\Inbox\PrometheusMetrics;
use SharpApi\Webhooks\Inbox\RedisInbox;
use SharpApi\Webhooks\Inbox\SqliteInbox;
use SharpApi\Webhooks\WebhookEvent;

final class InboxApp
{
    /** The scope of the workers' metrics; each web instance counts its deliveries under its port. */
    public const WORKER_SCOPE = 'worker';

    public static function inbox(): Inbox
    {
        $url = (string) getenv('SHARPAPI_INBOX');
        $options = [
            'leaseSeconds' => (float) (getenv('SHARPAPI_INBOX_LEASE_SECONDS') ?: 2.0),
            'maxAttempts' => (int) (getenv('SHARPAPI_INBOX_MAX_ATTEMPTS') ?: 3),
            'backoffSeconds' => 0.2,
            'backoffCapSeconds' => 1.0,
        ];
        return match (true) {
            str_starts_with($url, 'sqlite://') => SqliteInbox::fromUrl($url, ...$options),
            str_starts_with($url, 'redis://') => RedisInbox::fromUrl($url, ...['prefix' => 'sharpapi-php-inbox-test:'] + $options),
            default => throw new \RuntimeException('SHARPAPI_INBOX must be sqlite:///path or redis://HOST:PORT/DB'),
        };
    }

    public static function webMetrics(Inbox $inbox): PrometheusMetrics
    {
        return new PrometheusMetrics($inbox, 'web-' . (getenv('PORT') ?: 'default'), [self::WORKER_SCOPE]);
    }

    public static function workerMetrics(Inbox $inbox): PrometheusMetrics
    {
        return new PrometheusMetrics($inbox, self::WORKER_SCOPE);
    }

    /** One JSON line per delivery to stderr (the server's log): quiet enough for a load run. */
    public static function log(): DeliveryLog
    {
        return new DeliveryLog();
    }

    /**
     * The contract's handler: sleeps `result.sleep_ms`, fails while the record's attempts are at
     * most `result.fail_attempts` (a durable count), then appends `<id>\t<time>\n` in one write.
     */
    public static function handle(WebhookEvent $event, InboxItem $item): void
    {
        $result = $event->result();
        if (is_array($result) && is_int($result['sleep_ms'] ?? null)) {
            usleep($result['sleep_ms'] * 1000);
        }
        if (is_array($result) && is_int($result['fail_attempts'] ?? null) && $item->attempts <= $result['fail_attempts']) {
            throw new \RuntimeException("the test handler fails on purpose for event {$event->id}, attempt {$item->attempts}");
        }
        $log = getenv('SHARPAPI_HANDLED_LOG');
        if ($log !== false && $log !== ''
            && file_put_contents($log, sprintf("%s\t%.6F\n", $event->id, microtime(true)), FILE_APPEND) === false) {
            throw new \RuntimeException("cannot append to $log");
        }
    }
}
