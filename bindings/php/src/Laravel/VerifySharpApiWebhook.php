<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Laravel;

use Illuminate\Contracts\Container\Container;
use Illuminate\Http\Request;
use Illuminate\Http\Response;
use SharpApi\Webhooks\Http\Answer;
use SharpApi\Webhooks\Http\WebhookEndpoint;
use SharpApi\Webhooks\Inbox\AcknowledgeMode;
use SharpApi\Webhooks\InvalidSecretException;
use SharpApi\Webhooks\WebhookEvent;
use Symfony\Component\HttpFoundation\Response as SymfonyResponse;

/**
 * The `sharpapi.webhook` route middleware: verifies the raw body (`getContent()`) against
 * X-Signature among the headers as received, puts the WebhookEvent into the request's attributes
 * under `WebhookEvent::class` for the controller, and runs the controller once per event id when
 * `services.sharpapi.idempotency_store` (or a bound IdempotencyStore) is set. With an
 * AcknowledgeMode bound in the container, the inbox mode instead: the verified event goes into
 * the inbox and is answered 202 (200 duplicate, 503 StoreUnavailable); a queue worker runs
 * ProcessDelivery. Give the route every
 * method (`Route::any`), so that a GET is answered 405 JSON here rather than by the router.
 */
final class VerifySharpApiWebhook
{
    public const ALIAS = 'sharpapi.webhook';

    public function __construct(private readonly Container $container)
    {
    }

    /** The verified event of a request that this middleware let through. */
    public static function event(Request $request): WebhookEvent
    {
        $event = $request->attributes->get(WebhookEvent::class);
        if (!$event instanceof WebhookEvent) {
            throw new \LogicException('no verified SharpAPI webhook event: is the route behind the sharpapi.webhook middleware?');
        }
        return $event;
    }

    public function handle(Request $request, \Closure $next): SymfonyResponse
    {
        try {
            $endpoint = $this->container->make(WebhookEndpoint::class);
        } catch (InvalidSecretException $error) {
            $this->container->make('log')->error('sharpapi-webhooks: services.sharpapi has no usable webhook secret', ['exception' => $error]);
            return self::respond(Answer::invalidSecret($error));
        }
        if ($this->container->bound(AcknowledgeMode::class)) {
            // The acknowledge-then-process mode: the controller does not run; a worker does.
            $started = $request->server('REQUEST_TIME_FLOAT');
            return self::respond($endpoint->acknowledge(
                $this->container->make(AcknowledgeMode::class),
                $request->getRealMethod(),
                $request->headers->get('Content-Length'),
                static fn (): string => $request->getContent(),
                $request->headers->all(),
                is_float($started) ? $started : null,
            ));
        }
        $admitted = $endpoint->admit(
            $request->getRealMethod(),  // not a method overridden by _method or a header
            $request->headers->get('Content-Length'),
            static fn (): string => $request->getContent(),
            $request->headers->all(),
        );
        if ($admitted instanceof Answer) {
            return self::respond($admitted);
        }
        $request->attributes->set(WebhookEvent::class, $admitted);
        $response = $endpoint->run(
            $admitted,
            static fn (): SymfonyResponse => $next($request),
            static fn (SymfonyResponse $response): bool => !self::threw($response) && $response->isSuccessful(),
        );
        if ($response instanceof Answer) {
            return self::respond($response);
        }
        // The controller threw, and Laravel's exception handler reported it and rendered its page:
        // answer ours instead, which says no more than that the handler failed.
        return self::threw($response) ? self::respond(Answer::handlerFailed()) : $response;
    }

    /** Whether $response is Laravel's rendering of an exception that the controller threw. */
    private static function threw(SymfonyResponse $response): bool
    {
        return isset($response->exception);
    }

    /** @internal an Answer as a Laravel response */
    public static function respond(Answer $answer): Response
    {
        return new Response($answer->json(), $answer->status, $answer->allHeaders());
    }
}
