<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Idempotency;

use Illuminate\Cache\Repository;
use PHPUnit\Framework\TestCase;
use SharpApi\Webhooks\Idempotency\ClaimState;
use SharpApi\Webhooks\Idempotency\IdempotencyStoreException;
use SharpApi\Webhooks\Idempotency\InMemoryIdempotencyStore;
use SharpApi\Webhooks\Idempotency\LaravelCacheIdempotencyStore;
use SharpApi\Webhooks\Idempotency\PdoIdempotencyStore;
use SharpApi\Webhooks\Idempotency\RedisIdempotencyStore;
use SharpApi\Webhooks\Tests\Repository as Repo;
use SharpApi\Webhooks\Tests\Support\Frameworks;

/**
 * The contract of claim, complete and release, for every store: in memory, PDO over a SQLite
 * file, Laravel's cache (file and array stores), and Redis through phpredis against the real
 * redis-server that scripts/test_php.sh starts (SHARPAPI_WEBHOOKS_TEST_REDIS, host:port). The
 * shared stores are also claimed by several processes at once: exactly one wins.
 */
final class StoreContractTest extends TestCase
{
    public static function tearDownAfterClass(): void
    {
        Stores::removeFolder();
    }

    /** @return iterable<string, array{string}> */
    public static function stores(): iterable
    {
        foreach (['memory', 'pdo-sqlite', 'laravel-file', 'laravel-array', 'redis', 'laravel-redis'] as $kind) {
            yield $kind => [$kind];
        }
    }

    /** @return iterable<string, array{string}> the stores that processes share */
    public static function sharedStores(): iterable
    {
        foreach (['pdo-sqlite', 'laravel-file', 'redis', 'laravel-redis'] as $kind) {
            yield $kind => [$kind];
        }
    }

    /** @dataProvider stores */
    public function testOneClaimAtATimeThenDone(string $kind): void
    {
        $store = Stores::make($kind);
        $id = self::freshId();
        $claim = $store->claim($id);
        self::assertSame(ClaimState::Claimed, $claim->state);
        self::assertMatchesRegularExpression('/^[0-9a-f]{32}$/', (string) $claim->token);
        self::assertSame(ClaimState::InProgress, $store->claim($id)->state);
        self::assertNull($store->claim($id)->token);
        self::assertFalse($store->complete($id, str_repeat('0', 32)), 'another token completed the claim');
        self::assertFalse($store->release($id, str_repeat('0', 32)), 'another token released the claim');
        self::assertSame(ClaimState::InProgress, $store->claim($id)->state);
        self::assertTrue($store->complete($id, (string) $claim->token));
        self::assertSame(ClaimState::Done, $store->claim($id)->state);
        self::assertFalse($store->release($id, (string) $claim->token), 'a done id was released');
        self::assertFalse($store->complete($id, (string) $claim->token), 'a done id was completed twice');
        self::assertSame(ClaimState::Done, $store->claim($id)->state);
        self::assertSame(ClaimState::Claimed, $store->claim(self::freshId())->state, 'ids are independent');
    }

    /** @dataProvider stores */
    public function testAReleasedClaimCanBeClaimedAgain(string $kind): void
    {
        $store = Stores::make($kind);
        $id = self::freshId();
        $first = $store->claim($id);
        self::assertTrue($store->release($id, (string) $first->token));
        self::assertFalse($store->release($id, (string) $first->token), 'released twice');
        $second = $store->claim($id);
        self::assertSame(ClaimState::Claimed, $second->state);
        self::assertNotSame($first->token, $second->token);
        self::assertFalse($store->complete($id, (string) $first->token), 'the released token completed the new claim');
        self::assertTrue($store->complete($id, (string) $second->token));
    }

    /** @dataProvider stores */
    public function testAnExpiredLeaseIsClaimedAgainAndTheOldTokenChangesNothing(string $kind): void
    {
        $clock = new class () {
            public float $now = 1_800_000_000.0;
        };
        // Real time counts whole seconds in the file store: a lease of 2 s lasts at least 1 s there.
        $store = Stores::make($kind, leaseSeconds: 2, clock: $clock);
        $id = self::freshId();
        $stale = $store->claim($id);
        self::advance($kind, $clock, 3);
        $fresh = $store->claim($id);
        self::assertSame(ClaimState::Claimed, $fresh->state, 'an expired lease still held the id');
        self::assertFalse($store->release($id, (string) $stale->token), 'a stale token released the new claim');
        self::assertFalse($store->complete($id, (string) $stale->token), 'a stale token completed the new claim');
        self::assertSame(ClaimState::InProgress, $store->claim($id)->state);
        self::assertTrue($store->complete($id, (string) $fresh->token));
        self::assertSame(ClaimState::Done, $store->claim($id)->state);
    }

    /** @dataProvider sharedStores */
    public function testConcurrentClaimsFromSeveralProcessesHaveOneWinner(string $kind): void
    {
        $id = self::freshId();
        $script = sprintf(
            'require %s; echo %s::make(%s)->claim(%s)->state->value;',
            var_export(Repo::package() . '/tests/bootstrap.php', true),
            '\\' . Stores::class,
            var_export($kind, true),
            var_export($id, true),
        );
        $processes = [];
        for ($i = 0; $i < 8; $i++) {
            $processes[] = proc_open([PHP_BINARY, '-r', $script], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            $outputs[$i] = $pipes;
        }
        $states = [];
        foreach ($processes as $i => $process) {
            $states[] = stream_get_contents($outputs[$i][1]) . stream_get_contents($outputs[$i][2]);
            proc_close($process);
        }
        sort($states);
        self::assertSame(['claimed', ...array_fill(0, 7, 'in_progress')], $states);
    }

    public function testAFailingRedisIsAStoreException(): void
    {
        $store = new RedisIdempotencyStore(new \Redis());  // never connected: "Redis server went away"
        $this->expectException(IdempotencyStoreException::class);
        $this->expectExceptionMessage('Redis SET failed');
        $store->claim(self::freshId());
    }

    public function testAFailingDatabaseIsAStoreException(): void
    {
        $store = new PdoIdempotencyStore(new \PDO('sqlite::memory:'), 'no_such_table');
        $this->expectException(IdempotencyStoreException::class);
        $this->expectExceptionMessage('no_such_table');
        $store->claim(self::freshId());
    }

    /** @return iterable<string, array{string}> */
    public static function unfitCaches(): iterable
    {
        yield 'apc, without locks' => [\Illuminate\Cache\ApcStore::class];
        yield 'null, which remembers nothing' => [\Illuminate\Cache\NullStore::class];
    }

    /** @dataProvider unfitCaches */
    public function testACacheThatCannotHoldClaimsIsRefused(string $storeClass): void
    {
        Frameworks::illuminateCache();
        $store = $storeClass === \Illuminate\Cache\ApcStore::class
            ? new \Illuminate\Cache\ApcStore(new \Illuminate\Cache\ApcWrapper())
            : new $storeClass();
        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage($storeClass);
        new LaravelCacheIdempotencyStore(new Repository($store));
    }

    public function testLeasesMustBePositive(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new InMemoryIdempotencyStore(leaseSeconds: 0);
    }

    /** Lets $seconds pass for the store: the clock of those that take one, else real time. */
    private static function advance(string $kind, object $clock, int $seconds): void
    {
        if ($kind === 'memory' || $kind === 'pdo-sqlite') {
            $clock->now += $seconds;
            return;
        }
        // Real time; the file store counts whole seconds, so a second more.
        usleep(($seconds + ($kind === 'laravel-file' ? 1 : 0)) * 1_000_000);
    }

    private static function freshId(): string
    {
        return 'job-' . bin2hex(random_bytes(8));
    }
}
