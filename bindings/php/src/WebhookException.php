<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * A delivery or a secret was refused. getCode() is the project's permanent number for the reason,
 * the same in every language; catch this class to handle every reason, or a subclass for one.
 * Messages say what to fix, never anything about a secret or where two signatures differ.
 */
abstract class WebhookException extends \RuntimeException
{
    /** The project's code for the reason, as getCode() gives it. */
    public const CODE = 0;

    /** The reason's name in every language's error table: `InvalidSignature`, ... */
    public const NAME = '';

    final public function __construct(string $message, ?\Throwable $previous = null)
    {
        parent::__construct($message, static::CODE, $previous);
    }
}
