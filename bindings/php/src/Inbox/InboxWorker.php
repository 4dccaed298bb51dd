<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

use SharpApi\Webhooks\WebhookEvent;

/**
 * Runs the user's handler on the inbox's records: claim (or claimId, from a queue job) → the
 * handler with the stored event → complete, or fail (a retry after a backoff, or dead after
 * maxAttempts). An event counts as handled only once its handler returned. One log line and the
 * metrics per attempt. run() is a polling worker of its own for setups without a queue (PSR-15
 * apps, `php worker.php`): claim() also takes records whose lease expired (a worker that died),
 * so nothing is lost and no sweeper is needed; the Laravel queue's job calls process($id).
 */
final class InboxWorker
{
    /** @var \Closure(WebhookEvent, InboxItem): mixed */
    private readonly \Closure $handler;
    private bool $stopping = false;

    /** @param callable(WebhookEvent, InboxItem): mixed $handler a throw is a failed attempt */
    public function __construct(
        public readonly Inbox $inbox,
        callable $handler,
        private readonly ?PrometheusMetrics $metrics = null,
        private readonly DeliveryLog $log = new DeliveryLog(),
        private readonly ?float $leaseSeconds = null,
    ) {
        $this->handler = \Closure::fromCallable($handler);
    }

    /**
     * Claims one record ($eventId's, or the oldest due) and runs the handler on it.
     *
     * @return 'handled'|'handler_failed'|'dead'|'lost'|null null when nothing was claimable; lost
     *     when another worker took the claim over (its lease ran out) before this one finished
     */
    public function process(?string $eventId = null): ?string
    {
        $item = $eventId === null ? $this->inbox->claim($this->leaseSeconds) : $this->inbox->claimId($eventId, $this->leaseSeconds);
        if ($item === null) {
            return null;
        }
        $started = hrtime(true);
        $error = null;
        try {
            ($this->handler)($item->event(), $item);
        } catch (\Throwable $error) {
        }
        $seconds = (hrtime(true) - $started) / 1e9;
        if ($error === null) {
            $outcome = $this->inbox->complete($item) ? 'handled' : 'lost';
        } else {
            $outcome = match ($this->inbox->fail($item, $error)) {
                'retry' => 'handler_failed',
                'dead' => 'dead',
                default => 'lost',
            };
        }
        $this->log->write($outcome === 'lost' && $error === null ? 'handled' : $outcome, [
            'job_id' => $item->id,
            'type' => $item->type,
            'status' => $item->status,
            'error_code' => $error === null ? null : get_class($error),
            'duration_ms' => $seconds * 1000,
            'attempt' => $item->attempts,
        ], $item->body);
        try {
            $this->metrics?->attempt($outcome === 'lost' ? ($error === null ? 'handled' : 'handler_failed') : $outcome, $seconds);
        } catch (\Throwable) {
            // Metrics that fail never change the verdict.
        }
        return $outcome;
    }

    /**
     * Polls until stop() or SIGTERM/SIGINT (with ext-pcntl), or $maxSeconds: claims and handles
     * records as they come due, sleeping $idleSeconds when there is none. A store that is down is
     * waited out.
     */
    public function run(float $idleSeconds = 0.05, ?float $maxSeconds = null): void
    {
        if (function_exists('pcntl_async_signals')) {
            pcntl_async_signals(true);
            pcntl_signal(SIGTERM, fn () => $this->stop());
            pcntl_signal(SIGINT, fn () => $this->stop());
        }
        $until = $maxSeconds === null ? null : microtime(true) + $maxSeconds;
        while (!$this->stopping && ($until === null || microtime(true) < $until)) {
            try {
                $outcome = $this->process();
            } catch (StoreUnavailable $error) {
                error_log("sharpapi-webhooks: the inbox worker waits for its store: {$error->getMessage()}");
                usleep(1_000_000);
                continue;
            }
            if ($outcome === null) {
                usleep((int) ($idleSeconds * 1e6));
            }
        }
    }

    public function stop(): void
    {
        $this->stopping = true;
    }
}
