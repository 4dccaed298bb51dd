<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * The project's error 1, InvalidSecret, in every language. The core describes it as:
 *
 * invalid secret: a webhook secret is empty or is no Unicode text, or none was given; copy the
 * "Secret for Signature" from the SharpAPI webhooks dashboard
 */
final class InvalidSecretException extends WebhookException
{
    public const CODE = 1;

    public const NAME = 'InvalidSecret';
}
