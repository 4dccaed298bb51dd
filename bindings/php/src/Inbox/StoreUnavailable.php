<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

/**
 * The inbox's store could not be reached or written: the integration answers 503, so that
 * SharpAPI retries.
 */
final class StoreUnavailable extends \RuntimeException
{
}
