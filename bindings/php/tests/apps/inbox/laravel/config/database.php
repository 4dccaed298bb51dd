<?php

declare(strict_types=1);

[$host, $port, $database] = sscanf((string) (getenv('SHARPAPI_LARAVEL_REDIS') ?: '127.0.0.1:6379/0'), '%[^:]:%d/%d');

return [
    'default' => 'queue',
    'connections' => [
        // The `database` queue's SQLite file, apart from the inbox's.
        'queue' => ['driver' => 'sqlite', 'database' => getenv('SHARPAPI_APP_STATE') . '/queue.sqlite', 'prefix' => '', 'foreign_key_constraints' => false],
    ],
    'redis' => [
        'client' => 'phpredis',
        'options' => ['prefix' => 'sharpapi_php_laravel_queue_'],
        'default' => ['host' => $host, 'port' => $port, 'database' => $database],
    ],
];
