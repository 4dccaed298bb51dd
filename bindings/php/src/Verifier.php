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
     * @param string|array<mixed>|false|null $secrets the "Secret for Signature" of the SharpAPI
     *     dashboard; while you rotate it, the new one and the previous one. Each secret is used
     *     exactly as its bytes are, a NUL byte included, never trimmed.
     *
     * @throws InvalidSecretException when no secret is given (an empty list, null, or the false
     *     that getenv() gives for an unset variable), or one is empty, is not UTF-8 text, or is
     *     not a string at all
     */
    public function __construct(#[\SensitiveParameter] string|array|false|null $secrets)
    {
        $secretList = match (true) {
            is_string($secrets) => [$secrets],
            $secrets === null, $secrets === false => [],
            default => array_values($secrets),
        };
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
        $event = Native::newEventHandle();
        Native::check($this->ffi->sharpapi_verifier_construct_event(
            $this->handle,
            $rawBody,
            strlen($rawBody),
            $signature,
            $signature === null ? 0 : strlen($signature),
            \FFI::addr($event),
        ));
        return Native::takeEvent($event);
    }

    /**
     * constructEvent() with the signature found among the request's headers: every header whose
     * name is X-Signature in any ASCII case. A header sent more than once must be passed as
     * several values, never joined with ", ": the same value repeated counts once, two different
     * values are a MalformedSignatureException.
     *
     * @param array<array-key, mixed> $headers the request's headers, either as PSR-7's
     *     getHeaders() gives them, `array<string, string|list<string>>` (each value of a list is a
     *     header of its own; getallheaders() and Symfony's HeaderBag::all() have the same shape),
     *     or as a list of [name, value] pairs. Names and values are bytes, passed as they are.
     *
     * @throws MissingSignatureException|MalformedSignatureException|InvalidSignatureException
     * @throws InvalidPayloadException when the verified body is not a SharpAPI webhook event
     * @throws \TypeError when $headers has another shape, or a name or value is not a string
     */
    public function constructEventFromHeaders(string $rawBody, array $headers): WebhookEvent
    {
        $texts = Native::headerTexts($headers);
        // $buffer holds the bytes that $native points to: it must live until the call returns.
        [$native, $buffer] = Native::headers($texts);
        $event = Native::newEventHandle();
        Native::check($this->ffi->sharpapi_verifier_construct_event_from_headers(
            $this->handle,
            $rawBody,
            strlen($rawBody),
            $native,
            intdiv(count($texts), 2),
            \FFI::addr($event),
        ));
        unset($buffer);
        return Native::takeEvent($event);
    }

    /**
     * The X-Signature that SharpAPI sends for $payload under $secret: the lowercase hex
     * HMAC-SHA256. For tests and for simulating deliveries.
     *
     * @throws InvalidSecretException when $secret is empty or is not UTF-8 text
     */
    public static function sign(string $payload, #[\SensitiveParameter] string $secret): string
    {
        return Native::sign($payload, $secret);
    }

    /**
     * Explains why $signature (the X-Signature header, null when absent) does or does not sign
     * $rawBody with any of $secrets: the native library tries the usual changes between what
     * SharpAPI signed and what was verified (JSON parsed and written again with other spacing, key
     * order or escapes, CRLF and LF swapped, a trailing newline or a byte order mark, a `sha256=`
     * prefix, whitespace around a pasted secret) and names those that make the signature match.
     *
     * A debugging aid for the endpoint's owner: it costs a few dozen HMACs, so call it after a
     * failure, never for every request, and write its finding to your logs, never into the HTTP
     * answer. It is static and takes the secrets' text because a Verifier does not keep it; an
     * empty secret, or one that is not UTF-8, is skipped rather than refused.
     */
    public static function explain(string $rawBody, ?string $signature, #[\SensitiveParameter] string ...$secrets): Explanation
    {
        return Explanation::fromCauseSet(Native::explain($rawBody, $signature, array_values($secrets)));
    }

    /**
     * explain() with the signature looked up among the request's $headers as
     * constructEventFromHeaders() looks it up (in any shape it takes): no X-Signature header is
     * Cause::MissingSignature, two that differ Cause::MalformedSignature.
     *
     * @param array<array-key, mixed> $headers
     */
    public static function explainFromHeaders(string $rawBody, array $headers, #[\SensitiveParameter] string ...$secrets): Explanation
    {
        return Explanation::fromCauseSet(Native::explainFromHeaders($rawBody, $headers, array_values($secrets)));
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
        return $this->ffi->sharpapi_verifier_verify(
            $this->handle,
            $rawBody,
            strlen($rawBody),
            $signature,
            $signature === null ? 0 : strlen($signature),
        );
    }
}
