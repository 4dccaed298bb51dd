<?php

// SHARPAPI_TEST_CRASH_AFTER_ACCEPT=1, in the test apps only: the web process exits hard (exit
// status 70) right after the inbox's accept() returned, before any answer is sent.

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Apps\Inbox;

use SharpApi\Webhooks\Inbox\Inbox;
use SharpApi\Webhooks\Inbox\InboxItem;
use SharpApi\Webhooks\WebhookEvent;

final class CrashAfterAccept implements Inbox
{
    public function __construct(private readonly Inbox $inbox)
    {
    }

    public static function wrap(Inbox $inbox): Inbox
    {
        return getenv('SHARPAPI_TEST_CRASH_AFTER_ACCEPT') === '1' ? new self($inbox) : $inbox;
    }

    public function accept(WebhookEvent $event, string $rawBody): string
    {
        $this->inbox->accept($event, $rawBody);
        // posix_kill rather than exit(): no output buffer is flushed, no shutdown function runs.
        function_exists('posix_kill') ? posix_kill(getmypid(), SIGKILL) : exit(70);
        exit(70);
    }

    public function claim(?float $leaseSeconds = null): ?InboxItem { return $this->inbox->claim($leaseSeconds); }
    public function claimId(string $eventId, ?float $leaseSeconds = null): ?InboxItem { return $this->inbox->claimId($eventId, $leaseSeconds); }
    public function complete(InboxItem $item): bool { return $this->inbox->complete($item); }
    public function fail(InboxItem $item, \Throwable|string $error): string|false { return $this->inbox->fail($item, $error); }
    public function get(string $eventId): ?InboxItem { return $this->inbox->get($eventId); }
    public function deadLetters(int $limit = 100): array { return $this->inbox->deadLetters($limit); }
    public function replay(string $eventId): bool { return $this->inbox->replay($eventId); }
    public function counts(): array { return $this->inbox->counts(); }
    public function due(float $graceSeconds = 0.0, int $limit = 1000): array { return $this->inbox->due($graceSeconds, $limit); }
    public function addToCounters(string $scope, array $increments): void { $this->inbox->addToCounters($scope, $increments); }
    public function readCounters(string $scope): array { return $this->inbox->readCounters($scope); }
}
