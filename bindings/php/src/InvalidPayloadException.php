<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * The project's error 5, InvalidPayload, in every language. The core describes it as:
 *
 * invalid payload: the verified body is not a SharpAPI webhook event
 */
final class InvalidPayloadException extends WebhookException
{
    public const CODE = 5;

    public const NAME = 'InvalidPayload';
}
