<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

use FFI\CData;
use SharpApi\Webhooks\Internal\Native;

/**
 * Checks SharpAPI webhook deliveries against one or more secrets. Make one per process and keep
 * it: it holds only the keyed HMAC state, in native memory released with the object, never the
 * secrets' text.
 */
final class Verifier
{
    private readonly \FFI $ffi;

    private readonly CData $handle;

    private readonly int $secretCount;

    /**
     * @param string|list<string> $secrets the "Secret for Signature" of the SharpAPI dashboard;
     *     while you rotate it, the new one and the previous one
     *
     * @throws InvalidSecretException when no secret is given, or one is empty, is not UTF-8 text
     *     or holds a NUL byte
     */
    public function __construct(#[\SensitiveParameter] string|array $secrets)
    {
        $secretList = is_string($secrets) ? [$secrets] : array_values($secrets);
        $this->ffi = Native::ffi();
        $this->handle = Native::newVerifier($secretList);
        $this->secretCount = count($secretList);
    }

    public function __destruct()
    {
        $this->ffi->sharpapi_verifier_free($this->handle);
    }

    /**
     * Checks that $signature (the X-Signature header, null when absent) signs $rawBody, the
     * request body exactly as received. The comparison takes the same time wherever two
     * signatures differ, and tries every secret.
     *
     * @throws MissingSignatureException|MalformedSignatureException|InvalidSignatureException
     */
    public function verify(string $rawBody, ?string $signature): void
    {
        $status = $this->verifyStatus($rawBody, $signature);
        if ($status !== Native::OK) {
            throw Native::exception($status);
        }
    }

    /** Whether verify() would succeed; false for a missing, malformed or wrong signature. */
    public function isValid(string $rawBody, ?string $signature): bool
    {
        $status = $this->verifyStatus($rawBody, $signature);
        return match ($status) {
            Native::OK => true,
            MissingSignatureException::CODE,
            MalformedSignatureException::CODE,
            InvalidSignatureException::CODE => false,
            default => throw Native::exception($status),
        };
    }

    /**
     * Verifies the delivery as verify() does, then parses the verified body; a body whose
     * signature does not match is never parsed.
     *
     * @throws MissingSignatureException|MalformedSignatureException|InvalidSignatureException
     * @throws InvalidPayloadException when the verified body is not a SharpAPI webhook event
     */
    public function constructEvent(string $rawBody, ?string $signature): WebhookEvent
    {
        if (Native::signatureIsCut($signature)) {
            throw Native::exception(MalformedSignatureException::CODE);
        }
        $event = Native::newEventHandle();
        Native::check($this->ffi->sharpapi_verifier_construct_event(
            $this->handle,
            $rawBody,
            strlen($rawBody),
            $signature,
            \FFI::addr($event),
        ));
        return Native::takeEvent($event);
    }

    /**
     * The X-Signature that SharpAPI sends for $payload under $secret: the lowercase hex
     * HMAC-SHA256. For tests and for simulating deliveries.
     *
     * @throws InvalidSecretException when $secret is empty, is not UTF-8 text or holds a NUL byte
     */
    public static function sign(string $payload, #[\SensitiveParameter] string $secret): string
    {
        return Native::sign($payload, $secret);
    }

    /** @return array<string, string> what var_dump shows: how many secrets, never what they are */
    public function __debugInfo(): array
    {
        return ['secrets' => "[REDACTED; {$this->secretCount}]"];
    }

    // A copy would free the native verifier a second time.
    private function __clone()
    {
    }

    private function verifyStatus(string $rawBody, ?string $signature): int
    {
        if (Native::signatureIsCut($signature)) {
            return MalformedSignatureException::CODE;
        }
        return $this->ffi->sharpapi_verifier_verify(
            $this->handle,
            $rawBody,
            strlen($rawBody),
            $signature,
        );
    }
}
