<?php

declare(strict_types=1);

namespace SharpApi\Webhooks;

use SharpApi\Webhooks\Internal\Native;
use SharpApi\Webhooks\Internal\Vocabulary;

/**
 * A delivery exactly as SharpAPI sends it, for the tests of an endpoint: the body and the headers
 * of the POST. The native library writes the body and signs it, so that a test needs no signing
 * code of its own, and what it sends is what SharpAPI would.
 */
final class TestDelivery
{
    /** A test delivery's status unless told otherwise: a finished job's. */
    public const DEFAULT_STATUS = Vocabulary::TEST_DELIVERY_STATUS;

    /** A test delivery's type unless told otherwise. */
    public const DEFAULT_TYPE = Vocabulary::TEST_DELIVERY_TYPE;

    /**
     * The headers SharpAPI sends: Content-Type, its User-Agent and X-Signature, in the shape of
     * getallheaders() and PSR-7's constructors (name => value). Pass them with the body to
     * Verifier::constructEventFromHeaders(), to nyholm's `new ServerRequest('POST', $uri,
     * $delivery->headers, $delivery->body)`, or in a Laravel test to `$this->call('POST', $uri,
     * [], [], [], $this->transformHeadersToServerVars($delivery->headers), $delivery->body)`.
     *
     * @var array<string, string>
     */
    public readonly array $headers;

    /**
     * @param string $body the exact bytes that were signed, to send as they are
     * @param string $signature the X-Signature value: 64 lowercase hex digits
     */
    private function __construct(public readonly string $body, public readonly string $signature)
    {
        $this->headers = [
            'Content-Type' => Vocabulary::CONTENT_TYPE,
            'User-Agent' => Vocabulary::USER_AGENT,
            Vocabulary::SIGNATURE_HEADER => $signature,
        ];
    }

    /**
     * The delivery of a job's outcome, signed with $secret: the body {"id", "status", "type",
     * "result"} in SharpAPI's member order.
     *
     * @param string $secret the endpoint's secret (or another, to test a refusal)
     * @param string|null $id the job's id; null (the default) for a new random UUID (version 4)
     * @param string $status the job's status, any text; "success" unless given
     * @param string $type the job's type, any text (one this version does not know, too);
     *     "content_translate" unless given
     * @param array<array-key, mixed>|object|null $result the "result" member as a PHP value, which
     *     json_encode() writes with its default flags, as SharpAPI (a PHP application) does:
     *     `\/` and `\u00e9` escaped. Null (the default) for no result, unless $resultJson gives it
     * @param string|null $resultJson the "result" member as JSON text, written as it is; give
     *     $result or $resultJson, not both
     *
     * @throws InvalidSecretException when $secret is empty or is not UTF-8 text
     * @throws InvalidPayloadException when $resultJson is not one JSON value, or a text is not UTF-8
     * @throws \JsonException when json_encode() cannot write $result
     * @throws \InvalidArgumentException when both $result and $resultJson are given
     */
    public static function create(
        #[\SensitiveParameter] string $secret,
        ?string $id = null,
        string $status = self::DEFAULT_STATUS,
        string $type = self::DEFAULT_TYPE,
        array|object|null $result = null,
        ?string $resultJson = null,
    ): self {
        if ($result !== null) {
            if ($resultJson !== null) {
                throw new \InvalidArgumentException('give $result or $resultJson, not both');
            }
            $resultJson = json_encode($result, JSON_THROW_ON_ERROR);
        }
        [$body, $signature] = Native::testDelivery($secret, $id ?? self::uuid4(), $status, $type, $resultJson);
        return new self($body, $signature);
    }

    /** A new random UUID, version 4 (RFC 9562), from the system's CSPRNG. */
    private static function uuid4(): string
    {
        $bytes = random_bytes(16);
        $bytes[6] = chr((ord($bytes[6]) & 0x0F) | 0x40);
        $bytes[8] = chr((ord($bytes[8]) & 0x3F) | 0x80);
        return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
    }
}
