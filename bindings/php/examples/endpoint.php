<?php

// A SharpAPI webhook endpoint in plain PHP, with no framework:
//
//   SHARPAPI_WEBHOOK_SECRET=whsec_... php -d ffi.enable=1 -S 127.0.0.1:8080 examples/endpoint.php
//
// SharpAPI retries a delivery up to three times, so each job is handled once: its id is claimed,
// the job handled, and the claim completed only once the handler succeeded (released when it
// failed, so that the retry runs it again). Answers, each in JSON: 200 {"id", "status", "type",
// "outcome": "handled"}; 200 {"id", "outcome": "duplicate"} for a job handled before; 409 while
// another request handles the same job; 401 for a missing, malformed or wrong signature; 400 for
// a verified body that is not an event; 405 for another method; 500 when the handler failed.
//
// The claims are rows of a SQLite file (SHARPAPI_WEBHOOK_DB, by default sharpapi-webhooks.sqlite
// in the temporary folder), shared by every process of the server; through PDO, a MySQL or
// PostgreSQL table shares them between servers. The frameworks' middleware (Laravel, PSR-15) runs
// the same flow for you.

declare(strict_types=1);

use SharpApi\Webhooks\Idempotency\ClaimState;
use SharpApi\Webhooks\Idempotency\PdoIdempotencyStore;
use SharpApi\Webhooks\InvalidPayloadException;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookEvent;
use SharpApi\Webhooks\WebhookException;

require __DIR__ . '/../autoload.php'; // in an application: require 'vendor/autoload.php';

/** @param array<string, mixed> $body */
function answer(int $status, array $body): void
{
    http_response_code($status);
    echo json_encode($body);
}

/**
 * The request's headers as received: getallheaders() where the server has it (Apache, PHP-FPM,
 * `php -S`), else the HTTP_* entries of $_SERVER, whose names X-Signature still matches in any
 * case once "_" is "-" again.
 *
 * @return array<string, string>
 */
function requestHeaders(): array
{
    if (function_exists('getallheaders')) {
        return getallheaders();
    }
    $headers = [];
    foreach ($_SERVER as $key => $value) {
        if (is_string($value) && str_starts_with((string) $key, 'HTTP_')) {
            $headers[str_replace('_', '-', substr((string) $key, 5))] = $value;
        }
    }
    return $headers;
}

/** Your work with a finished job; here it is only logged. An exception makes SharpAPI retry it. */
function handleJob(WebhookEvent $event): void
{
    error_log("sharpapi webhook: job {$event->id}, {$event->type}, {$event->status}");
}

header('Content-Type: application/json');
if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    header('Allow: POST');
    answer(405, ['error' => 'MethodNotAllowed', 'message' => "a SharpAPI webhook is a POST request, not {$_SERVER['REQUEST_METHOD']}"]);
    return;
}

// An unset secret (getenv's false) throws InvalidSecretException here, outside the catch: a 500,
// the server's fault.
$verifier = new Verifier([getenv('SHARPAPI_WEBHOOK_SECRET')]);
try {
    // The body exactly as received, never json_decode'd and encoded again. With a single header
    // at hand, $verifier->constructEvent($rawBody, $_SERVER['HTTP_X_SIGNATURE'] ?? null) is the same.
    $event = $verifier->constructEventFromHeaders(file_get_contents('php://input'), requestHeaders());
} catch (WebhookException $error) {
    answer($error instanceof InvalidPayloadException ? 400 : 401, ['error' => $error::NAME, 'code' => $error->getCode(), 'message' => $error->getMessage()]);
    return;
}

$database = getenv('SHARPAPI_WEBHOOK_DB') ?: sys_get_temp_dir() . '/sharpapi-webhooks.sqlite';
$jobs = new PdoIdempotencyStore(new PDO("sqlite:$database", options: [PDO::ATTR_TIMEOUT => 5]));
$jobs->createTable();

// 1. Claim the job: one request at a time handles it, and a handled one is not handled again.
$claim = $jobs->claim($event->id);
if ($claim->state === ClaimState::Done) {
    answer(200, ['id' => $event->id, 'outcome' => 'duplicate']);
    return;
}
if ($claim->state === ClaimState::InProgress) {
    answer(409, ['error' => 'InProgress', 'message' => "event {$event->id} is being handled by another request; SharpAPI will retry"]);
    return;
}
// 2. Handle it. 3. Complete the claim only once the handler succeeded; release it when it failed.
try {
    handleJob($event);
} catch (Throwable $error) {
    $jobs->release($event->id, $claim->token);
    error_log("sharpapi webhook: the handler of job {$event->id} failed: $error");
    answer(500, ['error' => 'HandlerFailed', 'message' => 'the webhook handler failed; SharpAPI will retry']);
    return;
}
$jobs->complete($event->id, $claim->token);
answer(200, ['id' => $event->id, 'status' => $event->status, 'type' => $event->type, 'outcome' => 'handled']);
