<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * The statuses this version knows. An event keeps the status text exactly as sent in
 * WebhookEvent::$status; WebhookEvent::$knownStatus is its case here, or null for a status that
 * SharpAPI added later (a backed enum cannot hold a value it does not list).
 */
enum JobStatus: string
{
    case New = 'new';
    case Pending = 'pending';
    case Success = 'success';
    case Failed = 'failed';
}
