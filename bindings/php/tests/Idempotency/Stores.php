<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Tests\Idempotency;

use Illuminate\Cache\ArrayStore;
use Illuminate\Cache\FileStore;
use Illuminate\Cache\Repository;
use Illuminate\Filesystem\Filesystem;
use SharpApi\Webhooks\Idempotency\IdempotencyStore;
use SharpApi\Webhooks\Idempotency\InMemoryIdempotencyStore;
use SharpApi\Webhooks\Idempotency\LaravelCacheIdempotencyStore;
use SharpApi\Webhooks\Idempotency\PdoIdempotencyStore;
use SharpApi\Webhooks\Idempotency\RedisIdempotencyStore;
use SharpApi\Webhooks\Tests\Support\Frameworks;

/** The stores under test, by name, for the tests and the processes they start. */
final class Stores
{
    private const REDIS_ENV = 'SHARPAPI_WEBHOOKS_TEST_REDIS';

    private static ?string $folder = null;

    /** The store of $kind; also called by the processes of the concurrency test. */
    public static function make(string $kind, int $leaseSeconds = 60, ?object $clock = null): IdempotencyStore
    {
        $folder = self::folder();
        switch ($kind) {
            case 'memory':
                return new InMemoryIdempotencyStore($leaseSeconds, now: $clock === null ? null : static fn (): float => $clock->now);
            case 'pdo-sqlite':
                $pdo = new \PDO("sqlite:$folder/claims.sqlite", options: [\PDO::ATTR_TIMEOUT => 10]);
                $store = new PdoIdempotencyStore($pdo, leaseSeconds: $leaseSeconds, now: $clock === null ? null : static fn (): int => (int) $clock->now);
                $store->createTable();
                return $store;
            case 'laravel-file':
                Frameworks::illuminateCache();
                return new LaravelCacheIdempotencyStore(new Repository(new FileStore(new Filesystem(), "$folder/cache")), leaseSeconds: $leaseSeconds);
            case 'laravel-array':
                Frameworks::illuminateCache();
                return new LaravelCacheIdempotencyStore(new Repository(new ArrayStore()), leaseSeconds: $leaseSeconds);
            case 'redis':
                $redis = new \Redis();
                $redis->connect(...self::redisAddress());
                return new RedisIdempotencyStore($redis, leaseSeconds: $leaseSeconds);
            case 'laravel-redis':
                Frameworks::laravel();
                [$host, $port] = self::redisAddress();
                $manager = new \Illuminate\Redis\RedisManager(new \Illuminate\Foundation\Application(), 'phpredis', [
                    'default' => ['host' => $host, 'port' => $port, 'database' => 0],
                ]);
                $cache = new Repository(new \Illuminate\Cache\RedisStore($manager, 'test_prefix', 'default'));
                return new LaravelCacheIdempotencyStore($cache, leaseSeconds: $leaseSeconds);
        }
        throw new \LogicException("no store $kind");
    }

    /** @return array{string, int} */
    public static function redisAddress(): array
    {
        $address = (string) getenv(self::REDIS_ENV);
        // No server is a failure, never a skip: run the tests with scripts/test_php.sh.
        if (!preg_match('/^[^:]+:\d+$/', $address)) {
            throw new \RuntimeException(self::REDIS_ENV . ' is not set to host:port: run scripts/test_php.sh');
        }
        [$host, $port] = explode(':', $address);
        return [$host, (int) $port];
    }

    /** One folder per run of the tests, shared by its processes (SHARPAPI_WEBHOOKS_TEST_FOLDER). */
    private static function folder(): string
    {
        $folder = getenv('SHARPAPI_WEBHOOKS_TEST_FOLDER');
        if ($folder === false || $folder === '') {
            self::$folder ??= sys_get_temp_dir() . '/sharpapi-php-stores-' . bin2hex(random_bytes(6));
            putenv('SHARPAPI_WEBHOOKS_TEST_FOLDER=' . self::$folder);
            $folder = self::$folder;
        }
        is_dir($folder) || mkdir($folder, 0777, true);
        return $folder;
    }

    /** Removes the folder that folder() made, if it made one. */
    public static function removeFolder(): void
    {
        if (self::$folder !== null) {
            exec('rm -rf ' . escapeshellarg(self::$folder));
            putenv('SHARPAPI_WEBHOOKS_TEST_FOLDER');
            self::$folder = null;
        }
    }
}
