<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Laravel;

use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use SharpApi\Webhooks\Inbox\Inbox;
use SharpApi\Webhooks\Inbox\InboxWorker;

/**
 * The Laravel queue's job of the inbox mode: `ProcessDelivery::dispatch($id)` after an accept
 * (AcknowledgeMode's enqueue), run by `php artisan queue:work` (the connection's retry_after
 * longer than the inbox's lease) with the InboxWorker bound
 * in the container (your handler in it): claimId → handler → complete, or fail; after a failed attempt
 * it dispatches itself again, delayed until the record's backoff ends. The inbox stays the source
 * of truth: sweep() (schedule it, e.g. every minute) dispatches the records that a dead web
 * process never queued and the claims of a dead worker whose lease ran out.
 */
final class ProcessDelivery implements ShouldQueue
{
    use Dispatchable;
    use InteractsWithQueue;
    use Queueable;

    /**
     * No limit of Laravel's own, whatever `--tries` the worker runs with: the inbox counts the
     * attempts and dead-letters. With Laravel 8's default of one try, the job of a worker that died
     * mid-handler would be failed by Laravel when it comes back, and the event left to the sweep.
     */
    public int $tries = 0;

    public function __construct(public readonly string $eventId)
    {
    }

    public function handle(InboxWorker $worker): void
    {
        if ($worker->process($this->eventId) === 'handler_failed') {
            $next = $worker->inbox->get($this->eventId)?->nextAttemptAt ?? microtime(true);
            self::dispatch($this->eventId)->delay((int) max(0, ceil($next - microtime(true))));
        }
    }

    /**
     * Dispatches a job for each record that is due for $graceSeconds already (pending: its job was
     * lost, or never queued) or whose claim expired (its worker died).
     *
     * @return int how many jobs it dispatched
     */
    public static function sweep(Inbox $inbox, float $graceSeconds = 30.0): int
    {
        $ids = $inbox->due($graceSeconds);
        foreach ($ids as $id) {
            self::dispatch($id);
        }
        return count($ids);
    }
}
