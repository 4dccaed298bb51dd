<?php

// The inbox test app's worker, a process of its own: InboxWorker's polling loop over the inbox of
// SHARPAPI_INBOX, running the contract's handler, until SIGTERM.

declare(strict_types=1);

use SharpApi\Webhooks\Inbox\InboxWorker;
use SharpApi\Webhooks\Tests\Apps\Inbox\InboxApp;

require_once getenv('SHARPAPI_WEBHOOKS_AUTOLOAD') ?: __DIR__ . '/../../../autoload.php';
require_once __DIR__ . '/InboxApp.php';

$inbox = InboxApp::inbox();
(new InboxWorker($inbox, InboxApp::handle(...), InboxApp::workerMetrics($inbox), InboxApp::log()))->run(0.02);
