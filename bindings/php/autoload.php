<?php

// Without Composer (this repository's tests, a script, preload.php): the PSR-4 mapping of
// composer.json, SharpApi\Webhooks\ to src/. With Composer, require vendor/autoload.php instead.

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'SharpApi\\Webhooks\\';
    if (!str_starts_with($class, $prefix)) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
