<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;

/**
 * Real deliveries over HTTP to examples/endpoint.php under PHP's built-in web server, which
 * scripts/test_php.sh starts on loopback, once for each way the library can be loaded: FFI::cdef
 * with ffi.enable=1, and ffi.preload with opcache.preload under the default ffi.enable=preload.
 * Signatures come from hash_hmac, not from the package.
 */
final class HttpEndpointTest extends TestCase
{
    /** "name=url" pairs, separated by spaces; set by scripts/test_php.sh. */
    private const SERVERS_ENV = 'SHARPAPI_WEBHOOKS_TEST_SERVERS';

    /** The secret the servers were started with. */
    private const SECRET_ENV = 'SHARPAPI_WEBHOOK_SECRET';

    /** Pretty-printed, with CRLF, escaped and raw Unicode and a final newline: as received. */
    private const BODY = "{\r\n  \"id\": \"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\r\n  \"status\": \"success\",\r\n"
        . "  \"type\": \"content_translate\",\r\n  \"result\": {\"content\": \"ci\\u00e0o, caf\u{e9}\"}\r\n}\n";

    /** @return iterable<string, array{string}> */
    public static function servers(): iterable
    {
        $servers = (string) getenv(self::SERVERS_ENV);
        // No server is a failure, never a skip: run the tests with scripts/test_php.sh.
        if ($servers === '') {
            yield 'no server: run scripts/test_php.sh' => [''];
            return;
        }
        foreach (explode(' ', $servers) as $server) {
            [$name, $url] = explode('=', $server, 2) + [1 => ''];
            yield $name => [$url];
        }
    }

    /** @dataProvider servers */
    public function testValidDeliveryIsHandledOnceAndItsRetryIsADuplicate(string $url): void
    {
        [$id, $rawBody] = self::freshDelivery();
        [$status, $response] = self::post($url, $rawBody, self::sign($rawBody));
        self::assertSame(200, $status, json_encode($response));
        self::assertSame(
            ['id' => $id, 'status' => 'success', 'type' => 'content_translate', 'outcome' => 'handled'],
            $response,
        );
        // SharpAPI's retry of the same job: answered 200, the handler not run again.
        [$status, $response] = self::post($url, $rawBody, self::sign($rawBody));
        self::assertSame([200, ['id' => $id, 'outcome' => 'duplicate']], [$status, $response]);
    }

    /** @dataProvider servers */
    public function testTamperedBodyIsUnauthorized(string $url): void
    {
        $tampered = str_replace('"success"', '"failed"', self::BODY);
        self::assertRefused(401, 'InvalidSignature', self::post($url, $tampered, self::sign(self::BODY)));
    }

    /** @dataProvider servers */
    public function testMissingSignatureIsUnauthorized(string $url): void
    {
        self::assertRefused(401, 'MissingSignature', self::post($url, self::BODY, null));
    }

    /** @dataProvider servers */
    public function testSignatureOfTheWrongLengthIsUnauthorized(string $url): void
    {
        $signature = self::sign(self::BODY);
        self::assertRefused(401, 'MalformedSignature', self::post($url, self::BODY, substr($signature, 1)));
        self::assertRefused(401, 'MalformedSignature', self::post($url, self::BODY, $signature . '0'));
    }

    /** @dataProvider servers */
    public function testSignedBodyThatIsNotAnEventIsBadRequest(string $url): void
    {
        $rawBody = '{"id": "", "status": "success", "type": "content_translate"}';
        self::assertRefused(400, 'InvalidPayload', self::post($url, $rawBody, self::sign($rawBody)));
    }

    /** @dataProvider servers */
    public function testSignatureHeaderIsFoundInAnyCase(string $url): void
    {
        [, $rawBody] = self::freshDelivery();
        [$status, $response] = self::post($url, $rawBody, self::sign($rawBody), 'POST', 'x-SIGNATURE');
        self::assertSame(200, $status, json_encode($response));
        self::assertSame('handled', $response['outcome']);
    }

    /** @dataProvider servers */
    public function testRepeatedSignatureHeaderIsRefusedAsPhpJoinsIt(string $url): void
    {
        // PHP's servers give a repeated header once, its values joined with ", " (getallheaders()
        // as $_SERVER), so even the same value twice reaches the package as one malformed value.
        [$status, $response] = self::post($url, self::BODY, self::sign(self::BODY), 'POST', 'X-Signature', 2);
        self::assertRefused(401, 'MalformedSignature', [$status, $response]);
    }

    /** @dataProvider servers */
    public function testInvalidPayloadSaysWhere(string $url): void
    {
        $rawBody = "{\n  \"id\": 5\n}";
        [$status, $response] = self::post($url, $rawBody, self::sign($rawBody));
        self::assertRefused(400, 'InvalidPayload', [$status, $response]);
        self::assertStringContainsString('at line 2 column', $response['message']);
    }

    /** @dataProvider servers */
    public function testOnlyPostIsAllowed(string $url): void
    {
        self::assertRefused(405, 'MethodNotAllowed', self::post($url, '', null, 'GET'));
    }

    /**
     * BODY with an id of its own: the servers remember handled ids (in the SQLite file that
     * scripts/test_php.sh gives them) across tests and runs.
     *
     * @return array{string, string} the id and the body
     */
    private static function freshDelivery(): array
    {
        $id = bin2hex(random_bytes(16));
        return [$id, str_replace('bf683177-3a48-47d1-9c4e-0b4de39517fa', $id, self::BODY)];
    }

    /** @param array{int, mixed} $response */
    private static function assertRefused(int $status, string $error, array $response): void
    {
        self::assertSame($status, $response[0], json_encode($response[1]));
        self::assertSame($error, $response[1]['error']);
    }

    private static function sign(string $rawBody): string
    {
        $secret = (string) getenv(self::SECRET_ENV);
        self::assertNotSame('', $secret, self::SECRET_ENV . ' is not set: run scripts/test_php.sh');
        return hash_hmac('sha256', $rawBody, $secret);
    }

    /**
     * Sends one request as SharpAPI does, over a socket of its own, so that every header is
     * exactly as written here.
     *
     * @return array{int, mixed} the status and the decoded JSON body
     */
    private static function post(
        string $url,
        string $rawBody,
        ?string $signature,
        string $method = 'POST',
        string $signatureName = 'X-Signature',
        int $signatureTimes = 1,
    ): array
    {
        $address = parse_url($url);
        self::assertIsArray($address, "not a server URL: '$url'");
        $socket = stream_socket_client("tcp://{$address['host']}:{$address['port']}", $errno, $message, 10);
        self::assertNotFalse($socket, "cannot connect to $url: $message");
        stream_set_timeout($socket, 10);
        $request = [
            "$method /webhooks/sharpapi HTTP/1.1",
            "Host: {$address['host']}:{$address['port']}",
            'User-Agent: SharpAPIWebhook/1.0',
            'Content-Type: application/json',
            'Content-Length: ' . strlen($rawBody),
            'Connection: close',
        ];
        if ($signature !== null) {
            for ($i = 0; $i < $signatureTimes; $i++) {
                $request[] = "$signatureName: $signature";
            }
        }
        fwrite($socket, implode("\r\n", $request) . "\r\n\r\n" . $rawBody);
        $response = (string) stream_get_contents($socket);
        fclose($socket);
        [$head, $body] = explode("\r\n\r\n", $response, 2) + [1 => ''];
        self::assertSame(1, preg_match('~^HTTP/1\.[01] (\d{3}) ~', $head, $statusLine), "no HTTP response: $response");
        return [(int) $statusLine[1], json_decode($body, true)];
    }
}
