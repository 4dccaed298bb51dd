<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Inbox;

use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\Inbox\Inbox;
use SharpApi\Webhooks\Inbox\RedisInbox;
use SharpApi\Webhooks\Inbox\SqliteInbox;
use SharpApi\Webhooks\Inbox\StoreUnavailable;
use SharpApi\Webhooks\Tests\Idempotency\Stores;
use SharpApi\Webhooks\WebhookEvent;

/** The inbox's contract (bindings/INBOX.md), the same for the SQLite and the Redis backend. */
final class InboxContractTest extends TestCase
{
    /** @return array<string, array{string}> */
    public static function backends(): array
    {
        return ['sqlite' => ['sqlite'], 'redis' => ['redis']];
    }

    public static function make(string $backend, mixed ...$options): Inbox
    {
        $options += ['leaseSeconds' => 0.3, 'maxAttempts' => 3, 'backoffSeconds' => 0.2, 'backoffCapSeconds' => 0.4];
        if ($backend === 'sqlite') {
            $folder = sys_get_temp_dir() . '/sharpapi-php-inbox-' . getmypid();
            is_dir($folder) || mkdir($folder);
            $path = $folder . '/' . bin2hex(random_bytes(6)) . '.db';
            return new SqliteInbox($path, ...$options);
        }
        [$host, $port] = Stores::redisAddress();
        $redis = new \Redis();
        $redis->connect($host, $port);
        return new RedisInbox($redis, 'sharpapi-php-test:' . bin2hex(random_bytes(6)) . ':', ...$options);
    }

    private static function event(string $id): WebhookEvent
    {
        return new WebhookEvent($id, 'success', 'content_summarize');
    }

    /** @dataProvider backends */
    public function testAcceptStoresOnceAndCountsDuplicates(string $backend): void
    {
        $inbox = self::make($backend);
        $body = "{\"id\":\"a\",\0\xff}";
        self::assertSame('accepted', $inbox->accept(self::event('a'), $body));
        self::assertSame('duplicate', $inbox->accept(self::event('a'), 'other'));
        self::assertSame('duplicate', $inbox->accept(self::event('a'), 'other'));
        $item = $inbox->get('a');
        self::assertNotNull($item);
        self::assertSame($body, $item->body);
        self::assertSame('pending', $item->state);
        self::assertSame(2, $item->duplicates);
        self::assertSame('content_summarize', $item->type);
        self::assertSame('success', $item->status);
        self::assertEqualsWithDelta(microtime(true), $item->receivedAt, 5.0);
        self::assertNull($inbox->get('missing'));
        self::assertSame(['pending' => 1, 'processing' => 0, 'done' => 0, 'dead' => 0], $inbox->counts());
    }

    /** @dataProvider backends */
    public function testClaimCompleteAndALostClaim(string $backend): void
    {
        $inbox = self::make($backend);
        self::assertNull($inbox->claim());
        $inbox->accept(self::event('first'), 'one');
        usleep(2000);
        $inbox->accept(self::event('second'), 'two');
        $item = $inbox->claim(10.0);
        self::assertNotNull($item);
        self::assertSame('first', $item->id);
        self::assertSame('processing', $item->state);
        self::assertSame(1, $item->attempts);
        self::assertIsString($item->token);
        self::assertNull($inbox->claimId('first'), 'held by a live lease');
        $second = $inbox->claimId('second');
        self::assertNotNull($second);
        self::assertNull($inbox->claim());
        self::assertTrue($inbox->complete($item));
        self::assertFalse($inbox->complete($item), 'done already');
        self::assertSame('done', $inbox->get('first')?->state);
        self::assertSame('duplicate', $inbox->accept(self::event('first'), 'one'));
        self::assertNull($inbox->claimId('first'));
        self::assertSame(['pending' => 0, 'processing' => 1, 'done' => 1, 'dead' => 0], $inbox->counts());
    }

    /** @dataProvider backends */
    public function testAnExpiredLeaseIsClaimedAgainAndTheOldTokenLoses(string $backend): void
    {
        $inbox = self::make($backend);
        $inbox->accept(self::event('e'), 'x');
        $lost = $inbox->claim();
        self::assertNotNull($lost);
        self::assertSame([], $inbox->due());
        usleep(400_000);
        self::assertSame(['e'], $inbox->due());
        $again = $inbox->claim(10.0);
        self::assertNotNull($again);
        self::assertSame(2, $again->attempts);
        self::assertNotSame($lost->token, $again->token);
        self::assertFalse($inbox->complete($lost));
        self::assertFalse($inbox->fail($lost, 'late'));
        self::assertTrue($inbox->complete($again));
    }

    /** @dataProvider backends */
    public function testFailuresBackOffThenDieAndReplayBringsThemBack(string $backend): void
    {
        $inbox = self::make($backend);
        $inbox->accept(self::event('f'), 'x');
        $item = $inbox->claim();
        self::assertNotNull($item);
        self::assertSame('retry', $inbox->fail($item, new \RuntimeException("boom\nsecond line " . str_repeat('y', 600))));
        $stored = $inbox->get('f');
        self::assertSame('pending', $stored?->state);
        self::assertSame(500, mb_strlen((string) $stored->lastError));
        self::assertStringStartsWith('RuntimeException: boom second line', (string) $stored->lastError);
        self::assertNull($inbox->claim(), 'backing off');
        usleep(250_000);
        $item = $inbox->claim();
        self::assertNotNull($item);
        self::assertSame('retry', $inbox->fail($item, 'again'));
        usleep(200_000);
        self::assertNull($inbox->claim(), 'the second backoff doubles');
        usleep(250_000);
        $item = $inbox->claimId('f');
        self::assertNotNull($item);
        self::assertSame(3, $item->attempts);
        self::assertSame('dead', $inbox->fail($item, 'last'));
        self::assertFalse($inbox->fail($item, 'twice'));
        $dead = $inbox->deadLetters();
        self::assertCount(1, $dead);
        self::assertSame('last', $dead[0]->lastError);
        self::assertSame(['pending' => 0, 'processing' => 0, 'done' => 0, 'dead' => 1], $inbox->counts());
        self::assertFalse($inbox->replay('missing'));
        self::assertTrue($inbox->replay('f'));
        self::assertFalse($inbox->replay('f'), 'pending already');
        $item = $inbox->claim();
        self::assertNotNull($item);
        self::assertSame(1, $item->attempts);
        self::assertTrue($inbox->complete($item));
        self::assertSame([], $inbox->deadLetters());
    }

    /** @dataProvider backends */
    public function testCountersAddUpPerScope(string $backend): void
    {
        $inbox = self::make($backend);
        $inbox->addToCounters('one', ['a{x="1"}' => 1, 'b' => 0.25]);
        $inbox->addToCounters('one', ['a{x="1"}' => 2]);
        $inbox->addToCounters('two', ['a{x="1"}' => 5]);
        self::assertEquals(['a{x="1"}' => 3.0, 'b' => 0.25], $inbox->readCounters('one'));
        self::assertEquals(['a{x="1"}' => 5.0], $inbox->readCounters('two'));
        self::assertSame([], $inbox->readCounters('none'));
    }

    public function testAStoreThatIsDownIsStoreUnavailable(): void
    {
        $this->expectException(StoreUnavailable::class);
        new SqliteInbox('/nonexistent/folder/inbox.db');
    }
}
