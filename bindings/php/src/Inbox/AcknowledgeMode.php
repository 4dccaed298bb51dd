<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

/**
 * The acknowledge-then-process mode of the integrations: verify → Inbox::accept() → 202
 * `{"id", "outcome": "accepted"}` (200 `"duplicate"` for an id accepted before), 503
 * StoreUnavailable when the inbox cannot be written (SharpAPI retries); the handler runs later in
 * a worker (InboxWorker, or the Laravel queue's ProcessDelivery job). $enqueue, when given, is
 * called with the id of each accepted event (e.g. to dispatch a queue job); its failure is only
 * logged: the record is durable and a sweeper or polling worker finds it.
 */
final class AcknowledgeMode
{
    /** @var (\Closure(string): void)|null */
    public readonly ?\Closure $enqueue;

    /** @param (callable(string): void)|null $enqueue */
    public function __construct(
        public readonly Inbox $inbox,
        ?callable $enqueue = null,
        public readonly ?PrometheusMetrics $metrics = null,
        public readonly DeliveryLog $log = new DeliveryLog(),
    ) {
        $this->enqueue = $enqueue === null ? null : \Closure::fromCallable($enqueue);
    }
}
