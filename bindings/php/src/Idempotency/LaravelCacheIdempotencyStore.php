<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

use Illuminate\Contracts\Cache\LockProvider;
use Illuminate\Contracts\Cache\LockTimeoutException;
use Illuminate\Contracts\Cache\Repository;

/**
 * Claims in a Laravel cache store (illuminate/cache, in Laravel or on its own): `redis`,
 * `memcached`, `database` or `dynamodb` for every server of an application, `file` for the
 * processes of one server. Not `array`, which lives as long as one request, like
 * InMemoryIdempotencyStore, nor `apc`, which has no locks, nor `null`.
 *
 * The id's key holds `claim:<token>` for the lease, put with the store's atomic add() (Cache::add),
 * then `done` for the done TTL. complete() and release() read and change the key under the
 * store's lock on that id (Cache::lock), so that they touch only the caller's own claim: the store
 * must provide locks (every one above does).
 */
final class LaravelCacheIdempotencyStore implements IdempotencyStore
{
    private const DONE = 'done';

    private const CLAIM_PREFIX = 'claim:';

    /** How long the lock of one complete() or release() may be held at most. */
    private const LOCK_SECONDS = 10;

    /**
     * @param Repository $cache `Cache::store('redis')`, say; its store must provide locks
     * @param string $keyPrefix namespaces the keys (after the cache's own prefix)
     * @param int $lockWaitSeconds how long complete() and release() wait for the id's lock
     *
     * @throws \InvalidArgumentException when the cache store provides no locks
     */
    public function __construct(
        private readonly Repository $cache,
        private readonly string $keyPrefix = 'sharpapi-webhooks:event:',
        private readonly int $leaseSeconds = self::DEFAULT_LEASE_SECONDS,
        private readonly int $doneTtlSeconds = self::DEFAULT_DONE_TTL_SECONDS,
        private readonly int $lockWaitSeconds = 5,
    ) {
        Arguments::seconds($leaseSeconds, 'leaseSeconds');
        Arguments::seconds($doneTtlSeconds, 'doneTtlSeconds');
        Arguments::seconds($lockWaitSeconds, 'lockWaitSeconds');
        $store = $cache->getStore();
        // The null store has locks, but remembers nothing: every claim would stay in progress.
        if (!$store instanceof LockProvider || $store instanceof \Illuminate\Cache\NullStore) {
            throw new \InvalidArgumentException(sprintf(
                'LaravelCacheIdempotencyStore needs a cache store with locks (redis, memcached, database, dynamodb, file), not %s',
                get_class($store),
            ));
        }
    }

    public function claim(string $eventId): Claim
    {
        $key = $this->keyPrefix . Arguments::eventId($eventId);
        $token = Claim::newToken();
        // A few times at most: the key can expire between a refused add() and the get() that says
        // why, and the file store's add() refuses while another process has the file locked.
        for ($attempt = 0; $attempt < 5; $attempt++) {
            $held = $this->call('claim', function () use ($key, $token) {
                if ($this->cache->add($key, self::CLAIM_PREFIX . $token, $this->leaseSeconds)) {
                    return true;
                }
                return $this->cache->get($key);
            });
            if ($held === true) {
                return Claim::claimed($token);
            }
            if ($held === self::DONE) {
                return Claim::done();
            }
            if ($held !== null) {
                return Claim::inProgress();
            }
            usleep(2000 << $attempt);
        }
        return Claim::inProgress();
    }

    public function complete(string $eventId, string $token): bool
    {
        $key = $this->keyPrefix . Arguments::eventId($eventId);
        return $this->underLock($eventId, function () use ($key, $token): bool {
            if ($this->cache->get($key) !== self::CLAIM_PREFIX . $token) {
                return false;
            }
            return $this->cache->put($key, self::DONE, $this->doneTtlSeconds);
        });
    }

    public function release(string $eventId, string $token): bool
    {
        $key = $this->keyPrefix . Arguments::eventId($eventId);
        return $this->underLock($eventId, function () use ($key, $token): bool {
            if ($this->cache->get($key) !== self::CLAIM_PREFIX . $token) {
                return false;
            }
            return $this->cache->forget($key);
        });
    }

    /** Runs $change holding the store's lock on $eventId. */
    private function underLock(string $eventId, \Closure $change): bool
    {
        return $this->call('lock', function () use ($eventId, $change): bool {
            $store = $this->cache->getStore();
            \assert($store instanceof LockProvider);
            $lock = $store->lock($this->keyPrefix . 'lock:' . $eventId, self::LOCK_SECONDS);
            if (method_exists($lock, 'betweenBlockedAttemptsSleepFor')) {
                $lock->betweenBlockedAttemptsSleepFor(10);
            }
            try {
                return (bool) $lock->block($this->lockWaitSeconds, $change);
            } catch (LockTimeoutException $error) {
                throw new IdempotencyStoreException(
                    "the cache lock on event $eventId was not free within {$this->lockWaitSeconds} s",
                    0,
                    $error,
                );
            }
        });
    }

    /** Runs one step against the cache; a failure of the store becomes an IdempotencyStoreException. */
    private function call(string $step, \Closure $call): mixed
    {
        try {
            return $call();
        } catch (IdempotencyStoreException $error) {
            throw $error;
        } catch (\Exception $error) {
            throw new IdempotencyStoreException(
                "the cache store failed to $step: " . get_class($error) . ': ' . $error->getMessage(),
                0,
                $error,
            );
        }
    }
}
