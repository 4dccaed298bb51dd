<?php

// A minimal Laravel 8 application, the layout of `laravel new` cut down to what a webhook needs,
// on Debian's php-laravel-framework: the sender suite's Laravel test app (public/index.php) and
// the application of tests/LaravelTest.php. Its storage, caches included, is this run's own
// folder (SenderContract::stateDirectory()), never the repository.

declare(strict_types=1);

use Illuminate\Foundation\Application;
use SharpApi\Webhooks\Tests\Apps\SenderContract;

require_once 'Illuminate/autoload.php';  // Debian's php-laravel-framework, on PHP's include_path
require_once getenv('SHARPAPI_WEBHOOKS_AUTOLOAD') ?: __DIR__ . '/../../../../autoload.php';
require_once __DIR__ . '/../../SenderContract.php';

// The application's own classes: App\ is app/, as composer.json maps it in `laravel new`.
spl_autoload_register(static function (string $class): void {
    $prefix = 'App\\';
    if (str_starts_with($class, $prefix)) {
        require __DIR__ . '/../app/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    }
});

$state = SenderContract::stateDirectory();
foreach (['framework/cache/data', 'framework/views', 'logs', 'cache'] as $folder) {
    is_dir("$state/storage/$folder") || mkdir("$state/storage/$folder", 0777, true);
}
// Laravel writes its manifests under bootstrap/cache unless these say elsewhere.
foreach (['SERVICES', 'PACKAGES', 'CONFIG', 'ROUTES', 'EVENTS'] as $cache) {
    $file = "$state/storage/cache/" . strtolower($cache) . '.php';
    putenv("APP_{$cache}_CACHE=$file");
    $_ENV["APP_{$cache}_CACHE"] = $_SERVER["APP_{$cache}_CACHE"] = $file;
}

$app = new Application(dirname(__DIR__));
$app->useStoragePath("$state/storage");
$app->singleton(Illuminate\Contracts\Http\Kernel::class, App\Http\Kernel::class);
$app->singleton(Illuminate\Contracts\Console\Kernel::class, Illuminate\Foundation\Console\Kernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, Illuminate\Foundation\Exceptions\Handler::class);

return $app;
