<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

/** X-Signature is not 64 hex digits (code 3): answer 401. */
final class MalformedSignatureException extends WebhookException
{
    public const CODE = 3;

    public const NAME = 'MalformedSignature';
}
