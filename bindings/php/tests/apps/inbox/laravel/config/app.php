<?php

declare(strict_types=1);

return [
    'name' => 'sharpapi-webhooks Laravel queue inbox test app',
    'env' => 'production',
    'debug' => false,
    'url' => 'http://127.0.0.1',
    'timezone' => 'UTC',
    'key' => 'base64:' . base64_encode(str_repeat('k', 32)),
    'cipher' => 'AES-256-CBC',
    'providers' => [
        Illuminate\Bus\BusServiceProvider::class,
        Illuminate\Cache\CacheServiceProvider::class,
        Illuminate\Database\DatabaseServiceProvider::class,
        Illuminate\Filesystem\FilesystemServiceProvider::class,
        Illuminate\Foundation\Providers\FoundationServiceProvider::class,
        Illuminate\Queue\QueueServiceProvider::class,
        Illuminate\Redis\RedisServiceProvider::class,
        SharpApi\Webhooks\Laravel\SharpApiWebhooksServiceProvider::class,
        SharpApi\Webhooks\Tests\Apps\Inbox\Laravel\InboxQueueProvider::class,
        getenv('SHARPAPI_LARAVEL_PROVIDER') ?: SharpApi\Webhooks\Tests\Apps\Inbox\Laravel\TestInboxBindings::class,
    ],
    'aliases' => [],
];
