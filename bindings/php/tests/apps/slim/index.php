<?php

// The sender suite's Slim test app: Debian's Slim 3 (php-slim), whose route takes the PSR-15
// WebhookMiddleware through its double-pass __invoke, and nyholm/psr7's PSR-17 factory for the
// middleware's own answers. `php -S 127.0.0.1:$PORT index.php` routes every request here.
// Claims on event ids go to Redis when SHARPAPI_IDEMPOTENCY=redis (RedisIdempotencyStore), else
// to a file cache shared by every worker of `php -S` (illuminate/cache's file store on its own).

declare(strict_types=1);

use Illuminate\Cache\FileStore;
use Illuminate\Cache\Repository;
use Illuminate\Filesystem\Filesystem;
use Nyholm\Psr7\Factory\Psr17Factory;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use SharpApi\Webhooks\Idempotency\LaravelCacheIdempotencyStore;
use SharpApi\Webhooks\Idempotency\RedisIdempotencyStore;
use SharpApi\Webhooks\Psr15\WebhookMiddleware;
use SharpApi\Webhooks\Tests\Apps\SenderContract;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;

// Slim 3.12 predates PHP 8.1: a deprecation notice of its own for every request would bury the
// log that the sender suite shows on a failure (PHPUnit keeps the package's own notices fatal).
error_reporting(E_ALL & ~E_DEPRECATED);

// Debian's packages, on PHP's include_path; with Composer, vendor/autoload.php instead.
require_once 'Slim/autoload.php';
require_once 'Nyholm/Psr7/autoload.php';
require_once 'Illuminate/Cache/autoload.php';
require_once 'Illuminate/Filesystem/autoload.php';
require_once __DIR__ . '/../../Support/psr15.php';
require_once getenv('SHARPAPI_WEBHOOKS_AUTOLOAD') ?: __DIR__ . '/../../../autoload.php';
require_once __DIR__ . '/../SenderContract.php';

if (SenderContract::useRedis()) {
    $redisUrl = SenderContract::redis();
    $redis = new Redis();
    $redis->connect($redisUrl['host'], $redisUrl['port']);
    $redis->select($redisUrl['database']);
    $store = new RedisIdempotencyStore($redis);
} else {
    $cache = new Repository(new FileStore(new Filesystem(), SenderContract::stateDirectory() . '/cache'));
    $store = new LaravelCacheIdempotencyStore($cache);
}

$app = new Slim\App(['settings' => ['displayErrorDetails' => false]]);
$webhook = new WebhookMiddleware(
    new Verifier(SenderContract::secrets()),  // current, then previous
    new Psr17Factory(),
    $store,
    SenderContract::maxBodyBytes(),
);
// Every method, so that the middleware answers a GET 405 in JSON rather than Slim's router.
$app->any('/webhooks/sharpapi', function (ServerRequestInterface $request, ResponseInterface $response): ResponseInterface {
    $event = $request->getAttribute(WebhookEvent::class);
    SenderContract::handle($event);
    $response->getBody()->write(json_encode(['id' => $event->id, 'outcome' => 'handled']));
    return $response->withHeader('Content-Type', 'application/json');
})->add($webhook);
$app->run();
