<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

/** What IdempotencyStore::claim() found for an event id. */
enum ClaimState: string
{
    /** The caller holds the id now, for the store's lease: run the handler, then complete or release. */
    case Claimed = 'claimed';

    /** Another request holds the id: answer 409, SharpAPI retries later. */
    case InProgress = 'in_progress';

    /** The id was handled before: answer 200 without running the handler again. */
    case Done = 'done';
}
