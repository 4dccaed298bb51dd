<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * The project's error 4, InvalidSignature, in every language. The core describes it as:
 *
 * invalid signature: X-Signature does not match the body; pass the raw request body bytes exactly
 * as received (not JSON parsed and serialized again) and check the webhook secret
 */
final class InvalidSignatureException extends WebhookException
{
    public const CODE = 4;

    public const NAME = 'InvalidSignature';
}
