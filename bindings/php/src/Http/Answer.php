<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Http;

use SharpApi\Webhooks\InvalidPayloadException;
use SharpApi\Webhooks\InvalidSecretException;
use SharpApi\Webhooks\WebhookException;

/**
 * One of the integrations' own answers: a status, a JSON body and extra headers, the same in
 * every framework (the table of README.md, "Frameworks"). Refusals carry the error's name, and
 * the core's code and message where there is one: never a secret, an exception's text or a trace.
 */
final class Answer
{
    public const HANDLER_FAILED = 'the webhook handler failed; SharpAPI will retry';

    /**
     * @param array<string, mixed> $body
     * @param array<string, string> $headers
     */
    private function __construct(
        public readonly int $status,
        public readonly array $body,
        public readonly array $headers = [],
    ) {
    }

    /** 401 for a missing, malformed or wrong signature, 400 for a verified body that is no event. */
    public static function refused(WebhookException $error): self
    {
        $status = match (true) {
            $error instanceof InvalidPayloadException => 400,
            $error instanceof InvalidSecretException => 500,
            default => 401,
        };
        return new self($status, ['error' => $error::NAME, 'code' => $error->getCode(), 'message' => $error->getMessage()]);
    }

    /** 500: the configured secrets are refused (a misconfiguration, found per request). */
    public static function invalidSecret(InvalidSecretException $error): self
    {
        return self::refused($error);
    }

    public static function methodNotAllowed(string $method): self
    {
        return new self(
            405,
            ['error' => 'MethodNotAllowed', 'message' => "a SharpAPI webhook is a POST request, not $method"],
            ['Allow' => 'POST'],
        );
    }

    /** 413; the connection closes after it rather than wait for a body left unread. */
    public static function payloadTooLarge(int $limit, string $limitName = "the webhook's limit"): self
    {
        return new self(
            413,
            ['error' => 'PayloadTooLarge', 'message' => "the request body is larger than $limitName of $limit bytes"],
            ['Connection' => 'close'],
        );
    }

    public static function duplicate(string $eventId): self
    {
        return new self(200, ['id' => $eventId, 'outcome' => 'duplicate']);
    }

    /** 202: the event is in the durable inbox; a worker runs the handler (acknowledge-then-process mode). */
    public static function accepted(string $eventId): self
    {
        return new self(202, ['id' => $eventId, 'outcome' => 'accepted']);
    }

    /** 503: the inbox could not store the event; SharpAPI retries. */
    public static function storeUnavailable(): self
    {
        return new self(503, [
            'error' => 'StoreUnavailable',
            'message' => 'the webhook inbox is unavailable; SharpAPI will retry',
        ]);
    }

    public static function inProgress(string $eventId): self
    {
        return new self(409, [
            'error' => 'InProgress',
            'message' => "event $eventId is being handled by another request; SharpAPI will retry",
        ]);
    }

    public static function handlerFailed(): self
    {
        return new self(500, ['error' => 'HandlerFailed', 'message' => self::HANDLER_FAILED]);
    }

    public static function storeFailed(): self
    {
        return new self(500, [
            'error' => 'IdempotencyStoreFailed',
            'message' => 'the idempotency store failed; SharpAPI will retry',
        ]);
    }

    public static function bodyAlreadyRead(): self
    {
        return new self(500, [
            'error' => 'BodyAlreadyRead',
            'message' => 'the request body was read before the webhook integration could verify it',
        ]);
    }

    /** The body as JSON text. */
    public function json(): string
    {
        return json_encode($this->body, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR);
    }

    /** @return array<string, string> every header of the answer, Content-Type included */
    public function allHeaders(): array
    {
        return ['Content-Type' => 'application/json'] + $this->headers;
    }
}
