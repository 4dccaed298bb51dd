<?php

// The inbox test app on Laravel 8 (Debian's php-laravel-framework) with Laravel's own queue: the
// web side (public/index.php) acknowledges into the inbox and dispatches ProcessDelivery on the
// queue connection SHARPAPI_LARAVEL_QUEUE (`database`: a SQLite file of the state folder;
// `redis`: phpredis on SHARPAPI_LARAVEL_REDIS, HOST:PORT/DB); the worker is Laravel's own
// `php artisan queue:work` (./artisan), which runs the job with the contract's handler.
// No Composer here, so no `laravel new`: Illuminate's providers are listed by hand (config/app.php),
// InboxQueueProvider below adds queue:work, the jobs table and the routes, and TestInboxBindings
// the contract's inbox and handler, or SHARPAPI_LARAVEL_PROVIDER names a provider of app/ instead
// (the README's).
// State (Laravel's caches, logs, the queue's SQLite file): SHARPAPI_APP_STATE.

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Apps\Inbox\Laravel;

use Illuminate\Foundation\Application;
use Illuminate\Http\Response;
use Illuminate\Queue\Console\WorkCommand;
use Illuminate\Support\ServiceProvider;
use SharpApi\Webhooks\Inbox\AcknowledgeMode;
use SharpApi\Webhooks\Inbox\InboxWorker;
use SharpApi\Webhooks\Inbox\PrometheusMetrics;
use SharpApi\Webhooks\Laravel\ProcessDelivery;
use SharpApi\Webhooks\Tests\Apps\Inbox\InboxApp;

require_once 'Illuminate/autoload.php';  // Debian's php-laravel-framework, on PHP's include_path
require_once getenv('SHARPAPI_WEBHOOKS_AUTOLOAD') ?: __DIR__ . '/../../../../autoload.php';
require_once __DIR__ . '/../InboxApp.php';

/** The contract's inbox (InboxApp), its handler and its metrics: what an application's own provider binds. */
final class TestInboxBindings extends ServiceProvider
{
    public function register(): void
    {
        $inbox = InboxApp::inbox();
        $this->app->instance(AcknowledgeMode::class, new AcknowledgeMode(
            $inbox,
            static fn (string $id) => ProcessDelivery::dispatch($id),
            InboxApp::webMetrics($inbox),
            InboxApp::log(),
        ));
        $this->app->instance(InboxWorker::class, new InboxWorker($inbox, InboxApp::handle(...), InboxApp::workerMetrics($inbox), InboxApp::log()));
    }
}

/** What `laravel new` and Composer would bring: queue:work, the jobs table, the routes. */
final class InboxQueueProvider extends ServiceProvider
{
    public function register(): void
    {
        // `queue:work` alone, as Illuminate's ArtisanServiceProvider registers it (which would
        // bring every other command and what they need).
        $this->app->singleton('command.queue.work', static fn ($app) => new WorkCommand($app['queue.worker'], $app['cache.store']));
        $this->commands(['command.queue.work']);
    }

    public function boot(): void
    {
        // The `database` connection's table, as `php artisan queue:table` would migrate it.
        $this->app['config']['queue.default'] !== 'database' || $this->app['db']->connection('queue')->statement('CREATE TABLE IF NOT EXISTS jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, queue VARCHAR NOT NULL, payload TEXT NOT NULL,
            attempts INTEGER NOT NULL, reserved_at INTEGER, available_at INTEGER NOT NULL, created_at INTEGER NOT NULL)');
        $router = $this->app['router'];
        $router->any('/webhooks/sharpapi', static fn () => throw new \LogicException('the inbox mode answers before the route'))
            ->middleware('sharpapi.webhook');
        $router->get('/metrics', fn () => new Response(
            (string) $this->app->make(AcknowledgeMode::class)->metrics?->render(), 200, ['Content-Type' => PrometheusMetrics::CONTENT_TYPE]));
    }
}

// The application's own classes (a provider of yours: SHARPAPI_LARAVEL_PROVIDER): App\ is app/.
spl_autoload_register(static function (string $class): void {
    $prefix = 'App\\';
    if (str_starts_with($class, $prefix)) {
        require __DIR__ . '/app/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    }
});

$state = (string) getenv('SHARPAPI_APP_STATE') ?: throw new \RuntimeException('SHARPAPI_APP_STATE is not set');
foreach (['framework/cache/data', 'logs', 'cache'] as $folder) {
    is_dir("$state/storage/$folder") || @mkdir("$state/storage/$folder", 0777, true);
}
touch("$state/queue.sqlite");
// Laravel writes its manifests under bootstrap/cache unless these say elsewhere.
foreach (['SERVICES', 'PACKAGES', 'CONFIG', 'ROUTES', 'EVENTS'] as $cache) {
    $file = "$state/storage/cache/" . strtolower($cache) . '.php';
    putenv("APP_{$cache}_CACHE=$file");
    $_ENV["APP_{$cache}_CACHE"] = $_SERVER["APP_{$cache}_CACHE"] = $file;
}

$app = new Application(__DIR__);
$app->useStoragePath("$state/storage");
$app->singleton(\Illuminate\Contracts\Http\Kernel::class, \Illuminate\Foundation\Http\Kernel::class);
$app->singleton(\Illuminate\Contracts\Console\Kernel::class, \Illuminate\Foundation\Console\Kernel::class);
$app->singleton(\Illuminate\Contracts\Debug\ExceptionHandler::class, \Illuminate\Foundation\Exceptions\Handler::class);

return $app;
