<?php

declare(strict_types=1);

require __DIR__ . '/../autoload.php';

// composer.json's autoload-dev, SharpApi\Webhooks\Tests\ to tests/, for the helpers.
spl_autoload_register(static function (string $class): void {
    $prefix = 'SharpApi\\Webhooks\\Tests\\';
    if (str_starts_with($class, $prefix)) {
        require __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    }
});
