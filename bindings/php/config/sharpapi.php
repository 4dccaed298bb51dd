<?php

// The defaults of config('services.sharpapi'), merged under what config/services.php sets.

declare(strict_types=1);

return [
    // The "Secret for Signature" of the SharpAPI webhooks dashboard.
    'webhook_secret' => env('SHARPAPI_WEBHOOK_SECRET'),
    // While rotating: [current, previous]; when set, it is used instead of webhook_secret.
    'webhook_secrets' => [],
    // Larger bodies are answered 413; null for the default, 16 MiB.
    'max_body_bytes' => null,
    // A cache store (config/cache.php) that remembers handled event ids, so that SharpAPI's
    // retries run the handler once: 'redis', 'file', ...; null handles every delivery.
    'idempotency_store' => null,
    // A debugging aid: true writes to the log (a warning) why each refused signature was refused,
    // as Verifier::explain() finds it (JSON parsed and re-serialized, a trailing newline, a secret
    // with spaces...); the answer stays the same 401. A few dozen HMACs per refusal: turn it on
    // while you look for the cause, then off.
    'explain_failures' => false,
];
