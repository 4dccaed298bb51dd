<?php

declare(strict_types=1);

use Monolog\Handler\StreamHandler;

return [
    // stderr: the sender suite shows the app's standard error on a failure; single: a file, for
    // tests/Integrations/LaravelTest.php.
    'default' => env('LOG_CHANNEL', 'stderr'),
    'channels' => [
        'single' => ['driver' => 'single', 'path' => storage_path('logs/laravel.log')],
        'stderr' => [
            'driver' => 'monolog',
            'handler' => StreamHandler::class,
            'with' => ['stream' => 'php://stderr'],
        ],
    ],
];
