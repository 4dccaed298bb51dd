<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * The project's error 3, MalformedSignature, in every language. The core describes it as:
 *
 * malformed signature: X-Signature must be one value of exactly 64 hexadecimal digits (a hex
 * HMAC-SHA256)
 */
final class MalformedSignatureException extends WebhookException
{
    public const CODE = 3;

    public const NAME = 'MalformedSignature';
}
