<?php

// What a person does with a dead letter: lists the inbox's dead letters (id, attempts, last
// error), then replays the id given (`php replay.php ID`), printing "replayed ID" or "not replayed ID".

declare(strict_types=1);

use SharpApi\Webhooks\Tests\Apps\Inbox\InboxApp;

require_once getenv('SHARPAPI_WEBHOOKS_AUTOLOAD') ?: __DIR__ . '/../../../autoload.php';
require_once __DIR__ . '/InboxApp.php';

$inbox = InboxApp::inbox();
foreach ($inbox->deadLetters() as $item) {
    echo "dead {$item->id} attempts={$item->attempts} last_error={$item->lastError}\n";
}
$id = $argv[1] ?? '';
echo ($inbox->replay($id) ? 'replayed' : 'not replayed') . " $id\n";
