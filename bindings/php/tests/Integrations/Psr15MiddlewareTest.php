<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Integrations;

use Nyholm\Psr7\Factory\Psr17Factory;
use Nyholm\Psr7\ServerRequest;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Http\Message\StreamInterface;
use Psr\Http\Server\RequestHandlerInterface;
use Psr\Log\AbstractLogger;
use SharpApi\Webhooks\Cause;
use SharpApi\Webhooks\Idempotency\InMemoryIdempotencyStore;
use SharpApi\Webhooks\Psr15\WebhookMiddleware;
use SharpApi\Webhooks\Tests\Support\Frameworks;
use SharpApi\Webhooks\Tests\Support\UnreadableStream;
use SharpApi\Webhooks\TestDelivery;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;

/**
 * The PSR-15 middleware with nyholm/psr7's messages and PSR-17 factory (Debian's packages), and
 * Slim 3's request for its double-pass form; tests/apps/slim runs it over HTTP in the sender suite.
 */
final class Psr15MiddlewareTest extends TestCase
{
    private const SECRET = 'whsec_psr15_test';

    private const BODY = '{"id":"job-7","status":"success","type":"content_translate","result":{"content":"Hallo"}}';

    public static function setUpBeforeClass(): void
    {
        Frameworks::psr();
    }

    public function testAVerifiedDeliveryReachesTheHandlerWithItsEvent(): void
    {
        $handler = self::handler(static fn (ServerRequestInterface $request): ResponseInterface => (new Psr17Factory())
            ->createResponse(200)->withHeader('X-Event', $request->getAttribute(WebhookEvent::class)->id));
        $response = self::middleware()->process(self::request(self::BODY, Verifier::sign(self::BODY, self::SECRET)), $handler);
        self::assertSame([200, 'job-7'], [$response->getStatusCode(), $response->getHeaderLine('X-Event')]);
        self::assertSame(WebhookEvent::class, WebhookMiddleware::ATTRIBUTE);
    }

    public function testARefusalIsJsonAndTheHandlerDoesNotRun(): void
    {
        $response = self::middleware()->process(self::request(self::BODY, str_repeat('0', 64)), self::handler(self::neverCalled()));
        self::assertSame(401, $response->getStatusCode());
        self::assertSame('application/json', $response->getHeaderLine('Content-Type'));
        self::assertSame('InvalidSignature', json_decode((string) $response->getBody(), true)['error']);
    }

    public function testGetIs405WithAllow(): void
    {
        $response = self::middleware()->process(new ServerRequest('GET', '/webhooks/sharpapi'), self::handler(self::neverCalled()));
        self::assertSame([405, 'POST'], [$response->getStatusCode(), $response->getHeaderLine('Allow')]);
    }

    public function testAContentLengthOverTheLimitIs413WithoutReadingTheBody(): void
    {
        $body = new class () implements StreamInterface {
            use UnreadableStream;
        };
        $request = (new ServerRequest('POST', '/webhooks/sharpapi', ['Content-Length' => '101'], $body));
        $response = self::middleware(maxBodyBytes: 100)->process($request, self::handler(self::neverCalled()));
        self::assertSame(413, $response->getStatusCode());
        self::assertSame('PayloadTooLarge', json_decode((string) $response->getBody(), true)['error']);
    }

    public function testABodyWithoutContentLengthIsReadNoFurtherThanPastTheLimit(): void
    {
        $stream = (new Psr17Factory())->createStream(str_repeat('x', 1000));
        $request = (new ServerRequest('POST', '/webhooks/sharpapi', [], $stream));
        $response = self::middleware(maxBodyBytes: 100)->process($request, self::handler(self::neverCalled()));
        self::assertSame(413, $response->getStatusCode());
        self::assertSame(101, $stream->tell(), 'read past the limit');
    }

    public function testABodyConsumedBeforeByAnotherMiddlewareIsSaidSo(): void
    {
        $stream = (new Psr17Factory())->createStreamFromResource(self::pipeWith(self::BODY));
        $stream->getContents();  // a body parser that went first
        $request = self::request(self::BODY, Verifier::sign(self::BODY, self::SECRET))->withBody($stream);
        $response = self::middleware()->process($request, self::handler(self::neverCalled()));
        self::assertSame(500, $response->getStatusCode());
        self::assertSame('BodyAlreadyRead', json_decode((string) $response->getBody(), true)['error']);
    }

    public function testASeekableBodyReadBeforeIsReadAgainFromTheStart(): void
    {
        $request = self::request(self::BODY, Verifier::sign(self::BODY, self::SECRET));
        $request->getBody()->getContents();
        $response = self::middleware()->process($request, self::handler(static fn (): ResponseInterface => (new Psr17Factory())->createResponse(204)));
        self::assertSame(204, $response->getStatusCode());
    }

    public function testAThrowingHandlerIs500LoggedAndReleased(): void
    {
        $logger = new class () extends AbstractLogger {
            /** @var list<array{string, mixed}> */
            public array $records = [];

            public function log($level, $message, array $context = []): void
            {
                $this->records[] = [(string) $message, $context['exception'] ?? null];
            }
        };
        $middleware = self::middleware(new InMemoryIdempotencyStore(), logger: $logger);
        $request = self::request(self::BODY, Verifier::sign(self::BODY, self::SECRET));
        $response = $middleware->process($request, self::handler(static fn (): never => throw new \RuntimeException('boom at /srv/app.php')));
        self::assertSame(500, $response->getStatusCode());
        self::assertSame(
            ['error' => 'HandlerFailed', 'message' => 'the webhook handler failed; SharpAPI will retry'],
            json_decode((string) $response->getBody(), true),
        );
        self::assertSame('sharpapi-webhooks: the handler of event job-7 failed', $logger->records[0][0]);
        self::assertInstanceOf(\RuntimeException::class, $logger->records[0][1]);
        $ok = self::handler(static fn (): ResponseInterface => (new Psr17Factory())->createResponse(200));
        self::assertSame(200, $middleware->process($request, $ok)->getStatusCode(), 'the retry was not let through');
        $duplicate = $middleware->process($request, self::handler(self::neverCalled()));
        self::assertSame(['id' => 'job-7', 'outcome' => 'duplicate'], json_decode((string) $duplicate->getBody(), true));
    }

    public function testATestDeliveryPostedThroughTheMiddlewareIsHandledOnce(): void
    {
        $delivery = TestDelivery::create(self::SECRET, resultJson: '{"content":"Hallo"}');
        $middleware = self::middleware(new InMemoryIdempotencyStore());
        $handler = self::handler(static fn (ServerRequestInterface $request): ResponseInterface => (new Psr17Factory())
            ->createResponse(200)->withHeader('X-Result', $request->getAttribute(WebhookEvent::class)->resultJson));
        $request = new ServerRequest('POST', '/webhooks/sharpapi', $delivery->headers, $delivery->body);
        $response = $middleware->process($request, $handler);
        self::assertSame([200, '{"content":"Hallo"}'], [$response->getStatusCode(), $response->getHeaderLine('X-Result')]);
        $retry = $middleware->process(new ServerRequest('POST', '/webhooks/sharpapi', $delivery->headers, $delivery->body), $handler);
        self::assertSame('duplicate', json_decode((string) $retry->getBody(), true)['outcome']);
    }

    public function testExplainFailuresLogsTheCauseAsAWarningAndTheAnswerIsUnchanged(): void
    {
        $delivery = TestDelivery::create(self::SECRET, 'job-8', result: ['content' => 'Café https://sharpapi.com']);
        // What a framework hands over after decoding the JSON and encoding it again.
        $reserialized = json_encode(json_decode($delivery->body), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        $request = new ServerRequest('POST', '/webhooks/sharpapi', $delivery->headers, $reserialized);
        $logger = self::recordingLogger();
        $explaining = new WebhookMiddleware(new Verifier([self::SECRET]), new Psr17Factory(), logger: $logger, explainFailuresWith: [self::SECRET]);
        $response = $explaining->process($request, self::handler(self::neverCalled()));
        $plain = self::middleware()->process($request, self::handler(self::neverCalled()));

        self::assertSame(401, $response->getStatusCode());
        self::assertSame($plain->getHeaders(), $response->getHeaders());
        self::assertSame((string) $plain->getBody(), (string) $response->getBody());
        self::assertStringNotContainsString('json_escaping', (string) $response->getBody());
        self::assertSame([[
            'warning',
            'sharpapi-webhooks: a delivery was refused with InvalidSignature; explained: json_escaping: ' . Cause::JsonEscaping->description(),
            ['error' => 'InvalidSignature', 'causes' => ['json_escaping']],
        ]], $logger->records);
    }

    public function testWithoutExplainFailuresNothingIsLoggedForARefusal(): void
    {
        $logger = self::recordingLogger();
        $middleware = self::middleware(logger: $logger);
        $response = $middleware->process(self::request(self::BODY, str_repeat('0', 64)), self::handler(self::neverCalled()));
        self::assertSame(401, $response->getStatusCode());
        self::assertSame([], $logger->records);
    }

    public function testSlim3sDoublePassFormAndItsHeaderNames(): void
    {
        Frameworks::slim();
        $environment = \Slim\Http\Environment::mock([
            'REQUEST_METHOD' => 'POST',
            'REQUEST_URI' => '/webhooks/sharpapi',
            'CONTENT_TYPE' => 'application/json',
            'HTTP_X_SIGNATURE' => Verifier::sign(self::BODY, self::SECRET),
        ]);
        $request = Frameworks::withoutDeprecations(static fn (): \Slim\Http\Request => \Slim\Http\Request::createFromEnvironment($environment))
            ->withBody((new Psr17Factory())->createStream(self::BODY));
        self::assertArrayHasKey('HTTP_X_SIGNATURE', $request->getHeaders(), "Slim 3's header names changed");
        $next = static fn (ServerRequestInterface $request, ResponseInterface $response): ResponseInterface => $response
            ->withStatus(202)->withHeader('X-Event', $request->getAttribute(WebhookEvent::class)->id);
        $response = (self::middleware())($request, new \Slim\Http\Response(), $next);
        self::assertSame([202, 'job-7'], [$response->getStatusCode(), $response->getHeaderLine('X-Event')]);
    }

    private static function middleware(
        ?InMemoryIdempotencyStore $store = null,
        ?int $maxBodyBytes = null,
        ?AbstractLogger $logger = null,
    ): WebhookMiddleware {
        return new WebhookMiddleware(new Verifier([self::SECRET]), new Psr17Factory(), $store, $maxBodyBytes, $logger);
    }

    /** A PSR-3 logger that keeps every record: [level, message, context]. */
    private static function recordingLogger(): AbstractLogger
    {
        return new class () extends AbstractLogger {
            /** @var list<array{string, string, array<string, mixed>}> */
            public array $records = [];

            public function log($level, $message, array $context = []): void
            {
                $this->records[] = [(string) $level, (string) $message, $context];
            }
        };
    }

    private static function request(string $body, string $signature): ServerRequestInterface
    {
        return new ServerRequest('POST', '/webhooks/sharpapi', [
            'Content-Type' => 'application/json',
            'Content-Length' => (string) strlen($body),
            'X-Signature' => $signature,
        ], $body);
    }

    /** @param \Closure(ServerRequestInterface): ResponseInterface $handle */
    private static function handler(\Closure $handle): RequestHandlerInterface
    {
        return new class ($handle) implements RequestHandlerInterface {
            public function __construct(private readonly \Closure $handle)
            {
            }

            public function handle(ServerRequestInterface $request): ResponseInterface
            {
                return ($this->handle)($request);
            }
        };
    }

    private static function neverCalled(): \Closure
    {
        return static fn (): never => throw new \LogicException('the handler ran');
    }

    /** @return resource a stream that cannot seek, as php://input may be */
    private static function pipeWith(string $text)
    {
        $pipe = popen('printf %s ' . escapeshellarg($text), 'r');
        self::assertIsResource($pipe);
        return $pipe;
    }
}
