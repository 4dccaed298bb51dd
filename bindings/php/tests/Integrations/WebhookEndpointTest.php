<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Integrations;

use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\Cause;
use SharpApi\Webhooks\Http\Answer;
use SharpApi\Webhooks\Http\WebhookEndpoint;
use SharpApi\Webhooks\Idempotency\Claim;
use SharpApi\Webhooks\Idempotency\IdempotencyStore;
use SharpApi\Webhooks\Idempotency\IdempotencyStoreException;
use SharpApi\Webhooks\Idempotency\InMemoryIdempotencyStore;
use SharpApi\Webhooks\Tests\Repository;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;

/** The flow every integration runs, without a framework: the answer table, the limit, the claims. */
final class WebhookEndpointTest extends TestCase
{
    private const SECRET = 'whsec_endpoint_test';

    private const BODY = '{"id":"job-1","status":"success","type":"content_translate","result":{"content":"Hallo"}}';

    /** @var list<string> what the endpoint reported to its log */
    private array $logged = [];

    public function testTheDefaultsComeFromTheVocabulary(): void
    {
        $vocabulary = Repository::vocabulary();
        self::assertSame($vocabulary['default_max_body_bytes'], WebhookEndpoint::DEFAULT_MAX_BODY_BYTES);
        self::assertSame(16 * 1024 * 1024, WebhookEndpoint::DEFAULT_MAX_BODY_BYTES);
        self::assertSame($vocabulary['user_agent'], WebhookEndpoint::USER_AGENT);
        self::assertSame($vocabulary['signature_header'], WebhookEndpoint::SIGNATURE_HEADER);
        self::assertSame(WebhookEndpoint::DEFAULT_MAX_BODY_BYTES, $this->endpoint()->maxBodyBytes);
    }

    public function testAVerifiedDeliveryIsItsEvent(): void
    {
        $event = $this->admit(self::BODY, ['x-SIGNATURE' => Verifier::sign(self::BODY, self::SECRET)]);
        self::assertInstanceOf(WebhookEvent::class, $event);
        self::assertSame('job-1', $event->id);
    }

    /** @return iterable<string, array{int, string, string, array<string, string>}> */
    public static function refusals(): iterable
    {
        $signature = Verifier::sign(self::BODY, self::SECRET);
        yield 'missing signature' => [401, 'MissingSignature', self::BODY, []];
        yield 'malformed signature' => [401, 'MalformedSignature', self::BODY, ['X-Signature' => substr($signature, 1)]];
        yield 'tampered body' => [401, 'InvalidSignature', str_replace('Hallo', 'Hello', self::BODY), ['X-Signature' => $signature]];
        yield 'not an event' => [400, 'InvalidPayload', '[]', ['X-Signature' => Verifier::sign('[]', self::SECRET)]];
    }

    /**
     * @dataProvider refusals
     * @param array<string, string> $headers
     */
    public function testRefusalsAreJsonWithTheCoresNameCodeAndMessage(int $status, string $error, string $body, array $headers): void
    {
        $answer = $this->admit($body, $headers);
        self::assertInstanceOf(Answer::class, $answer);
        self::assertSame($status, $answer->status);
        self::assertSame($error, $answer->body['error']);
        self::assertIsInt($answer->body['code']);
        self::assertSame(['Content-Type' => 'application/json'], $answer->allHeaders());
        self::assertSame($answer->body, json_decode($answer->json(), true));
    }

    public function testOnlyPostIsAllowed(): void
    {
        $answer = $this->endpoint()->admit('GET', null, static fn (): string => '', []);
        self::assertInstanceOf(Answer::class, $answer);
        self::assertSame([405, 'MethodNotAllowed', 'POST'], [$answer->status, $answer->body['error'], $answer->headers['Allow']]);
    }

    public function testAContentLengthOverTheLimitIsRefusedBeforeTheBodyIsRead(): void
    {
        $read = false;
        $answer = $this->endpoint(maxBodyBytes: 10)->admit('POST', '11', static function () use (&$read): string {
            $read = true;
            return '';
        }, []);
        self::assertFalse($read, 'the body was read');
        self::assertInstanceOf(Answer::class, $answer);
        self::assertSame([413, 'PayloadTooLarge'], [$answer->status, $answer->body['error']]);
        self::assertStringContainsString('limit of 10 bytes', $answer->body['message']);
        self::assertSame('close', $answer->headers['Connection']);
        // Beyond any integer: still over.
        self::assertSame(413, $this->endpoint()->refuseByLength(str_repeat('9', 40))?->status);
        self::assertNull($this->endpoint(maxBodyBytes: 10)->refuseByLength('10'));
        self::assertNull($this->endpoint(maxBodyBytes: 10)->refuseByLength('ten'));
    }

    public function testABodyOverTheLimitWithoutContentLengthIsRefusedAfterReading(): void
    {
        $given = null;
        $answer = $this->endpoint(maxBodyBytes: 10)->admit('POST', null, static function (int $limit) use (&$given): string {
            $given = $limit;
            return str_repeat('x', 11);
        }, []);
        self::assertSame(10, $given);
        self::assertInstanceOf(Answer::class, $answer);
        self::assertSame(413, $answer->status);
    }

    public function testABodyReadBeforeIsAnswered500(): void
    {
        $answer = $this->endpoint()->admit('POST', null, static fn (): ?string => null, []);
        self::assertInstanceOf(Answer::class, $answer);
        self::assertSame([500, 'BodyAlreadyRead'], [$answer->status, $answer->body['error']]);
    }

    public function testWithoutAStoreEveryDeliveryRunsTheHandler(): void
    {
        $endpoint = $this->endpoint();
        $runs = 0;
        for ($i = 0; $i < 2; $i++) {
            self::assertSame('ok', $endpoint->run(self::event(), static function () use (&$runs): string {
                $runs++;
                return 'ok';
            }, static fn (): bool => true));
        }
        self::assertSame(2, $runs);
    }

    public function testWithAStoreAHandledEventIsADuplicateAndTheHandlerRunsOnce(): void
    {
        $endpoint = $this->endpoint(new InMemoryIdempotencyStore());
        $runs = 0;
        $handler = static function () use (&$runs): string {
            $runs++;
            return 'handled';
        };
        self::assertSame('handled', $endpoint->run(self::event(), $handler, static fn (): bool => true));
        $duplicate = $endpoint->run(self::event(), $handler, static fn (): bool => true);
        self::assertInstanceOf(Answer::class, $duplicate);
        self::assertSame([200, ['id' => 'job-1', 'outcome' => 'duplicate']], [$duplicate->status, $duplicate->body]);
        self::assertSame(1, $runs);
    }

    public function testAnEventHeldByAnotherRequestIs409(): void
    {
        $store = new InMemoryIdempotencyStore();
        $store->claim('job-1');
        $answer = $this->endpoint($store)->run(self::event(), static fn (): never => throw new \LogicException('ran'), static fn (): bool => true);
        self::assertInstanceOf(Answer::class, $answer);
        self::assertSame([409, 'InProgress'], [$answer->status, $answer->body['error']]);
    }

    public function testAHandlerThatThrowsIsReleasedLoggedAndAnswered500WithoutItsMessage(): void
    {
        $store = new InMemoryIdempotencyStore();
        $endpoint = $this->endpoint($store);
        $answer = $endpoint->run(self::event(), static fn (): never => throw new \RuntimeException('secret detail'), static fn (): bool => true);
        self::assertInstanceOf(Answer::class, $answer);
        self::assertSame(500, $answer->status);
        self::assertSame(['error' => 'HandlerFailed', 'message' => 'the webhook handler failed; SharpAPI will retry'], $answer->body);
        self::assertStringNotContainsString('secret detail', $answer->json());
        self::assertCount(1, $this->logged);
        self::assertStringContainsString('the handler of event job-1 failed', $this->logged[0]);
        self::assertStringContainsString('secret detail', $this->logged[0]);
        // Released: SharpAPI's retry runs the handler again.
        self::assertSame('retried', $endpoint->run(self::event(), static fn (): string => 'retried', static fn (): bool => true));
    }

    public function testAnUnsuccessfulAnswerReleasesTheClaim(): void
    {
        $endpoint = $this->endpoint(new InMemoryIdempotencyStore());
        self::assertSame(503, $endpoint->run(self::event(), static fn (): int => 503, static fn (int $status): bool => $status < 300));
        self::assertSame(200, $endpoint->run(self::event(), static fn (): int => 200, static fn (int $status): bool => $status < 300));
        self::assertSame(200, $endpoint->run(self::event(), static fn (): int => 200, static fn (): bool => true)->status);
    }

    public function testAStoreThatCannotClaimIsAnswered500AndTheHandlerDoesNotRun(): void
    {
        $answer = $this->endpoint(self::failingStore(claim: true))->run(
            self::event(),
            static fn (): never => throw new \LogicException('ran'),
            static fn (): bool => true,
        );
        self::assertInstanceOf(Answer::class, $answer);
        self::assertSame([500, 'IdempotencyStoreFailed'], [$answer->status, $answer->body['error']]);
        self::assertStringContainsString('failed to claim event job-1', $this->logged[0]);
    }

    public function testAStoreThatCannotCompleteLeavesTheHandlersAnswer(): void
    {
        $answer = $this->endpoint(self::failingStore(claim: false))->run(self::event(), static fn (): string => 'done', static fn (): bool => true);
        self::assertSame('done', $answer);
        self::assertStringContainsString('was handled, but the store failed to record it', $this->logged[0]);
    }

    public function testTheDefaultLogIsErrorLog(): void
    {
        $log = tempnam(sys_get_temp_dir(), 'sharpapi-log-');
        $previous = ini_set('error_log', $log);
        try {
            (new WebhookEndpoint(new Verifier([self::SECRET])))->run(self::event(), static fn (): never => throw new \RuntimeException('boom'), static fn (): bool => true);
        } finally {
            ini_set('error_log', (string) $previous);
        }
        self::assertStringContainsString('sharpapi-webhooks: the handler of event job-1 failed: RuntimeException: boom', (string) file_get_contents($log));
        unlink($log);
    }

    /** @return iterable<string, array{string, array<array-key, mixed>, string, list<string>}> */
    public static function explainedRefusals(): iterable
    {
        $signature = Verifier::sign(self::BODY, self::SECRET);
        $pretty = json_encode(json_decode(self::BODY), JSON_PRETTY_PRINT);
        yield 'pretty-printed' => [$pretty, ['X-Signature' => $signature], 'InvalidSignature', ['json_whitespace']];
        yield 'trailing newline' => [self::BODY . "\n", ['x-signature' => [$signature]], 'InvalidSignature', ['trailing_newline']];
        yield 'prefixed' => [self::BODY, [['X-Signature', "sha256=$signature"]], 'MalformedSignature', ['signature_prefix']];
        yield 'missing' => [self::BODY, ['Content-Type' => 'application/json'], 'MissingSignature', ['missing_signature']];
        yield 'another secret' => [self::BODY, ['X-Signature' => Verifier::sign(self::BODY, 'whsec_other')], 'InvalidSignature', ['unexplained']];
    }

    /**
     * @dataProvider explainedRefusals
     * @param array<array-key, mixed> $headers
     * @param list<string> $causes
     */
    public function testExplainFailuresLogsWhyASignatureWasRefusedAndAnswersTheSame(string $body, array $headers, string $error, array $causes): void
    {
        $explained = [];
        $endpoint = $this->endpoint(explain: true, explained: $explained);
        $answer = $endpoint->admit('POST', null, static fn (): string => $body, $headers);
        $plain = $this->endpoint()->admit('POST', null, static fn (): string => $body, $headers);
        self::assertInstanceOf(Answer::class, $answer);
        self::assertEquals($plain, $answer, 'the answer is the same as without explain_failures');
        self::assertSame([401, $error], [$answer->status, $answer->body['error']]);
        self::assertStringNotContainsString($causes[0], $answer->json());

        self::assertCount(1, $explained);
        [$message, $context] = $explained[0];
        self::assertSame(['error' => $error, 'causes' => $causes], $context);
        $cause = Cause::from($causes[0]);
        self::assertSame("a delivery was refused with $error; explained: {$cause->value}: {$cause->description()}", $message);
        self::assertSame([], $this->logged);
    }

    public function testExplainFailuresLeavesAcceptedDeliveriesAndBadPayloadsAlone(): void
    {
        $explained = [];
        $endpoint = $this->endpoint(explain: true, explained: $explained);
        $event = $endpoint->admit('POST', null, static fn (): string => self::BODY, ['X-Signature' => Verifier::sign(self::BODY, self::SECRET)]);
        self::assertInstanceOf(WebhookEvent::class, $event);
        $answer = $endpoint->admit('POST', null, static fn (): string => '[]', ['X-Signature' => Verifier::sign('[]', self::SECRET)]);
        self::assertSame('InvalidPayload', $answer->body['error']);
        self::assertSame([], $explained);
    }

    public function testSignaturesThatDifferAreExplainedAsTheLibraryFindsThem(): void
    {
        $explained = [];
        $headers = [['X-Signature', Verifier::sign(self::BODY, self::SECRET)], ['x-signature', str_repeat('0', 64)]];
        $answer = $this->endpoint(explain: true, explained: $explained)->admit('POST', null, static fn (): string => self::BODY, $headers);
        self::assertSame('MalformedSignature', $answer->body['error']);
        self::assertSame(['error' => 'MalformedSignature', 'causes' => ['malformed_signature']], $explained[0][1]);
        self::assertStringContainsString(Cause::MalformedSignature->description(), $explained[0][0]);
    }

    public function testAnExplanationThatFailsIsReportedAndTheAnswerStands(): void
    {
        $endpoint = new WebhookEndpoint(
            new Verifier([self::SECRET]),
            log: function (string $message, \Throwable $error): void {
                $this->logged[] = "$message: $error";
            },
            explainFailuresWith: [self::SECRET],
            logRefusal: static fn (): never => throw new \RuntimeException('the log is full'),
        );
        $answer = $endpoint->admit('POST', null, static fn (): string => self::BODY . ' ', ['X-Signature' => Verifier::sign(self::BODY, self::SECRET)]);
        self::assertSame([401, 'InvalidSignature'], [$answer->status, $answer->body['error']]);
        self::assertCount(1, $this->logged);
        self::assertStringContainsString('a refused delivery could not be explained: RuntimeException: the log is full', $this->logged[0]);
    }

    public function testTheSecretsKeptToExplainAreNotShown(): void
    {
        $endpoint = new WebhookEndpoint(new Verifier([self::SECRET]), explainFailuresWith: [self::SECRET]);
        ob_start();
        var_dump($endpoint);
        $shown = (string) ob_get_clean() . print_r($endpoint, true);
        self::assertStringContainsString('[REDACTED; 1]', $shown);
        self::assertStringNotContainsString(self::SECRET, $shown);

        $this->expectException(\TypeError::class);
        new WebhookEndpoint(new Verifier([self::SECRET]), explainFailuresWith: [null]);
    }

    public function testTheDefaultRefusalLogIsErrorLog(): void
    {
        $log = tempnam(sys_get_temp_dir(), 'sharpapi-log-');
        $previous = ini_set('error_log', $log);
        try {
            (new WebhookEndpoint(new Verifier([self::SECRET]), explainFailuresWith: [self::SECRET]))
                ->admit('POST', null, static fn (): string => self::BODY, []);
        } finally {
            ini_set('error_log', (string) $previous);
        }
        self::assertStringContainsString(
            'sharpapi-webhooks: a delivery was refused with MissingSignature; explained: missing_signature: ',
            (string) file_get_contents($log),
        );
        unlink($log);
    }

    private static function event(): WebhookEvent
    {
        return new WebhookEvent('job-1', 'success', 'content_translate');
    }

    private static function failingStore(bool $claim): IdempotencyStore
    {
        return new class ($claim) implements IdempotencyStore {
            public function __construct(private readonly bool $failToClaim)
            {
            }

            public function claim(string $eventId): Claim
            {
                if ($this->failToClaim) {
                    throw new IdempotencyStoreException('down');
                }
                return Claim::claimed(Claim::newToken());
            }

            public function complete(string $eventId, string $token): bool
            {
                throw new IdempotencyStoreException('down');
            }

            public function release(string $eventId, string $token): bool
            {
                throw new IdempotencyStoreException('down');
            }
        };
    }

    /** @param list<array{string, array<string, mixed>}> $explained what the endpoint explained, when $explain */
    private function endpoint(?IdempotencyStore $store = null, ?int $maxBodyBytes = null, bool $explain = false, ?array &$explained = null): WebhookEndpoint
    {
        return new WebhookEndpoint(
            new Verifier([self::SECRET]),
            $store,
            $maxBodyBytes,
            function (string $message, \Throwable $error): void {
                $this->logged[] = "$message: $error";
            },
            $explain ? ['whsec_previous', self::SECRET] : null,
            static function (string $message, array $context) use (&$explained): void {
                $explained[] = [$message, $context];
            },
        );
    }

    /** @param array<string, string> $headers */
    private function admit(string $body, array $headers): Answer|WebhookEvent
    {
        return $this->endpoint()->admit('POST', (string) strlen($body), static fn (): string => $body, $headers);
    }
}
