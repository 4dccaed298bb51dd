<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

/** A store failed (Redis unreachable, a cache lock that timed out): the delivery cannot be handled now. */
final class IdempotencyStoreException extends \RuntimeException
{
}
