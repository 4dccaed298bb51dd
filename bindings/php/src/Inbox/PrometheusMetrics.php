<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

/**
 * The contract's metrics (bindings/INBOX.md), in the Prometheus text exposition format 0.0.4 written
 * here: Debian has no Prometheus client library for PHP, and PHP forgets its memory after every
 * request, so the counters and histograms live in the inbox's own store (the SQLite file or
 * Redis), where every process of a server (PHP-FPM's, `php -S`'s, the queue's workers) adds to
 * them atomically. $scope keeps one instance's series apart from another's on a shared Redis: an
 * instance's /metrics shows its own scope, plus the ones in $alsoShow (e.g. its workers' scope).
 * The queue depth is read from Inbox::counts() at scrape time.
 */
final class PrometheusMetrics
{
    public const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

    /** Prometheus's default buckets, in seconds. */
    public const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

    private const HELP = [
        'sharpapi_webhook_deliveries_total' => ['counter', 'Webhook deliveries by outcome (accepted, duplicate, refused).'],
        'sharpapi_webhook_refusals_total' => ['counter', 'Refused deliveries by error name.'],
        'sharpapi_webhook_handled_total' => ['counter', 'Events whose handler succeeded.'],
        'sharpapi_webhook_handler_failures_total' => ['counter', 'Handler attempts that failed.'],
        'sharpapi_webhook_dead_letters_total' => ['counter', 'Events that failed their last attempt.'],
        'sharpapi_webhook_queue_depth' => ['gauge', 'Inbox records per state.'],
        'sharpapi_webhook_handler_seconds' => ['histogram', "The handler's duration."],
        'sharpapi_webhook_acknowledge_seconds' => ['histogram', 'From the request start to the answer.'],
    ];

    /** @param list<string> $alsoShow more scopes whose series render() adds to this one's */
    public function __construct(
        public readonly Inbox $store,
        public readonly string $scope = 'default',
        private readonly array $alsoShow = [],
    ) {
    }

    /** One delivery answered at the web side: its outcome, its error name when refused, the seconds to answer. */
    public function delivery(string $outcome, ?string $error, float $acknowledgeSeconds): void
    {
        $increments = ['sharpapi_webhook_deliveries_total{outcome="' . self::label($outcome) . '"}' => 1];
        if ($error !== null) {
            $increments['sharpapi_webhook_refusals_total{error="' . self::label($error) . '"}'] = 1;
        }
        $this->store->addToCounters($this->scope, $increments + self::observe('sharpapi_webhook_acknowledge_seconds', $acknowledgeSeconds));
    }

    /** One handler attempt at the worker side: 'handled', 'handler_failed' or 'dead'. */
    public function attempt(string $outcome, float $handlerSeconds): void
    {
        $increments = self::observe('sharpapi_webhook_handler_seconds', $handlerSeconds);
        if ($outcome === 'handled') {
            $increments['sharpapi_webhook_handled_total'] = 1;
        } else {
            $increments['sharpapi_webhook_handler_failures_total'] = 1;
            if ($outcome === 'dead') {
                $increments['sharpapi_webhook_dead_letters_total'] = 1;
            }
        }
        $this->store->addToCounters($this->scope, $increments);
    }

    /** @return array<string, float> */
    private static function observe(string $name, float $seconds): array
    {
        $increments = [];
        foreach (self::BUCKETS as $bound) {
            if ($seconds <= $bound) {
                $increments[$name . '_bucket{le="' . self::number($bound) . '"}'] = 1;
            }
        }
        return $increments + [$name . '_bucket{le="+Inf"}' => 1, $name . '_sum' => $seconds, $name . '_count' => 1];
    }

    /** The Prometheus text of every series of this scope (and $alsoShow's), with the queue depth. */
    public function render(): string
    {
        $values = [];
        foreach ([$this->scope, ...$this->alsoShow] as $scope) {
            foreach ($this->store->readCounters($scope) as $series => $value) {
                $values[$series] = ($values[$series] ?? 0.0) + $value;
            }
        }
        foreach ($this->store->counts() as $state => $count) {
            $values['sharpapi_webhook_queue_depth{state="' . $state . '"}'] = (float) $count;
        }
        foreach (['sharpapi_webhook_handled_total', 'sharpapi_webhook_handler_failures_total', 'sharpapi_webhook_dead_letters_total'] as $name) {
            $values[$name] ??= 0.0;
        }
        foreach (['sharpapi_webhook_handler_seconds', 'sharpapi_webhook_acknowledge_seconds'] as $name) {
            foreach ([...array_map(self::number(...), self::BUCKETS), '+Inf'] as $bound) {
                $values[$name . '_bucket{le="' . $bound . '"}'] ??= 0.0;
            }
            $values[$name . '_sum'] ??= 0.0;
            $values[$name . '_count'] ??= 0.0;
        }
        $byFamily = [];
        foreach ($values as $series => $value) {
            $family = (string) preg_replace('/(_bucket|_sum|_count)?(\{.*)?$/', '', $series);
            $family = isset(self::HELP[$family]) ? $family : (string) preg_replace('/\{.*$/', '', $series);
            $byFamily[$family][$series] = $value;
        }
        ksort($byFamily);
        $text = '';
        foreach ($byFamily as $family => $series) {
            [$type, $help] = self::HELP[$family] ?? ['untyped', $family];
            $text .= "# HELP $family $help\n# TYPE $family $type\n";
            if ($type === 'histogram') {
                uksort($series, static fn (string $a, string $b): int => self::order($a) <=> self::order($b));
            } else {
                ksort($series);
            }
            foreach ($series as $name => $value) {
                $text .= $name . ' ' . self::number($value) . "\n";
            }
        }
        return $text;
    }

    /** A histogram's series in Prometheus's order: buckets by bound, then _sum, then _count. */
    private static function order(string $series): float
    {
        if (preg_match('/_bucket\{le="([^"]+)"\}$/', $series, $match)) {
            return $match[1] === '+Inf' ? 1e300 : (float) $match[1];
        }
        return str_ends_with($series, '_sum') ? 1e301 : 1e302;
    }

    private static function number(float $value): string
    {
        if (floor($value) === $value && abs($value) < 1e15) {
            return number_format($value, 1, '.', '');
        }
        return rtrim(rtrim(sprintf('%.9F', $value), '0'), '.');
    }

    /** A label value escaped per the format: backslash, double quote and newline. */
    private static function label(string $value): string
    {
        return str_replace(['\\', '"', "\n"], ['\\\\', '\\"', '\\n'], $value);
    }
}
