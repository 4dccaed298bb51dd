<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

use SharpApi\Webhooks\Internal\Native;

/**
 * A finished job, as SharpAPI reported it in a delivery. Events come from
 * Verifier::constructEvent; the constructor is public so that a handler's tests can make one.
 */
final class WebhookEvent
{
    /** The status as a case, or null for one this version does not know: $status has its text. */
    public readonly ?JobStatus $knownStatus;

    /** The type as a case, or null for one this version does not know: $type has its text. */
    public readonly ?JobType $knownType;

    private bool $resultDecoded = false;

    private mixed $result = null;

    /**
     * @param string $id the job's id, as sent; retries repeat it, so handle each id once
     * @param string $status the job's status, exactly as sent
     * @param string $type the job's type (the JSON member "type"), exactly as sent
     * @param string|null $resultJson the exact JSON text of "result", or null when there is none
     */
    public function __construct(
        public readonly string $id,
        public readonly string $status,
        public readonly string $type,
        public readonly ?string $resultJson = null,
    ) {
        $this->knownStatus = JobStatus::tryFrom($status);
        $this->knownType = JobType::tryFrom($type);
    }

    /**
     * Parses a body WITHOUT verifying any signature: for tests, and for replaying deliveries that
     * were verified when they arrived.
     *
     * @throws InvalidPayloadException when the body is not a SharpAPI webhook event
     */
    public static function parseUnverified(string $rawBody): self
    {
        return Native::parseEventUnverified($rawBody);
    }

    public function isSuccess(): bool
    {
        return $this->knownStatus === JobStatus::Success;
    }

    /**
     * $resultJson decoded with json_decode into arrays, on first use; null when there is none.
     * $resultJson stays the exact text: numbers beyond a float's precision, or nesting deeper
     * than json_decode's 512 levels, are read from it.
     *
     * @throws \JsonException past json_decode's depth limit
     */
    public function result(): mixed
    {
        if (!$this->resultDecoded) {
            $this->result = $this->resultJson === null
                ? null
                : json_decode($this->resultJson, true, 512, JSON_THROW_ON_ERROR);
            $this->resultDecoded = true;
        }
        return $this->result;
    }
}
