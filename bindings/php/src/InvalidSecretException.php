<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * A secret is empty, is not UTF-8 text or holds a NUL byte, or no secret was given (code 1):
 * a configuration error, not the request's.
 */
final class InvalidSecretException extends WebhookException
{
    public const CODE = 1;

    public const NAME = 'InvalidSecret';
}
