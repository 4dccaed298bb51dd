<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Laravel;

use Illuminate\Contracts\Foundation\Application;
use Illuminate\Contracts\Http\Kernel as HttpKernel;
use Illuminate\Routing\Router;
use Illuminate\Support\ServiceProvider;
use SharpApi\Webhooks\Http\WebhookEndpoint;
use SharpApi\Webhooks\Idempotency\IdempotencyStore;
use SharpApi\Webhooks\Idempotency\LaravelCacheIdempotencyStore;
use SharpApi\Webhooks\Verifier;

/**
 * SharpAPI webhooks in Laravel: the `sharpapi.webhook` route middleware (VerifySharpApiWebhook),
 * configured by `services.sharpapi` (webhook_secret or webhook_secrets, max_body_bytes,
 * idempotency_store, explain_failures; see config/sharpapi.php), and a global middleware that
 * answers 413 for a webhook route's oversized body before anything reads it. Laravel discovers it
 * (composer.json's extra.laravel); else list it in config/app.php's providers.
 */
final class SharpApiWebhooksServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->mergeConfigFrom(__DIR__ . '/../../config/sharpapi.php', 'services.sharpapi');
        $this->app->singleton(WebhookEndpoint::class, static function (Application $app): WebhookEndpoint {
            $config = $app->make('config')->get('services.sharpapi');
            $secrets = $config['webhook_secrets'] ?? [];
            $secrets = $secrets === [] || $secrets === null ? [$config['webhook_secret'] ?? null] : $secrets;
            // An unset variable (null) reaches the core, which refuses it: InvalidSecret, a 500.
            $verifier = new Verifier($secrets);
            $store = null;
            if ($app->bound(IdempotencyStore::class)) {
                $store = $app->make(IdempotencyStore::class);
            } elseif (($config['idempotency_store'] ?? null) !== null) {
                $store = new LaravelCacheIdempotencyStore($app->make('cache')->store($config['idempotency_store']));
            }
            $log = static function (string $message, \Throwable $error) use ($app): void {
                $app->make('log')->error("sharpapi-webhooks: $message", ['exception' => $error]);
            };
            $logRefusal = static function (string $message, array $context) use ($app): void {
                $app->make('log')->warning("sharpapi-webhooks: $message", $context);
            };
            // The verifier keeps no secret's text; explaining a refusal needs it (a debugging aid).
            $explain = ($config['explain_failures'] ?? false) ? array_values(array_filter((array) $secrets, 'is_string')) : null;
            $limit = $config['max_body_bytes'] ?? null;
            return new WebhookEndpoint($verifier, $store, $limit === null ? null : (int) $limit, $log, $explain, $logRefusal);
        });
    }

    public function boot(Router $router): void
    {
        $router->aliasMiddleware(VerifySharpApiWebhook::ALIAS, VerifySharpApiWebhook::class);
        // First of the global middleware, before ValidatePostSize (whose 413 is an HTML page) and
        // TrimStrings (which decodes a JSON body) read the body.
        if ($this->app->bound(HttpKernel::class)) {
            $kernel = $this->app->make(HttpKernel::class);
            if (method_exists($kernel, 'prependMiddleware')) {
                $kernel->prependMiddleware(RefuseOversizedWebhooks::class);
            }
        }
    }
}
