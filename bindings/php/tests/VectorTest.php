<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\JobStatus;
use SharpApi\Webhooks\JobType;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;
use SharpApi\Webhooks\WebhookException;

/** Every vector of tests/vectors/*.json, one case each, named after it. */
final class VectorTest extends TestCase
{
    /** @return iterable<string, array{array<string, mixed>}> */
    public static function vectors(): iterable
    {
        foreach (Vectors::all() as $name => $vector) {
            yield $name => [$vector];
        }
    }

    /** @var array<string, array<string, mixed>> what this package did with each vector, by name */
    private static array $outcomes = [];

    /**
     * Writes $SHARPAPI_CONFORMANCE_DIR/php.json, when that variable is set: the outcomes this
     * package produced, in the shape of the vectors' "expected", for the cross-language table.
     */
    public static function tearDownAfterClass(): void
    {
        $directory = getenv('SHARPAPI_CONFORMANCE_DIR');
        if ($directory === false || $directory === '' || self::$outcomes === []) {
            return;
        }
        if (!is_dir($directory) && !mkdir($directory, 0777, true) && !is_dir($directory)) {
            throw new \RuntimeException("cannot create $directory");
        }
        ksort(self::$outcomes);
        $json = json_encode(
            ['language' => 'php', 'outcomes' => self::$outcomes],
            JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR,
        );
        if (file_put_contents("$directory/php.json", $json . "\n") === false) {
            throw new \RuntimeException("cannot write $directory/php.json");
        }
    }

    /**
     * @dataProvider vectors
     * @param array<string, mixed> $vector
     */
    public function testVector(array $vector): void
    {
        $rawBody = Vectors::rawBody($vector);
        $expected = $vector['expected'];
        $secrets = array_map([Vectors::class, 'secret'], $vector['secrets']);
        $actual = [];

        $actual['sign'] = [];
        foreach ($secrets as $secret) {
            [$outcome, $signature] = self::attempt(fn () => Verifier::sign($rawBody, $secret));
            $actual['sign'][] = $outcome === 'ok' ? $signature : ($outcome === 'InvalidSecret' ? null : $outcome);
        }

        [$made, $verifier] = self::attempt(fn () => new Verifier($secrets));
        if (array_key_exists('headers', $vector)) {
            $pairs = $vector['headers'];
            [$constructed, $event] = $made === 'ok'
                ? self::attempt(fn () => $verifier->constructEventFromHeaders($rawBody, $pairs))
                : [$made, null];
            $actual['construct_event'] = self::outcome($constructed, $event);
            if ($made === 'ok') {
                // The same headers as PSR-7's getHeaders() gives them must give the same outcome.
                $map = Vectors::headerMap($pairs);
                [$fromMap, $mapEvent] = self::attempt(fn () => $verifier->constructEventFromHeaders($rawBody, $map));
                self::assertSame($actual['construct_event'], self::outcome($fromMap, $mapEvent), 'headers as a map');
            }
        } else {
            $signature = $vector['signature'];
            $verified = self::verifyOutcome($made, $verifier, $rawBody, $signature);
            $actual['verify'] = $verified;
            if ($verifier !== null) {
                self::assertSame($verified === 'ok', $verifier->isValid($rawBody, $signature), 'isValid');
            }
            if (count($secrets) === 1) {
                // One secret may be given alone, and must behave as the list of it.
                [$madeAlone, $alone] = self::attempt(fn () => new Verifier($secrets[0]));
                self::assertSame($verified, self::verifyOutcome($madeAlone, $alone, $rawBody, $signature), 'alone');
            }
            [$constructed, $event] = $made === 'ok'
                ? self::attempt(fn () => $verifier->constructEvent($rawBody, $signature))
                : [$made, null];
            $actual['construct_event'] = self::outcome($constructed, $event);
            if ($event !== null) {
                self::assertResultDecodes($event, 'constructEvent');
            }
        }

        [$parsed, $event] = self::attempt(fn () => WebhookEvent::parseUnverified($rawBody));
        $actual['parse_event_unverified'] = self::outcome($parsed, $event);
        if ($event !== null) {
            self::assertResultDecodes($event, 'parseUnverified');
        }

        self::$outcomes[$vector['name']] = $actual;
        self::assertSame(self::canonical($expected), self::canonical($actual));
    }

    public function testEveryVectorFileIsRead(): void
    {
        $names = array_map('basename', Vectors::files());
        foreach (['bodies', 'events', 'headers', 'payload_errors', 'secrets', 'signatures'] as $file) {
            self::assertContains("$file.json", $names);
        }
        $count = 0;
        foreach (Vectors::files() as $file) {
            $count += count(json_decode((string) file_get_contents($file), true)['vectors']);
        }
        // Vectors::all() keys by name and refuses a repeated one, so none is lost or run twice.
        self::assertCount($count, Vectors::all());
    }

    public function testUtf16SecretsArePassedAsTheirWtf8(): void
    {
        $cases = [
            "\xed\xa0\x80" => [0xD800],
            "\xed\xbf\xbf" => [0xDFFF],
            "a\xed\xb0\x80b" => [0x61, 0xDC00, 0x62],
            "\u{1F511}" => [0xD83D, 0xDD11],
            "\xed\xb4\x91\xed\xa0\xbd" => [0xDD11, 0xD83D],
            "\u{e9}\u{20ac}" => [0xE9, 0x20AC],
        ];
        foreach ($cases as $bytes => $units) {
            self::assertSame(bin2hex((string) $bytes), bin2hex(Vectors::secret(['utf16' => $units])));
        }
        self::assertSame('plain', Vectors::secret('plain'));
    }

    /** @return array{string, mixed} "ok" and what the call returned, or the error's name and null */
    private static function attempt(callable $call): array
    {
        try {
            return ['ok', $call()];
        } catch (WebhookException $error) {
            return [$error::NAME, null];
        }
    }

    private static function verifyOutcome(
        string $made,
        ?Verifier $verifier,
        string $rawBody,
        ?string $signature,
    ): string {
        return $made === 'ok' ? self::attempt(fn () => $verifier->verify($rawBody, $signature))[0] : $made;
    }

    /**
     * An outcome in the vectors' shape: {"event": EVENT} or {"error": NAME}.
     *
     * @return array<string, mixed>
     */
    private static function outcome(string $outcome, ?WebhookEvent $event): array
    {
        if ($event === null) {
            return ['error' => $outcome];
        }
        return ['event' => [
            'id' => $event->id,
            'status' => $event->status,
            'type' => $event->type,
            'result' => $event->resultJson,
            'status_known' => $event->knownStatus !== null,
            'type_known' => $event->knownType !== null,
        ]];
    }

    /** $value with every object's members in key order, so that two outcomes compare as JSON. */
    private static function canonical(mixed $value): mixed
    {
        if (!is_array($value)) {
            return $value;
        }
        if (!array_is_list($value)) {
            ksort($value);
        }
        return array_map([self::class, 'canonical'], $value);
    }

    /** The known cases are the text's, and result() is resultJson decoded (or json_decode's error). */
    private static function assertResultDecodes(WebhookEvent $event, string $call): void
    {
        self::assertSame($event->knownStatus, JobStatus::tryFrom($event->status), "$call: knownStatus");
        self::assertSame($event->knownType, JobType::tryFrom($event->type), "$call: knownType");
        $decode = static function (callable $call): array {
            try {
                return ['ok', $call()];
            } catch (\JsonException) {
                return ['JsonException', null];
            }
        };
        $expectedResult = $event->resultJson === null
            ? ['ok', null]
            : $decode(fn () => json_decode($event->resultJson, true, 512, JSON_THROW_ON_ERROR));
        self::assertSame($expectedResult, $decode(fn () => $event->result()), "$call: result()");
    }
}
