<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Laravel;

use Illuminate\Contracts\Config\Repository as Config;
use Illuminate\Http\Request;
use Illuminate\Routing\Router;
use SharpApi\Webhooks\Http\Answer;
use SharpApi\Webhooks\Http\WebhookEndpoint;
use Symfony\Component\HttpFoundation\Response as SymfonyResponse;

/**
 * Global middleware, first of all: a request for a `sharpapi.webhook` route whose Content-Length
 * is over the webhook's limit, or over PHP's post_max_size (which Laravel's ValidatePostSize
 * answers with an HTML page), is answered 413 JSON before any other middleware reads its body.
 * Other requests pass untouched; the route is looked up only for an oversized one.
 */
final class RefuseOversizedWebhooks
{
    public function __construct(private readonly Router $router, private readonly Config $config)
    {
    }

    public function handle(Request $request, \Closure $next): SymfonyResponse
    {
        $length = $request->headers->get('Content-Length');
        if ($length === null || !ctype_digit($length)) {
            return $next($request);
        }
        $limit = (int) ($this->config->get('services.sharpapi.max_body_bytes') ?? WebhookEndpoint::DEFAULT_MAX_BODY_BYTES);
        $postMaxSize = self::postMaxSize();
        $answer = match (true) {
            $length + 0 > $limit => Answer::payloadTooLarge($limit),
            $postMaxSize > 0 && $length + 0 > $postMaxSize => Answer::payloadTooLarge($postMaxSize, "PHP's post_max_size"),
            default => null,
        };
        if ($answer === null || !$this->isWebhookRoute($request)) {
            return $next($request);
        }
        return VerifySharpApiWebhook::respond($answer);
    }

    private function isWebhookRoute(Request $request): bool
    {
        try {
            $route = $this->router->getRoutes()->match($request);
        } catch (\Throwable) {
            return false;  // no route: the router answers that
        }
        foreach ($route->middleware() as $middleware) {
            if ($middleware === VerifySharpApiWebhook::ALIAS || $middleware === VerifySharpApiWebhook::class) {
                return true;
            }
        }
        return false;
    }

    /** PHP's post_max_size in bytes (0: no limit), read as PHP reads it: 8M, 1G, 512K. */
    private static function postMaxSize(): int
    {
        $setting = trim((string) ini_get('post_max_size'));
        $number = (int) $setting;
        return match (strtoupper(substr($setting, -1))) {
            'K' => $number << 10,
            'M' => $number << 20,
            'G' => $number << 30,
            default => $number,
        };
    }
}
