<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

/** The request has no X-Signature header, or it is empty or whitespace (code 2): answer 401. */
final class MissingSignatureException extends WebhookException
{
    public const CODE = 2;

    public const NAME = 'MissingSignature';
}
