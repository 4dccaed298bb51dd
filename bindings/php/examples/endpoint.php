<?php

// A SharpAPI webhook endpoint in plain PHP, with no framework:
//
//   SHARPAPI_WEBHOOK_SECRET=whsec_... php -d ffi.enable=1 -S 127.0.0.1:8080 examples/endpoint.php
//
// Answers 200 with the event's id, status and type; 401 for a missing, malformed or wrong
// signature; 400 for a verified body that is not an event; each refusal with a JSON error body.

declare(strict_types=1);

use SharpApi\Webhooks\InvalidPayloadException;
use SharpApi\Webhooks\Verifier;
use SharpApi\Webhooks\WebhookException;

require __DIR__ . '/../autoload.php'; // in an application: require 'vendor/autoload.php';

header('Content-Type: application/json');
if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    http_response_code(405);
    header('Allow: POST');
    echo json_encode(['error' => 'MethodNotAllowed']);
    return;
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

// An unset secret (getenv's false) throws InvalidSecretException here, outside the catch: a 500,
// the server's fault.
$verifier = new Verifier([getenv('SHARPAPI_WEBHOOK_SECRET')]);
try {
    // The body exactly as received, never json_decode'd and encoded again. With a single header
    // at hand, $verifier->constructEvent($rawBody, $_SERVER['HTTP_X_SIGNATURE'] ?? null) is the same.
    $event = $verifier->constructEventFromHeaders(file_get_contents('php://input'), requestHeaders());
} catch (WebhookException $error) {
    http_response_code($error instanceof InvalidPayloadException ? 400 : 401);
    echo json_encode(['error' => $error::NAME, 'code' => $error->getCode(), 'message' => $error->getMessage()]);
    return;
}

// SharpAPI retries a delivery up to three times: handle each $event->id once.
echo json_encode(['id' => $event->id, 'status' => $event->status, 'type' => $event->type]);
