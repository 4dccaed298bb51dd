<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * No secret signed this body (code 4): pass the raw body, not re-encoded JSON, and check the
 * secret. Answer 401.
 */
final class InvalidSignatureException extends WebhookException
{
    public const CODE = 4;

    public const NAME = 'InvalidSignature';
}
