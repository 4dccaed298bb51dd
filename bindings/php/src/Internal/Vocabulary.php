<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks\Internal;

/**
 * The core's error codes, each with the exception class that stands for it; any other status
 * is an argument error of the C ABI.
 *
 * @internal
 */
final class Vocabulary
{
    /** @var array<int, class-string<\SharpApi\Webhooks\WebhookException>> */
    public const EXCEPTIONS = [
        1 => \SharpApi\Webhooks\InvalidSecretException::class,
        2 => \SharpApi\Webhooks\MissingSignatureException::class,
        3 => \SharpApi\Webhooks\MalformedSignatureException::class,
        4 => \SharpApi\Webhooks\InvalidSignatureException::class,
        5 => \SharpApi\Webhooks\InvalidPayloadException::class,
    ];
}
