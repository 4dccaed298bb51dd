<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

/** The verified body is not a SharpAPI webhook event (code 5): answer 400. */
final class InvalidPayloadException extends WebhookException
{
    public const CODE = 5;

    public const NAME = 'InvalidPayload';
}
