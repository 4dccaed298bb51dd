<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Inbox;

use SharpApi\Webhooks\WebhookEvent;

/**
 * The inbox in one SQLite file through PDO: WAL, `synchronous=FULL` (accept() returns once the
 * record is on disk), every write step one `BEGIN IMMEDIATE` transaction, the processes taking
 * turns for it on a lock file beside the database (`<path>.lock`), so that every process of
 * one machine (the workers of PHP-FPM or `php -S`, the queue's workers) may share the file (not
 * over a network file system). The tables are made when missing.
 */
final class SqliteInbox implements Inbox
{
    private const COLUMNS = 'id, type, status, body, received_at, state, attempts, next_attempt_at, lease_until, token, last_error, duplicates';

    public readonly int $maxAttempts;
    private readonly Settings $settings;
    private readonly \Closure $clock;
    private ?\PDO $pdo = null;
    private ?int $pid = null;
    /** @var resource|null */
    private mixed $lock = null;
    private ?int $lockPid = null;

    /** @param (\Closure(): float)|null $clock the time in unix seconds, for tests */
    public function __construct(
        public readonly string $path,
        private readonly string $table = 'sharpapi_inbox',
        float $leaseSeconds = self::DEFAULT_LEASE_SECONDS,
        int $maxAttempts = self::DEFAULT_MAX_ATTEMPTS,
        float $backoffSeconds = self::DEFAULT_BACKOFF_SECONDS,
        float $backoffCapSeconds = self::DEFAULT_BACKOFF_CAP_SECONDS,
        private readonly float $busyTimeoutSeconds = 30.0,
        ?\Closure $clock = null,
    ) {
        if (!preg_match('/^[A-Za-z_][A-Za-z0-9_]*$/', $table)) {
            throw new \InvalidArgumentException("not a table name: $table");
        }
        $this->settings = new Settings($leaseSeconds, $maxAttempts, $backoffSeconds, $backoffCapSeconds);
        $this->maxAttempts = $maxAttempts;
        $this->clock = $clock ?? static fn (): float => microtime(true);
        $t = $this->table;
        $this->write(static function (\PDO $pdo) use ($t): void {
            $pdo->exec("CREATE TABLE IF NOT EXISTS $t (id TEXT PRIMARY KEY, type TEXT NOT NULL, status TEXT NOT NULL,"
                . ' body BLOB NOT NULL, received_at REAL NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,'
                . ' next_attempt_at REAL NOT NULL, lease_until REAL, token TEXT, last_error TEXT,'
                . ' duplicates INTEGER NOT NULL DEFAULT 0)');
            $pdo->exec("CREATE INDEX IF NOT EXISTS {$t}_due ON $t (state, next_attempt_at)");
            $pdo->exec("CREATE INDEX IF NOT EXISTS {$t}_lease ON $t (state, lease_until)");
            $pdo->exec("CREATE TABLE IF NOT EXISTS {$t}_counters (scope TEXT NOT NULL, series TEXT NOT NULL,"
                . ' value REAL NOT NULL, PRIMARY KEY (scope, series))');
        });
    }

    /** From `sqlite:///path/to/file.db` (or a plain path). */
    public static function fromUrl(string $url, mixed ...$options): self
    {
        return new self(str_starts_with($url, 'sqlite://') ? substr($url, strlen('sqlite://')) : $url, ...$options);
    }

    public function __debugInfo(): array
    {
        return ['path' => $this->path, 'table' => $this->table];
    }

    private function pdo(): \PDO
    {
        if ($this->pdo === null || $this->pid !== getmypid()) {
            try {
                $pdo = new \PDO('sqlite:' . $this->path, null, null, [
                    \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
                    \PDO::ATTR_TIMEOUT => (int) ceil($this->busyTimeoutSeconds),
                ]);
                $pdo->exec('PRAGMA journal_mode=WAL');
                $pdo->exec('PRAGMA synchronous=FULL');
                $pdo->exec('PRAGMA busy_timeout=' . (int) ($this->busyTimeoutSeconds * 1000));
            } catch (\PDOException $error) {
                throw new StoreUnavailable("the SQLite inbox {$this->path} failed: {$error->getMessage()}", 0, $error);
            }
            $this->pdo = $pdo;
            $this->pid = getmypid();
        }
        return $this->pdo;
    }

    /**
     * $step(pdo) in one immediate transaction.
     *
     * @template T
     * @param \Closure(\PDO): T $step
     * @return T
     */
    private function write(\Closure $step): mixed
    {
        $pdo = $this->pdo();
        // The processes of a server take turns for a write on a lock file (flock wakes the next
        // at once) rather than in SQLite's busy handler, which sleeps up to 100 ms per retry and
        // made the p99 of an accept under load seconds, long enough to outlast a short lease.
        $lock = $this->lockFile();
        flock($lock, LOCK_EX);
        try {
            $pdo->exec('BEGIN IMMEDIATE');
            try {
                $result = $step($pdo);
            } catch (\Throwable $error) {
                $pdo->exec('ROLLBACK');
                throw $error;
            }
            $pdo->exec('COMMIT');
            return $result;
        } catch (\PDOException $error) {
            throw new StoreUnavailable("the SQLite inbox {$this->path} failed: {$error->getMessage()}", 0, $error);
        } finally {
            flock($lock, LOCK_UN);
        }
    }

    /** @return resource the lock file beside the database, `<path>.lock`, opened once per process */
    private function lockFile(): mixed
    {
        if ($this->lock === null || $this->lockPid !== getmypid()) {
            $lock = @fopen($this->path . '.lock', 'c');
            if ($lock === false) {
                throw new StoreUnavailable("the SQLite inbox {$this->path} failed: cannot open {$this->path}.lock");
            }
            $this->lock = $lock;
            $this->lockPid = getmypid();
        }
        return $this->lock;
    }

    /** @param list<mixed> $args @return list<array<int, mixed>> */
    private function read(string $sql, array $args = []): array
    {
        try {
            $statement = $this->pdo()->prepare($sql);
            $statement->execute($args);
            return $statement->fetchAll(\PDO::FETCH_NUM);
        } catch (\PDOException $error) {
            throw new StoreUnavailable("the SQLite inbox {$this->path} failed: {$error->getMessage()}", 0, $error);
        }
    }

    /** @param list<mixed> $args */
    private static function run(\PDO $pdo, string $sql, array $args): \PDOStatement
    {
        $statement = $pdo->prepare($sql);
        foreach ($args as $index => $value) {
            $statement->bindValue($index + 1, $value, match (true) {
                $value === null => \PDO::PARAM_NULL,
                is_int($value) => \PDO::PARAM_INT,
                default => \PDO::PARAM_STR,
            });
        }
        $statement->execute();
        return $statement;
    }

    /** @param array<int, mixed> $row */
    private static function item(array $row): InboxItem
    {
        return new InboxItem(
            (string) $row[0], (string) $row[1], (string) $row[2], (string) $row[3], (float) $row[4], (string) $row[5],
            (int) $row[6], (float) $row[7], $row[8] === null ? null : (float) $row[8], $row[9], $row[10], (int) $row[11],
        );
    }

    public function accept(WebhookEvent $event, string $rawBody): string
    {
        $now = ($this->clock)();
        $t = $this->table;
        return $this->write(static function (\PDO $pdo) use ($t, $event, $rawBody, $now): string {
            $statement = $pdo->prepare("INSERT OR IGNORE INTO $t (id, type, status, body, received_at, state, next_attempt_at)"
                . " VALUES (?, ?, ?, ?, ?, 'pending', ?)");
            $statement->bindValue(1, $event->id);
            $statement->bindValue(2, $event->type);
            $statement->bindValue(3, $event->status);
            $statement->bindValue(4, $rawBody, \PDO::PARAM_LOB);
            $statement->bindValue(5, (string) $now);
            $statement->bindValue(6, (string) $now);
            $statement->execute();
            if ($statement->rowCount() === 1) {
                return 'accepted';
            }
            self::run($pdo, "UPDATE $t SET duplicates = duplicates + 1 WHERE id = ?", [$event->id]);
            return 'duplicate';
        });
    }

    /** @param list<mixed> $args */
    private function claimWhere(string $where, array $args, ?float $leaseSeconds): ?InboxItem
    {
        $now = ($this->clock)();
        $lease = $this->settings->lease($leaseSeconds);
        $token = Settings::token();
        $t = $this->table;
        $candidates = "SELECT id FROM $t WHERE ((state = 'pending' AND next_attempt_at <= ?)"
            . " OR (state = 'processing' AND lease_until <= ?)) $where";
        // A read first, outside any transaction (WAL lets it run beside a writer): a polling
        // worker that finds nothing due takes no write lock, which the web processes' accepts need.
        if ($this->read($candidates, [$now, $now, ...$args]) === []) {
            return null;
        }
        return $this->write(static function (\PDO $pdo) use ($t, $where, $args, $now, $lease, $token): ?InboxItem {
            $id = self::run($pdo, "SELECT id FROM $t WHERE ((state = 'pending' AND next_attempt_at <= ?)"
                . " OR (state = 'processing' AND lease_until <= ?)) $where", [$now, $now, ...$args])->fetchColumn();
            if ($id === false) {
                return null;
            }
            self::run($pdo, "UPDATE $t SET state = 'processing', attempts = attempts + 1, token = ?, lease_until = ? WHERE id = ?",
                [$token, $now + $lease, $id]);
            return self::item(self::run($pdo, 'SELECT ' . self::COLUMNS . " FROM $t WHERE id = ?", [$id])->fetch(\PDO::FETCH_NUM));
        });
    }

    public function claim(?float $leaseSeconds = null): ?InboxItem
    {
        return $this->claimWhere(
            "ORDER BY CASE state WHEN 'processing' THEN lease_until ELSE next_attempt_at END LIMIT 1",
            [],
            $leaseSeconds,
        );
    }

    public function claimId(string $eventId, ?float $leaseSeconds = null): ?InboxItem
    {
        return $this->claimWhere('AND id = ?', [$eventId], $leaseSeconds);
    }

    public function complete(InboxItem $item): bool
    {
        $t = $this->table;
        $now = ($this->clock)();
        return $this->write(static fn (\PDO $pdo): bool => self::run($pdo,
            "UPDATE $t SET state = 'done', lease_until = NULL, token = NULL, next_attempt_at = ?"
            . " WHERE id = ? AND state = 'processing' AND token = ?",
            [$now, $item->id, (string) $item->token],
        )->rowCount() === 1);
    }

    public function fail(InboxItem $item, \Throwable|string $error): string|false
    {
        $now = ($this->clock)();
        $line = Settings::errorLine($error);
        $t = $this->table;
        $settings = $this->settings;
        return $this->write(static function (\PDO $pdo) use ($t, $item, $line, $now, $settings): string|false {
            $attempts = self::run($pdo, "SELECT attempts FROM $t WHERE id = ? AND state = 'processing' AND token = ?",
                [$item->id, (string) $item->token])->fetchColumn();
            if ($attempts === false) {
                return false;
            }
            $attempts = (int) $attempts;
            if ($attempts >= $settings->maxAttempts) {
                self::run($pdo, "UPDATE $t SET state = 'dead', lease_until = NULL, token = NULL, last_error = ?, next_attempt_at = ? WHERE id = ?",
                    [$line, $now, $item->id]);
                return 'dead';
            }
            self::run($pdo, "UPDATE $t SET state = 'pending', lease_until = NULL, token = NULL, last_error = ?, next_attempt_at = ? WHERE id = ?",
                [$line, $now + $settings->backoff($attempts), $item->id]);
            return 'retry';
        });
    }

    public function get(string $eventId): ?InboxItem
    {
        $rows = $this->read('SELECT ' . self::COLUMNS . " FROM {$this->table} WHERE id = ?", [$eventId]);
        return $rows === [] ? null : self::item($rows[0]);
    }

    public function deadLetters(int $limit = 100): array
    {
        $rows = $this->read('SELECT ' . self::COLUMNS . " FROM {$this->table} WHERE state = 'dead' ORDER BY next_attempt_at LIMIT ?", [$limit]);
        return array_map(self::item(...), $rows);
    }

    public function replay(string $eventId): bool
    {
        $t = $this->table;
        $now = ($this->clock)();
        return $this->write(static fn (\PDO $pdo): bool => self::run($pdo,
            "UPDATE $t SET state = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL"
            . " WHERE id = ? AND state IN ('dead', 'done')",
            [$now, $eventId],
        )->rowCount() === 1);
    }

    public function counts(): array
    {
        $counts = array_fill_keys(self::STATES, 0);
        foreach ($this->read("SELECT state, COUNT(*) FROM {$this->table} GROUP BY state") as [$state, $number]) {
            $counts[$state] = (int) $number;
        }
        return $counts;
    }

    public function due(float $graceSeconds = 0.0, int $limit = 1000): array
    {
        $now = ($this->clock)();
        $rows = $this->read("SELECT id FROM {$this->table} WHERE (state = 'pending' AND next_attempt_at <= ?)"
            . " OR (state = 'processing' AND lease_until <= ?) LIMIT ?", [$now - $graceSeconds, $now, $limit]);
        return array_map(static fn (array $row): string => (string) $row[0], $rows);
    }

    public function addToCounters(string $scope, array $increments): void
    {
        if ($increments === []) {
            return;
        }
        $t = $this->table;
        $this->write(static function (\PDO $pdo) use ($t, $scope, $increments): void {
            foreach ($increments as $series => $amount) {
                self::run($pdo, "INSERT INTO {$t}_counters (scope, series, value) VALUES (?, ?, ?)"
                    . ' ON CONFLICT (scope, series) DO UPDATE SET value = value + excluded.value',
                    [$scope, (string) $series, (string) $amount]);
            }
        });
    }

    public function readCounters(string $scope): array
    {
        $counters = [];
        foreach ($this->read("SELECT series, value FROM {$this->table}_counters WHERE scope = ?", [$scope]) as [$series, $value]) {
            $counters[(string) $series] = (float) $value;
        }
        return $counters;
    }
}
