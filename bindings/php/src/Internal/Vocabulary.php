<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks\Internal;

/**
 * The core's error codes, each with the exception class that stands for it (any other status
 * is an argument error of the C ABI), and what the framework integrations take from the core.
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

    /** The integrations' body limit unless configured otherwise, in bytes: larger bodies get 413. */
    public const DEFAULT_MAX_BODY_BYTES = 16777216;

    /** The User-Agent header SharpAPI's deliveries carry. */
    public const USER_AGENT = 'SharpAPIWebhook/1.0';

    /** The header that carries the signature, as SharpAPI spells it (looked up in any case). */
    public const SIGNATURE_HEADER = 'X-Signature';

    /** The Content-Type of SharpAPI's deliveries. */
    public const CONTENT_TYPE = 'application/json';

    /** A test delivery's status unless told otherwise: a finished job's. */
    public const TEST_DELIVERY_STATUS = 'success';

    /** A test delivery's type unless told otherwise. */
    public const TEST_DELIVERY_TYPE = 'content_translate';
}
