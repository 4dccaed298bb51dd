<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests;

use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\Cause;
use SharpApi\Webhooks\Explanation;
use SharpApi\Webhooks\Internal\Native;
use SharpApi\Webhooks\Internal\Platform;
use SharpApi\Webhooks\InvalidPayloadException;
use SharpApi\Webhooks\InvalidSecretException;
use SharpApi\Webhooks\InvalidSignatureException;
use SharpApi\Webhooks\JobStatus;
use SharpApi\Webhooks\JobType;
use SharpApi\Webhooks\TestDelivery;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;
use SharpApi\Webhooks\WebhookException;

/**
 * The test helpers: TestDelivery::create(), checked by the package's own Verifier and byte for
 * byte; Verifier::explain(), through every vector of tests/vectors/explain/; the generated Cause.
 */
final class TestingTest extends TestCase
{
    private const SECRET = 'whsec_test_delivery';

    /** The contract's fixed input (spec/TEST_HELPERS.md), and the body it gives. */
    private const FIXED_BODY = '{"id":"job-1","status":"success","type":"content_translate","result":{"content":"Hallo"}}';

    public function testATestDeliveryIsTheBodyAndHeadersSharpApiSends(): void
    {
        $delivery = TestDelivery::create(self::SECRET, 'job-1', resultJson: '{"content":"Hallo"}');
        self::assertSame(self::FIXED_BODY, $delivery->body);
        self::assertSame(Verifier::sign($delivery->body, self::SECRET), $delivery->signature);
        self::assertSame(hash_hmac('sha256', self::FIXED_BODY, self::SECRET), $delivery->signature);
        $vocabulary = Repository::vocabulary();
        self::assertSame([
            'Content-Type' => $vocabulary['content_type'],
            'User-Agent' => $vocabulary['user_agent'],
            $vocabulary['signature_header'] => $delivery->signature,
        ], $delivery->headers);
        self::assertSame(['Content-Type' => 'application/json', 'User-Agent' => 'SharpAPIWebhook/1.0'], array_slice($delivery->headers, 0, 2));

        $event = (new Verifier(['whsec_previous', self::SECRET]))->constructEventFromHeaders($delivery->body, $delivery->headers);
        self::assertEquals(new WebhookEvent('job-1', 'success', 'content_translate', '{"content":"Hallo"}'), $event);
        self::assertSame([JobStatus::Success, JobType::ContentTranslate], [$event->knownStatus, $event->knownType]);
        self::assertSame(['content' => 'Hallo'], $event->result());

        $this->expectException(InvalidSignatureException::class);
        (new Verifier('whsec_someone_else'))->constructEventFromHeaders($delivery->body, $delivery->headers);
    }

    public function testAResultGivenAsAValueIsWrittenByJsonEncodeAsSharpApiWritesIt(): void
    {
        $delivery = TestDelivery::create(self::SECRET, 'job-1', result: ['content' => 'Hallo']);
        self::assertSame(self::FIXED_BODY, $delivery->body);
        // json_encode's defaults escape / and non-ASCII as SharpAPI's PHP does.
        $value = TestDelivery::create(self::SECRET, 'job-2', result: (object) ['content' => 'Café https://sharpapi.com', 'n' => [1, 2.5]]);
        $event = (new Verifier(self::SECRET))->constructEvent($value->body, $value->signature);
        self::assertSame('{"content":"Caf\u00e9 https:\/\/sharpapi.com","n":[1,2.5]}', $event->resultJson);
        $empty = TestDelivery::create(self::SECRET, 'job-3', result: []);
        self::assertSame('[]', WebhookEvent::parseUnverified($empty->body)->resultJson);

        $this->expectException(\InvalidArgumentException::class);
        TestDelivery::create(self::SECRET, result: ['content' => 'Hallo'], resultJson: '{"content":"Hallo"}');
    }

    public function testAResultThatJsonEncodeCannotWriteIsAJsonException(): void
    {
        $this->expectException(\JsonException::class);
        TestDelivery::create(self::SECRET, result: ['content' => "not UTF-8 \xff"]);
    }

    public function testByDefaultATestDeliveryIsASuccessfulTranslationWithANewUuidAndNoResult(): void
    {
        $first = TestDelivery::create(self::SECRET);
        $second = TestDelivery::create(self::SECRET);
        $event = WebhookEvent::parseUnverified($first->body);
        self::assertMatchesRegularExpression('/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/', $event->id);
        self::assertNotSame($event->id, WebhookEvent::parseUnverified($second->body)->id);
        self::assertSame(['success', 'content_translate', null], [$event->status, $event->type, $event->resultJson]);
        self::assertSame("{\"id\":\"$event->id\",\"status\":\"success\",\"type\":\"content_translate\"}", $first->body);
        self::assertSame(JobStatus::Success->value, TestDelivery::DEFAULT_STATUS);
        self::assertSame(JobType::ContentTranslate->value, TestDelivery::DEFAULT_TYPE);
    }

    public function testATestDeliveryTakesAnyStatusTypeAndIdText(): void
    {
        $id = "quote \" backslash \\ nul \0 \u{e9}";
        $delivery = TestDelivery::create(self::SECRET, $id, 'archived', 'content_rhyme', resultJson: ' [1, 2] ');
        $event = (new Verifier(self::SECRET))->constructEvent($delivery->body, $delivery->signature);
        self::assertSame([$id, 'archived', 'content_rhyme', '[1, 2]'], [$event->id, $event->status, $event->type, $event->resultJson]);
        self::assertSame([null, null], [$event->knownStatus, $event->knownType]);
    }

    /** @return iterable<string, array{string, string, ?string}> */
    public static function refusedDeliveries(): iterable
    {
        yield 'empty secret' => [InvalidSecretException::class, '', null];
        yield 'secret not UTF-8' => [InvalidSecretException::class, "whsec_\xed\xa0\x80", null];
        yield 'result not JSON' => [InvalidPayloadException::class, self::SECRET, '{nope'];
        yield 'empty result' => [InvalidPayloadException::class, self::SECRET, ''];
        yield 'two JSON values' => [InvalidPayloadException::class, self::SECRET, '1 2'];
    }

    /**
     * @dataProvider refusedDeliveries
     * @param class-string<\Throwable> $error
     */
    public function testATestDeliveryRefusesWhatTheNativeLibraryRefuses(string $error, string $secret, ?string $resultJson): void
    {
        $this->expectException($error);
        TestDelivery::create($secret, resultJson: $resultJson);
    }

    public function testAnIdThatIsNotUtf8IsAnInvalidPayload(): void
    {
        $this->expectException(InvalidPayloadException::class);
        $this->expectExceptionMessageMatches('/^invalid payload: /');
        TestDelivery::create(self::SECRET, "lone \xed\xb0\x80");
    }

    public function testATestDeliveryKeepsNoSecret(): void
    {
        $delivery = TestDelivery::create(self::SECRET);
        self::assertStringNotContainsString(self::SECRET, print_r($delivery, true));
        self::assertStringNotContainsString(self::SECRET, serialize($delivery));
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public static function deliveryVectors(): iterable
    {
        foreach (Vectors::testDeliveryAll() as $name => $vector) {
            yield $name => [$vector];
        }
    }

    /**
     * Every vector of tests/vectors/test_delivery/: the body byte for byte, the signature, the
     * headers in order, and the package's own Verifier accepts what was made; or the error named.
     *
     * @dataProvider deliveryVectors
     * @param array<string, mixed> $vector
     */
    public function testTestDeliveryVector(array $vector): void
    {
        ['given' => $given, 'expected' => $expected] = $vector;
        try {
            // No result_json is no result (null); "" is a text, which the library refuses.
            $delivery = TestDelivery::create($given['secret'], $given['id'], $given['status'], $given['type'], resultJson: $given['result_json'] ?? null);
        } catch (WebhookException $error) {
            self::assertSame($expected['error'] ?? 'a delivery', $error::NAME, $error->getMessage());
            return;
        }
        self::assertArrayNotHasKey('error', $expected, 'made a delivery');
        self::assertSame($expected['body'], $delivery->body);
        self::assertSame($expected['signature'], $delivery->signature);
        self::assertSame(
            $expected['headers'],
            array_map(null, array_keys($delivery->headers), array_values($delivery->headers)),
        );
        $event = (new Verifier($given['secret']))->constructEventFromHeaders($delivery->body, $delivery->headers);
        self::assertSame([$given['id'], $given['status'], $given['type']], [$event->id, $event->status, $event->type]);
    }

    public function testEveryTestDeliveryVectorIsRead(): void
    {
        $vectors = Vectors::testDeliveryAll();
        // testDeliveryAll() keys by name and refuses a repeated one, so none is lost or run twice.
        self::assertCount(
            count(json_decode((string) file_get_contents(Vectors::testDeliveryFile()), true)['vectors']),
            $vectors,
        );
        self::assertGreaterThanOrEqual(17, count($vectors));
        self::assertGreaterThanOrEqual(5, count(array_filter($vectors, static fn (array $vector): bool => isset($vector['expected']['error']))));
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public static function explainVectors(): iterable
    {
        foreach (Vectors::explainAll() as $name => $vector) {
            yield $name => [$vector];
        }
    }

    /**
     * @dataProvider explainVectors
     * @param array<string, mixed> $vector
     */
    public function testExplain(array $vector): void
    {
        $secrets = array_map([Vectors::class, 'secret'], $vector['secrets']);
        $explanation = Verifier::explain(Vectors::rawBody($vector), $vector['signature'], ...$secrets);
        self::assertSame(
            $vector['expected']['causes'],
            array_map(static fn (Cause $cause): string => $cause->wireText(), $explanation->causes),
        );
        // The same finding with the signature among headers, as a request brings it.
        $headers = ['Content-Type' => 'application/json'];
        if ($vector['signature'] !== null) {
            $headers['x-signature'] = $vector['signature'];
        }
        self::assertEquals($explanation, Verifier::explainFromHeaders(Vectors::rawBody($vector), $headers, ...$secrets));
        self::assertSame($vector['expected']['causes'] === ['signature_matches'], $explanation->isValid(), 'isValid');
        self::assertSame(
            implode('; ', array_map(static fn (Cause $cause): string => $cause->description(), $explanation->causes)),
            $explanation->summary(),
        );
        self::assertSame($explanation->summary(), (string) $explanation);
    }

    public function testEveryExplainVectorIsRead(): void
    {
        self::assertContains('transformations.json', array_map('basename', Vectors::explainFiles()));
        $count = 0;
        foreach (Vectors::explainFiles() as $file) {
            $count += count(json_decode((string) file_get_contents($file), true)['vectors']);
        }
        self::assertGreaterThanOrEqual(17, $count);
        // explainAll() keys by name and refuses a repeated one, so none is lost or run twice.
        self::assertCount($count, Vectors::explainAll());
    }

    public function testExplainNamesWhatChangedATestDelivery(): void
    {
        $delivery = TestDelivery::create(self::SECRET, resultJson: '{"content":"Hallo"}');
        $explanation = Verifier::explain($delivery->body . "\n", $delivery->signature, 'whsec_previous', self::SECRET);
        self::assertSame([Cause::TrailingNewline], $explanation->causes);
        self::assertFalse($explanation->isValid());
        self::assertStringContainsString('newline', $explanation->summary());

        self::assertTrue(Verifier::explain($delivery->body, $delivery->signature, self::SECRET)->isValid());
        // A pasted secret with whitespace around it; the empty one is skipped, not refused.
        self::assertSame(
            [Cause::SecretWhitespace],
            Verifier::explain($delivery->body, $delivery->signature, '', ' ' . self::SECRET . "\n")->causes,
        );
        self::assertSame([Cause::Unexplained], Verifier::explain($delivery->body, $delivery->signature)->causes);
        self::assertSame([Cause::MissingSignature], Verifier::explain($delivery->body, null, self::SECRET)->causes);
        self::assertSame([Cause::MissingSignature], Verifier::explain($delivery->body, '', self::SECRET)->causes);
        self::assertSame([Cause::MalformedSignature], Verifier::explain($delivery->body, "\0" . $delivery->signature, self::SECRET)->causes);
        // Secrets given by name, as a spread list.
        $secrets = ['current' => self::SECRET];
        self::assertTrue(Verifier::explain($delivery->body, $delivery->signature, ...array_values($secrets))->isValid());
    }

    public function testTheCausesAreTheVocabularysAndTheLibrarys(): void
    {
        $ffi = Native::ffi();
        $header = (string) file_get_contents(Repository::root() . '/bindings/c/include/sharpapi_webhooks.h');
        $expected = Repository::vocabulary()['explain_causes'];
        self::assertSame(
            array_map(static fn (array $cause): array => [$cause['name'], $cause['wire'], $cause['code']], $expected),
            array_map(static fn (Cause $cause): array => [$cause->name, $cause->value, $cause->code()], Cause::cases()),
        );
        foreach ($expected as $cause) {
            $case = Cause::from($cause['wire']);
            self::assertSame($cause['wire'], $case->wireText());
            self::assertSame($cause['description'], $case->description());
            // The C header has the same number under the vocabulary's C name, the library the same texts.
            self::assertStringContainsString("\n#define {$cause['c_name']} {$cause['code']}\n", $header);
            self::assertSame($case->wireText(), $ffi->sharpapi_cause_name($case->code()));
            self::assertSame($case->description(), $ffi->sharpapi_cause_description($case->code()));
        }
        self::assertNull($ffi->sharpapi_cause_name(count($expected) + 1));
    }

    public function testACauseSetBecomesItsCausesInTheOrderOfTheirNumbers(): void
    {
        self::assertSame(
            [Cause::JsonWhitespace, Cause::JsonEscaping],
            Explanation::fromCauseSet((1 << 7) | (1 << 5))->causes,
        );
        $this->expectException(\LogicException::class);
        Explanation::fromCauseSet(1 << 31);
    }

    public function testTheHelpersWorkWhenThePackageIsPreloaded(): void
    {
        // ffi.enable=preload, as in a web server: FFI only through ffi.preload's declarations and the
        // classes preload.php compiled. SHARPAPI_WEBHOOKS_LIBRARY leads nowhere, so that FFI::cdef
        // cannot stand in for the preloaded scope.
        $package = Repository::package();
        [$rid] = Platform::current();
        $script = 'use SharpApi\Webhooks\{TestDelivery, Verifier};'
            . '$delivery = TestDelivery::create("whsec_x", "job-1", resultJson: "{\"content\":\"Hallo\"}");'
            . 'echo $delivery->body, " ", Verifier::explain($delivery->body . "\n", $delivery->signature, "whsec_x");';
        [$status, $output] = Repository::runPhp([
            '-d', 'ffi.enable=preload', '-d', "ffi.preload=$package/ffi/sharpapi_webhooks.h",
            '-d', 'opcache.enable=1', '-d', 'opcache.enable_cli=1', '-d', "opcache.preload=$package/preload.php",
            '-d', 'opcache.preload_user=' . (posix_getpwuid(posix_geteuid())['name'] ?? 'root'),
            '-r', $script,
        ], [
            'LD_LIBRARY_PATH' => "$package/native/$rid",
            Native::LIBRARY_ENV => '/nonexistent/libsharpapi_webhooks.so',
        ]);
        self::assertSame([0, self::FIXED_BODY . ' ' . Cause::TrailingNewline->description()], [$status, $output]);
    }

    public function testTheSecretsAreKeptOutOfTraces(): void
    {
        // #[\SensitiveParameter] keeps the secret out of the arguments a trace records, which an
        // error tracker may send away whole: the package's frames that received it show none.
        try {
            TestDelivery::create(self::SECRET, resultJson: '{nope');
            self::fail('no InvalidPayloadException');
        } catch (InvalidPayloadException $error) {
            $frames = array_filter(
                $error->getTrace(),
                static fn (array $frame) => str_starts_with($frame['class'] ?? '', 'SharpApi\\Webhooks\\')
                    && !str_starts_with($frame['class'], 'SharpApi\\Webhooks\\Tests\\'),
            );
            self::assertNotEmpty($frames);
            $traces = $error->getTraceAsString() . print_r($frames, true);
            self::assertStringContainsString('SensitiveParameterValue', $traces);
            self::assertStringNotContainsString(self::SECRET, $traces . $error->getMessage());
        }
        // explain() throws nothing to trace; its secrets are marked all the same.
        $parameter = (new \ReflectionMethod(Verifier::class, 'explain'))->getParameters()[2];
        self::assertSame('secrets', $parameter->getName());
        self::assertCount(1, $parameter->getAttributes(\SensitiveParameter::class));
    }
}
