<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * The project's error 2, MissingSignature, in every language. The core describes it as:
 *
 * missing signature: the request has no X-Signature header (or it is empty); SharpAPI signs every
 * webhook it sends
 */
final class MissingSignatureException extends WebhookException
{
    public const CODE = 2;

    public const NAME = 'MissingSignature';
}
