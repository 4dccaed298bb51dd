<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

use SharpApi\Webhooks\WebhookEvent;

/**
 * The inbox in Redis through phpredis (ext-redis): a hash per record (<prefix>r:<id>) and one
 * sorted set per state (pending by next_attempt_at, processing by lease_until, done and dead by
 * when they got there). Every step is one Lua script, atomic in Redis and on Redis's clock (TIME),
 * so that instances with differing clocks agree on leases. accept() returns once Redis
 * acknowledged the write; what survives a crash of Redis itself is its persistence configuration's
 * (AOF with `appendfsync always` loses nothing). The same keys as the Python and Node inboxes.
 */
final class RedisInbox implements Inbox
{
    public const DEFAULT_PREFIX = 'sharpapi-webhooks:inbox:';

    private const NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n";
    private const ACCEPT = self::NOW . <<<'LUA'
local rec = KEYS[1] .. 'r:' .. ARGV[1]
if redis.call('EXISTS', rec) == 1 then
  redis.call('HINCRBY', rec, 'duplicates', 1)
  return 0
end
redis.call('HSET', rec, 'id', ARGV[1], 'type', ARGV[2], 'status', ARGV[3], 'body', ARGV[4],
  'received_at', tostring(now), 'state', 'pending', 'attempts', 0, 'next_attempt_at', tostring(now),
  'duplicates', 0)
redis.call('ZADD', KEYS[1] .. 'pending', now, ARGV[1])
return 1
LUA;
    // ARGV: lease seconds, token, id ('' for the oldest due one)
    private const CLAIM = self::NOW . <<<'LUA'
local p = KEYS[1]
local id = ARGV[3]
if id == '' then
  local expired = redis.call('ZRANGEBYSCORE', p .. 'processing', '-inf', now, 'LIMIT', 0, 1)
  if #expired > 0 then id = expired[1] else
    local due = redis.call('ZRANGEBYSCORE', p .. 'pending', '-inf', now, 'LIMIT', 0, 1)
    if #due == 0 then return false end
    id = due[1]
  end
end
local rec = p .. 'r:' .. id
local state = redis.call('HGET', rec, 'state')
if state == 'pending' then
  if tonumber(redis.call('HGET', rec, 'next_attempt_at')) > now then return false end
  redis.call('ZREM', p .. 'pending', id)
elseif state == 'processing' then
  if tonumber(redis.call('HGET', rec, 'lease_until')) > now then return false end
else
  return false
end
local lease_until = now + tonumber(ARGV[1])
redis.call('HSET', rec, 'state', 'processing', 'token', ARGV[2], 'lease_until', tostring(lease_until))
redis.call('HINCRBY', rec, 'attempts', 1)
redis.call('ZADD', p .. 'processing', lease_until, id)
return id
LUA;
    private const COMPLETE = self::NOW . <<<'LUA'
local rec = KEYS[1] .. 'r:' .. ARGV[1]
if redis.call('HGET', rec, 'state') ~= 'processing' or redis.call('HGET', rec, 'token') ~= ARGV[2] then return 0 end
redis.call('HSET', rec, 'state', 'done', 'next_attempt_at', tostring(now))
redis.call('HDEL', rec, 'token', 'lease_until')
redis.call('ZREM', KEYS[1] .. 'processing', ARGV[1])
redis.call('ZADD', KEYS[1] .. 'done', now, ARGV[1])
return 1
LUA;
    // ARGV: id, token, error line, max attempts, backoff base, backoff cap
    private const FAIL = self::NOW . <<<'LUA'
local p = KEYS[1]
local rec = p .. 'r:' .. ARGV[1]
if redis.call('HGET', rec, 'state') ~= 'processing' or redis.call('HGET', rec, 'token') ~= ARGV[2] then return false end
local attempts = tonumber(redis.call('HGET', rec, 'attempts'))
redis.call('HDEL', rec, 'token', 'lease_until')
redis.call('ZREM', p .. 'processing', ARGV[1])
if attempts >= tonumber(ARGV[4]) then
  redis.call('HSET', rec, 'state', 'dead', 'last_error', ARGV[3], 'next_attempt_at', tostring(now))
  redis.call('ZADD', p .. 'dead', now, ARGV[1])
  return 'dead'
end
local wait = math.min(tonumber(ARGV[6]), tonumber(ARGV[5]) * 2 ^ math.min(attempts - 1, 60))
redis.call('HSET', rec, 'state', 'pending', 'last_error', ARGV[3], 'next_attempt_at', tostring(now + wait))
redis.call('ZADD', p .. 'pending', now + wait, ARGV[1])
return 'retry'
LUA;
    private const REPLAY = self::NOW . <<<'LUA'
local p = KEYS[1]
local rec = p .. 'r:' .. ARGV[1]
local state = redis.call('HGET', rec, 'state')
if state ~= 'dead' and state ~= 'done' then return 0 end
redis.call('ZREM', p .. state, ARGV[1])
redis.call('HSET', rec, 'state', 'pending', 'attempts', 0, 'next_attempt_at', tostring(now))
redis.call('HDEL', rec, 'last_error')
redis.call('ZADD', p .. 'pending', now, ARGV[1])
return 1
LUA;
    private const DUE = self::NOW . <<<'LUA'
local ids = redis.call('ZRANGEBYSCORE', KEYS[1] .. 'pending', '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[2]))
local expired = redis.call('ZRANGEBYSCORE', KEYS[1] .. 'processing', '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(expired) do table.insert(ids, id) end
return ids
LUA;
    private const FIELDS = ['id', 'type', 'status', 'body', 'received_at', 'state', 'attempts', 'next_attempt_at', 'lease_until', 'token', 'last_error', 'duplicates'];

    public readonly int $maxAttempts;
    private readonly Settings $settings;

    public function __construct(
        private readonly \Redis $redis,
        private readonly string $prefix = self::DEFAULT_PREFIX,
        float $leaseSeconds = self::DEFAULT_LEASE_SECONDS,
        int $maxAttempts = self::DEFAULT_MAX_ATTEMPTS,
        float $backoffSeconds = self::DEFAULT_BACKOFF_SECONDS,
        float $backoffCapSeconds = self::DEFAULT_BACKOFF_CAP_SECONDS,
    ) {
        $this->settings = new Settings($leaseSeconds, $maxAttempts, $backoffSeconds, $backoffCapSeconds);
        $this->maxAttempts = $maxAttempts;
    }

    /** From `redis://HOST:PORT/DB`; $options go to the inbox. */
    public static function fromUrl(string $url, mixed ...$options): self
    {
        $parts = parse_url($url);
        if (!is_array($parts) || ($parts['scheme'] ?? '') !== 'redis') {
            throw new \InvalidArgumentException('not a redis://HOST:PORT/DB URL');
        }
        $redis = new \Redis();
        try {
            $redis->connect($parts['host'] ?? '127.0.0.1', $parts['port'] ?? 6379, 5.0);
            $redis->select((int) ltrim($parts['path'] ?? '/0', '/'));
        } catch (\RedisException $error) {
            throw new StoreUnavailable("the Redis inbox failed: {$error->getMessage()}", 0, $error);
        }
        return new self($redis, ...$options);
    }

    public function __debugInfo(): array
    {
        return ['prefix' => $this->prefix];
    }

    /** @param list<string|int|float> $args */
    private function script(string $lua, array $args): mixed
    {
        try {
            $sha = sha1($lua);
            $result = $this->redis->evalSha($sha, [$this->prefix, ...array_map('strval', $args)], 1);
            if ($result === false && str_starts_with((string) $this->redis->getLastError(), 'NOSCRIPT')) {
                $this->redis->clearLastError();
                $result = $this->redis->eval($lua, [$this->prefix, ...array_map('strval', $args)], 1);
            }
            $error = $this->redis->getLastError();
            if ($error !== null) {
                $this->redis->clearLastError();
                throw new StoreUnavailable("the Redis inbox failed: $error");
            }
            return $result;
        } catch (\RedisException $error) {
            throw new StoreUnavailable("the Redis inbox failed: {$error->getMessage()}", 0, $error);
        }
    }

    private static function seconds(float $value): string
    {
        return sprintf('%.6F', $value);
    }

    public function accept(WebhookEvent $event, string $rawBody): string
    {
        return $this->script(self::ACCEPT, [$event->id, $event->type, $event->status, $rawBody]) ? 'accepted' : 'duplicate';
    }

    private function claimed(string $eventId, ?float $leaseSeconds): ?InboxItem
    {
        $token = Settings::token();
        $id = $this->script(self::CLAIM, [self::seconds($this->settings->lease($leaseSeconds)), $token, $eventId]);
        if (!is_string($id)) {
            return null;
        }
        $item = $this->get($id);
        return $item !== null && $item->token === $token ? $item : null;
    }

    public function claim(?float $leaseSeconds = null): ?InboxItem
    {
        return $this->claimed('', $leaseSeconds);
    }

    public function claimId(string $eventId, ?float $leaseSeconds = null): ?InboxItem
    {
        return $eventId === '' ? null : $this->claimed($eventId, $leaseSeconds);
    }

    public function complete(InboxItem $item): bool
    {
        return (bool) $this->script(self::COMPLETE, [$item->id, (string) $item->token]);
    }

    public function fail(InboxItem $item, \Throwable|string $error): string|false
    {
        $s = $this->settings;
        $verdict = $this->script(self::FAIL, [$item->id, (string) $item->token, Settings::errorLine($error), $s->maxAttempts,
            self::seconds($s->backoffSeconds), self::seconds($s->backoffCapSeconds)]);
        return $verdict === 'dead' || $verdict === 'retry' ? $verdict : false;
    }

    public function get(string $eventId): ?InboxItem
    {
        try {
            $values = $this->redis->hMGet($this->prefix . 'r:' . $eventId, self::FIELDS);
        } catch (\RedisException $error) {
            throw new StoreUnavailable("the Redis inbox failed: {$error->getMessage()}", 0, $error);
        }
        if (!is_array($values) || !is_string($values['id'] ?? false)) {
            return null;
        }
        $text = static fn (string $field): ?string => is_string($values[$field]) ? $values[$field] : null;
        return new InboxItem(
            $values['id'], (string) $text('type'), (string) $text('status'), (string) $text('body'),
            (float) $text('received_at'), (string) $text('state'), (int) $text('attempts'), (float) $text('next_attempt_at'),
            $text('lease_until') === null ? null : (float) $text('lease_until'), $text('token'), $text('last_error'),
            (int) $text('duplicates'),
        );
    }

    public function deadLetters(int $limit = 100): array
    {
        try {
            $ids = $this->redis->zRange($this->prefix . 'dead', 0, $limit - 1);
        } catch (\RedisException $error) {
            throw new StoreUnavailable("the Redis inbox failed: {$error->getMessage()}", 0, $error);
        }
        return array_values(array_filter(array_map($this->get(...), (array) $ids)));
    }

    public function replay(string $eventId): bool
    {
        return (bool) $this->script(self::REPLAY, [$eventId]);
    }

    public function counts(): array
    {
        try {
            $counts = [];
            foreach (self::STATES as $state) {
                $counts[$state] = (int) $this->redis->zCard($this->prefix . $state);
            }
            return $counts;
        } catch (\RedisException $error) {
            throw new StoreUnavailable("the Redis inbox failed: {$error->getMessage()}", 0, $error);
        }
    }

    public function due(float $graceSeconds = 0.0, int $limit = 1000): array
    {
        return array_values(array_map('strval', (array) $this->script(self::DUE, [self::seconds($graceSeconds), $limit])));
    }

    public function addToCounters(string $scope, array $increments): void
    {
        if ($increments === []) {
            return;
        }
        try {
            $key = $this->prefix . 'counters:' . $scope;
            $pipe = $this->redis->multi(\Redis::PIPELINE);
            foreach ($increments as $series => $amount) {
                $pipe->hIncrByFloat($key, (string) $series, (float) $amount);
            }
            $pipe->exec();
        } catch (\RedisException $error) {
            throw new StoreUnavailable("the Redis inbox failed: {$error->getMessage()}", 0, $error);
        }
    }

    public function readCounters(string $scope): array
    {
        try {
            $values = $this->redis->hGetAll($this->prefix . 'counters:' . $scope);
        } catch (\RedisException $error) {
            throw new StoreUnavailable("the Redis inbox failed: {$error->getMessage()}", 0, $error);
        }
        return array_map('floatval', (array) $values);
    }
}
