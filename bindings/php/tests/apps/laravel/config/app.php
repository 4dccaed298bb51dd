<?php

declare(strict_types=1);

return [
    'name' => 'sharpapi-webhooks Laravel test app',
    'env' => 'production',
    'debug' => false,  // errors are pages without traces; the middleware answers JSON anyway
    'url' => 'http://127.0.0.1',
    'timezone' => 'UTC',
    'locale' => 'en',
    'fallback_locale' => 'en',
    'key' => 'base64:' . base64_encode(str_repeat('k', 32)),
    'cipher' => 'AES-256-CBC',
    'providers' => [
        Illuminate\Cache\CacheServiceProvider::class,
        Illuminate\Filesystem\FilesystemServiceProvider::class,
        Illuminate\Foundation\Providers\FoundationServiceProvider::class,
        Illuminate\Redis\RedisServiceProvider::class,
        Illuminate\Translation\TranslationServiceProvider::class,
        Illuminate\Validation\ValidationServiceProvider::class,
        Illuminate\View\ViewServiceProvider::class,
        // Listed by hand: Laravel discovers it from composer.json's extra.laravel when the package
        // is installed with Composer; this application loads it without Composer.
        SharpApi\Webhooks\Laravel\SharpApiWebhooksServiceProvider::class,
        App\Providers\RouteServiceProvider::class,
    ],
    'aliases' => [],
];
