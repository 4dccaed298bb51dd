<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Psr15;

use Psr\Http\Message\ResponseFactoryInterface;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Http\Message\StreamInterface;
use Psr\Http\Server\MiddlewareInterface;
use Psr\Http\Server\RequestHandlerInterface;
use Psr\Log\LoggerInterface;
use SharpApi\Webhooks\Http\Answer;
use SharpApi\Webhooks\Http\WebhookEndpoint;
use SharpApi\Webhooks\Idempotency\IdempotencyStore;
use SharpApi\Webhooks\Inbox\AcknowledgeMode;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;

/**
 * PSR-15 middleware for a SharpAPI webhook route (Slim, Mezzio, any PSR-15 dispatcher): verifies
 * the raw body against X-Signature, puts the WebhookEvent into the request's attribute
 * `WebhookEvent::class`, and runs the handler, once per event id when an idempotency store is
 * given. Refusals are JSON answers made with the PSR-17 response factory (README.md, "Frameworks").
 *
 * It is also a double-pass callable, `($request, $response, $next)`, for Slim 3's add().
 */
final class WebhookMiddleware implements MiddlewareInterface
{
    /** The request attribute that holds the verified WebhookEvent. */
    public const ATTRIBUTE = WebhookEvent::class;

    private readonly WebhookEndpoint $endpoint;

    /**
     * @param Verifier $verifier made once, at start-up: `new Verifier([$current, $previous])`
     * @param ResponseFactoryInterface $responseFactory any PSR-17 factory (nyholm/psr7's
     *     Psr17Factory, slim/psr7's ResponseFactory, laminas-diactoros', guzzlehttp/psr7's)
     * @param IdempotencyStore|null $idempotency claims on event ids; null handles every delivery
     * @param int|null $maxBodyBytes larger bodies get 413; null for 16 MiB
     * @param LoggerInterface|null $logger where a failed handler or store is reported (error), and
     *     an explained refusal (warning); null for error_log()
     * @param list<string>|null $explainFailuresWith a debugging aid, off unless given: the
     *     verifier's secrets once more, so that the reason of each refused signature (a missing,
     *     malformed or wrong one) is logged as Verifier::explain() finds it, never put into the
     *     answer, which stays the same. It costs a few dozen HMACs per refusal: turn it on while
     *     you look for the cause, then off
     * @param AcknowledgeMode|null $inbox the acknowledge-then-process mode: each verified event
     *     goes into the durable inbox and is answered 202 (200 for a duplicate, 503 when the inbox
     *     is down) without calling the next handler; a worker (InboxWorker) runs your handler.
     *     Null (the default): the synchronous mode, the next handler runs in the request
     */
    public function __construct(
        Verifier $verifier,
        private readonly ResponseFactoryInterface $responseFactory,
        ?IdempotencyStore $idempotency = null,
        ?int $maxBodyBytes = null,
        ?LoggerInterface $logger = null,
        #[\SensitiveParameter] ?array $explainFailuresWith = null,
        private readonly ?AcknowledgeMode $inbox = null,
    ) {
        $log = $logger === null ? null : static function (string $message, \Throwable $error) use ($logger): void {
            $logger->error("sharpapi-webhooks: $message", ['exception' => $error]);
        };
        $logRefusal = $logger === null ? null : static function (string $message, array $context) use ($logger): void {
            $logger->warning("sharpapi-webhooks: $message", $context);
        };
        $this->endpoint = new WebhookEndpoint($verifier, $idempotency, $maxBodyBytes, $log, $explainFailuresWith, $logRefusal);
    }

    public function process(ServerRequestInterface $request, RequestHandlerInterface $handler): ResponseInterface
    {
        $body = $request->getBody();
        if ($this->inbox !== null) {
            $started = $request->getServerParams()['REQUEST_TIME_FLOAT'] ?? null;
            return $this->respond($this->endpoint->acknowledge(
                $this->inbox,
                $request->getMethod(),
                $request->hasHeader('Content-Length') ? $request->getHeaderLine('Content-Length') : null,
                static fn (int $limit): ?string => self::read($body, $limit),
                self::headers($request),
                is_float($started) ? $started : null,
            ));
        }
        $admitted = $this->endpoint->admit(
            $request->getMethod(),
            $request->hasHeader('Content-Length') ? $request->getHeaderLine('Content-Length') : null,
            static fn (int $limit): ?string => self::read($body, $limit),
            self::headers($request),
        );
        if ($admitted instanceof Answer) {
            return $this->respond($admitted);
        }
        $request = $request->withAttribute(self::ATTRIBUTE, $admitted);
        $response = $this->endpoint->run(
            $admitted,
            static fn (): ResponseInterface => $handler->handle($request),
            static fn (ResponseInterface $response): bool => $response->getStatusCode() >= 200
                && $response->getStatusCode() < 300,
        );
        return $response instanceof Answer ? $this->respond($response) : $response;
    }

    /**
     * Slim 3's double-pass middleware: `$app->add($middleware)` or `$route->add($middleware)`.
     *
     * @param callable(ServerRequestInterface, ResponseInterface): ResponseInterface $next
     */
    public function __invoke(ServerRequestInterface $request, ResponseInterface $response, callable $next): ResponseInterface
    {
        return $this->process($request, new class ($response, $next) implements RequestHandlerInterface {
            /** @var callable(ServerRequestInterface, ResponseInterface): ResponseInterface */
            private $next;

            public function __construct(private readonly ResponseInterface $response, callable $next)
            {
                $this->next = $next;
            }

            public function handle(ServerRequestInterface $request): ResponseInterface
            {
                return ($this->next)($request, $this->response);
            }
        });
    }

    /**
     * The request's headers as getHeaders() gives them, names mapped to lists of values. Slim 3's
     * request alone names them as PHP's $_SERVER does (HTTP_X_SIGNATURE, CONTENT_TYPE): those
     * names are turned back into header names (X-SIGNATURE), which the core matches in any case.
     *
     * @return array<string, list<string>>
     */
    private static function headers(ServerRequestInterface $request): array
    {
        $headers = $request->getHeaders();
        if (!$request instanceof \Slim\Http\Request) {
            return $headers;
        }
        $named = [];
        foreach ($headers as $name => $values) {
            $name = (string) $name;
            if (str_starts_with($name, 'HTTP_')) {
                $name = substr($name, 5);
            }
            $named[str_replace('_', '-', $name)] = $values;
        }
        return $named;
    }

    /**
     * The raw body, read from the start, and no further than one byte past $limit. A stream that
     * was read before and cannot seek back gives null: the body is no longer there to verify.
     */
    private static function read(StreamInterface $body, int $limit): ?string
    {
        if ($body->isSeekable()) {
            $body->rewind();
        } elseif ($body->tell() > 0) {
            return null;
        }
        $rawBody = '';
        while (!$body->eof() && strlen($rawBody) <= $limit) {
            $chunk = $body->read(min(1 << 20, $limit + 1 - strlen($rawBody)));
            if ($chunk === '') {
                break;
            }
            $rawBody .= $chunk;
        }
        return $rawBody;
    }

    private function respond(Answer $answer): ResponseInterface
    {
        $response = $this->responseFactory->createResponse($answer->status);
        foreach ($answer->allHeaders() as $name => $value) {
            $response = $response->withHeader($name, $value);
        }
        $response->getBody()->write($answer->json());
        return $response;
    }
}
