<?php

declare(strict_types=1);

use SharpApi\Webhooks\Tests\Apps\SenderContract;

return [
    'sharpapi' => [
        'webhook_secrets' => SenderContract::secrets(),  // current, then previous
        'max_body_bytes' => SenderContract::maxBodyBytes(),
        // Shared by every worker of `php -S` (and by every server, for redis).
        'idempotency_store' => SenderContract::useRedis() ? 'redis' : 'file',
    ],
];
