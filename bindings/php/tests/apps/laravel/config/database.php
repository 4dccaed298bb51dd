<?php

declare(strict_types=1);

use SharpApi\Webhooks\Tests\Apps\SenderContract;

$redis = SenderContract::useRedis() ? SenderContract::redis() : ['host' => '127.0.0.1', 'port' => 6379, 'database' => 0];

return [
    'default' => 'none',
    'connections' => [],
    'redis' => [
        'client' => 'phpredis',
        'options' => ['prefix' => 'sharpapi_test_app_'],
        'default' => $redis,
        'cache' => $redis,
    ],
];
