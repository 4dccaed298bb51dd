<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;
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

    /**
     * @dataProvider vectors
     * @param array<string, mixed> $vector
     */
    public function testVector(array $vector): void
    {
        $rawBody = Vectors::rawBody($vector);
        $expected = $vector['expected'];

        foreach ($vector['secrets'] as $index => $secret) {
            [$outcome, $signature] = self::attempt(fn () => Verifier::sign($rawBody, $secret));
            self::assertSame(
                $expected['sign'][$index] ?? 'InvalidSecret',
                $outcome === 'ok' ? $signature : $outcome,
                "sign with secret $index",
            );
        }

        // The C ABI has no header lookup, so a headers vector's verification is left to the
        // languages that have one, as in the C and .NET tests; its other outcomes run here.
        if (!array_key_exists('headers', $vector)) {
            $signature = $vector['signature'];
            [$made, $verifier] = self::attempt(fn () => new Verifier($vector['secrets']));
            $verified = self::verifyOutcome($made, $verifier, $rawBody, $signature);
            self::assertSame($expected['verify'], $verified, 'verify');
            if ($verifier !== null) {
                self::assertSame($verified === 'ok', $verifier->isValid($rawBody, $signature), 'isValid');
            }
            if (count($vector['secrets']) === 1) {
                // One secret may be given alone, and must behave as the list of it.
                [$madeAlone, $alone] = self::attempt(fn () => new Verifier($vector['secrets'][0]));
                self::assertSame($verified, self::verifyOutcome($madeAlone, $alone, $rawBody, $signature), 'alone');
            }

            [$constructed, $event] = $made === 'ok'
                ? self::attempt(fn () => $verifier->constructEvent($rawBody, $signature))
                : [$made, null];
            self::assertOutcome($expected['construct_event'], $constructed, $event, 'constructEvent');
        }

        [$parsed, $event] = self::attempt(fn () => WebhookEvent::parseUnverified($rawBody));
        self::assertOutcome($expected['parse_event_unverified'], $parsed, $event, 'parseUnverified');
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

    /** @param array<string, mixed> $expected {"event": EVENT} or {"error": NAME}, as the schema says */
    private static function assertOutcome(
        array $expected,
        string $outcome,
        ?WebhookEvent $event,
        string $call,
    ): void
    {
        if (array_key_exists('error', $expected)) {
            self::assertSame($expected['error'], $outcome, $call);
            return;
        }
        self::assertSame('ok', $outcome, $call);
        $want = $expected['event'];
        self::assertSame(
            [$want['id'], $want['status'], $want['type'], $want['result']],
            [$event->id, $event->status, $event->type, $event->resultJson],
            "$call: id, status, type, resultJson",
        );
        $knownStatus = $want['status_known'] ? $want['status'] : null;
        self::assertSame($knownStatus, $event->knownStatus?->value, "$call: knownStatus");
        $knownType = $want['type_known'] ? $want['type'] : null;
        self::assertSame($knownType, $event->knownType?->value, "$call: knownType");
        // result() is resultJson decoded, or the same JsonException where json_decode goes no deeper.
        $decode = static function (callable $call): array {
            try {
                return ['ok', $call()];
            } catch (\JsonException) {
                return ['JsonException', null];
            }
        };
        $expectedResult = $want['result'] === null
            ? ['ok', null]
            : $decode(fn () => json_decode($want['result'], true, 512, JSON_THROW_ON_ERROR));
        self::assertSame(
            $expectedResult,
            $decode(fn () => $event->result()),
            "$call: result()",
        );
    }
}
