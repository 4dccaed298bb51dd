<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

/**
 * Claims in Redis through the phpredis extension's \Redis, shared by every process and server
 * that uses the same Redis. The id's key holds `claim:<token>` for the lease (SET NX PX), then
 * `done` for the done TTL; complete() and release() are compare-and-set scripts on the token, so
 * they touch only the caller's own claim. In Laravel, LaravelCacheIdempotencyStore over the
 * `redis` cache store does the same through Laravel's configuration.
 */
final class RedisIdempotencyStore implements IdempotencyStore
{
    private const DONE = 'done';

    private const CLAIM_PREFIX = 'claim:';

    private const COMPLETE_SCRIPT = <<<'LUA'
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        LUA;

    private const RELEASE_SCRIPT = <<<'LUA'
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        LUA;

    /**
     * @param \Redis $redis a connected client (`$redis->connect($host, $port)`) without a
     *     serializer (the scripts compare the stored text); its OPT_PREFIX, if any, comes first
     * @param string $keyPrefix namespaces the keys: `sharpapi-webhooks:event:<id>`
     */
    public function __construct(
        private readonly \Redis $redis,
        private readonly string $keyPrefix = 'sharpapi-webhooks:event:',
        private readonly int $leaseSeconds = self::DEFAULT_LEASE_SECONDS,
        private readonly int $doneTtlSeconds = self::DEFAULT_DONE_TTL_SECONDS,
    ) {
        Arguments::seconds($leaseSeconds, 'leaseSeconds');
        Arguments::seconds($doneTtlSeconds, 'doneTtlSeconds');
    }

    public function claim(string $eventId): Claim
    {
        $key = $this->keyPrefix . Arguments::eventId($eventId);
        $token = Claim::newToken();
        // Twice at most: the key can expire between a refused SET and the GET that says why.
        for ($attempt = 0; $attempt < 2; $attempt++) {
            $set = $this->call('SET', fn () => $this->redis->set(
                $key,
                self::CLAIM_PREFIX . $token,
                ['nx', 'px' => $this->leaseSeconds * 1000],
            ));
            if ($set === true) {
                return Claim::claimed($token);
            }
            $held = $this->call('GET', fn () => $this->redis->get($key));
            if ($held === self::DONE) {
                return Claim::done();
            }
            if ($held !== false) {
                return Claim::inProgress();
            }
        }
        return Claim::inProgress();
    }

    public function complete(string $eventId, string $token): bool
    {
        $key = $this->keyPrefix . Arguments::eventId($eventId);
        $arguments = [$key, self::CLAIM_PREFIX . $token, self::DONE, (string) ($this->doneTtlSeconds * 1000)];
        return $this->call('EVAL', fn () => $this->redis->eval(self::COMPLETE_SCRIPT, $arguments, 1)) === 1;
    }

    public function release(string $eventId, string $token): bool
    {
        $key = $this->keyPrefix . Arguments::eventId($eventId);
        $arguments = [$key, self::CLAIM_PREFIX . $token];
        return $this->call('EVAL', fn () => $this->redis->eval(self::RELEASE_SCRIPT, $arguments, 1)) === 1;
    }

    /** Runs one command; a connection or script error becomes an IdempotencyStoreException. */
    private function call(string $command, \Closure $call): mixed
    {
        if ($command === 'EVAL') {
            $this->redis->clearLastError();
        }
        try {
            $result = $call();
        } catch (\RedisException $error) {
            throw new IdempotencyStoreException("Redis $command failed: {$error->getMessage()}", 0, $error);
        }
        $scriptError = $command === 'EVAL' ? $this->redis->getLastError() : null;
        if ($scriptError !== null) {
            $this->redis->clearLastError();
            throw new IdempotencyStoreException("Redis $command failed: $scriptError");
        }
        return $result;
    }
}
