<?php

// The inbox test app on Slim 3 (Debian's php-slim) with the PSR-15 WebhookMiddleware in its
// acknowledge-then-process mode: POST /webhooks/sharpapi answers 202/200/503, GET /metrics the
// Prometheus text. `php -S 127.0.0.1:$PORT -t slim slim/index.php`; the worker is ../worker.php.

declare(strict_types=1);

use Nyholm\Psr7\Factory\Psr17Factory;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use SharpApi\Webhooks\Inbox\AcknowledgeMode;
use SharpApi\Webhooks\Inbox\PrometheusMetrics;
use SharpApi\Webhooks\Psr15\WebhookMiddleware;
use SharpApi\Webhooks\Tests\Apps\Inbox\CrashAfterAccept;
use SharpApi\Webhooks\Tests\Apps\Inbox\InboxApp;
use SharpApi\Webhooks\Tests\Apps\SenderContract;
use SharpApi\Webhooks\Verifier;

error_reporting(E_ALL & ~E_DEPRECATED);  // Slim 3.12 predates PHP 8.1

require_once 'Slim/autoload.php';
require_once 'Nyholm/Psr7/autoload.php';
require_once __DIR__ . '/../../../Support/psr15.php';
require_once getenv('SHARPAPI_WEBHOOKS_AUTOLOAD') ?: __DIR__ . '/../../../../autoload.php';
require_once __DIR__ . '/../../SenderContract.php';
require_once __DIR__ . '/../InboxApp.php';
require_once __DIR__ . '/../CrashAfterAccept.php';

$inbox = InboxApp::inbox();
$metrics = InboxApp::webMetrics($inbox);
$app = new Slim\App(['settings' => ['displayErrorDetails' => false]]);
$webhook = new WebhookMiddleware(
    new Verifier(SenderContract::secrets()),
    new Psr17Factory(),
    inbox: new AcknowledgeMode(CrashAfterAccept::wrap($inbox), metrics: $metrics, log: InboxApp::log()),
);
$app->any('/webhooks/sharpapi', function (): never {
    throw new LogicException('the inbox mode answers before the route');
})->add($webhook);
$app->get('/metrics', function (ServerRequestInterface $request, ResponseInterface $response) use ($metrics): ResponseInterface {
    $response->getBody()->write($metrics->render());
    return $response->withHeader('Content-Type', PrometheusMetrics::CONTENT_TYPE);
});
$app->run();
