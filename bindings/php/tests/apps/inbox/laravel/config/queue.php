<?php

// The two connections the tests run the job on. retry_after: how long a reserved job waits before
// Laravel hands it out again (its worker died); longer than the inbox's lease (2 s in the tests),
// so that the job comes back once the inbox lets another worker take the record over.

declare(strict_types=1);

$retryAfter = (int) (getenv('SHARPAPI_LARAVEL_RETRY_AFTER') ?: 90);

return [
    'default' => getenv('SHARPAPI_LARAVEL_QUEUE') ?: 'database',
    'connections' => [
        'database' => ['driver' => 'database', 'connection' => 'queue', 'table' => 'jobs', 'queue' => 'default', 'retry_after' => $retryAfter],
        'redis' => ['driver' => 'redis', 'connection' => 'default', 'queue' => 'default', 'retry_after' => $retryAfter, 'block_for' => null],
    ],
    'failed' => ['driver' => 'null'],
];
