<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

use Psr\Log\LoggerInterface;

/**
 * One structured line per delivery at the web side and one per attempt at the worker side
 * (bindings/INBOX.md): message `sharpapi_webhooks delivery <outcome>` with the fields job_id, type, status,
 * outcome, error_code, body_bytes, duration_ms, duplicate, attempt in the PSR-3 context (Laravel's
 * `Log` is PSR-3 too). Never the secret; the body only with $logBodies. Without a logger, one JSON
 * line through error_log().
 */
final class DeliveryLog
{
    public function __construct(
        private readonly ?LoggerInterface $logger = null,
        private readonly bool $logBodies = false,
    ) {
    }

    /** @param array{job_id?: ?string, type?: ?string, status?: ?string, error_code?: ?string, duration_ms?: float, attempt?: ?int} $fields */
    public function write(string $outcome, array $fields, ?string $body = null): void
    {
        $context = [
            'job_id' => $fields['job_id'] ?? null,
            'type' => $fields['type'] ?? null,
            'status' => $fields['status'] ?? null,
            'outcome' => $outcome,
            'error_code' => $fields['error_code'] ?? null,
            'body_bytes' => $body === null ? null : strlen($body),
            'duration_ms' => round($fields['duration_ms'] ?? 0.0, 3),
            'duplicate' => $outcome === 'duplicate',
            'attempt' => $fields['attempt'] ?? null,
        ];
        if ($this->logBodies && $body !== null) {
            $context['body'] = $body;
        }
        $level = match ($outcome) {
            'refused', 'handler_failed', 'store_unavailable' => 'warning',
            'dead' => 'error',
            default => 'info',
        };
        try {
            if ($this->logger !== null) {
                $this->logger->log($level, "sharpapi_webhooks delivery $outcome", $context);
            } else {
                error_log(json_encode(['logger' => 'sharpapi_webhooks', 'level' => $level] + $context,
                    JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR));
            }
        } catch (\Throwable) {
            // A log that fails never changes the answer or the worker's verdict.
        }
    }
}
