<?php

declare(strict_types=1);

namespace SharpApi\Webhooks\Idempotency;

/**
 * Claims in a database table through PDO: SQLite (one file, shared by the processes of one
 * server), MySQL or PostgreSQL (shared by every server). Each step is one statement, atomic in
 * the database: a claim inserts the id's row (the primary key refuses a second one), complete()
 * and release() change the row only where it still holds the caller's token and has not expired.
 * createTable() makes the table; give PDO a busy timeout for SQLite (PDO::ATTR_TIMEOUT).
 */
final class PdoIdempotencyStore implements IdempotencyStore
{
    private readonly \Closure $now;

    /**
     * @param string $table the table's name, used as written in the SQL (not user input)
     * @param (\Closure(): int)|null $now the clock, in whole seconds (time()), for tests
     */
    public function __construct(
        private readonly \PDO $pdo,
        private readonly string $table = 'sharpapi_webhook_events',
        private readonly int $leaseSeconds = self::DEFAULT_LEASE_SECONDS,
        private readonly int $doneTtlSeconds = self::DEFAULT_DONE_TTL_SECONDS,
        ?\Closure $now = null,
    ) {
        Arguments::seconds($leaseSeconds, 'leaseSeconds');
        Arguments::seconds($doneTtlSeconds, 'doneTtlSeconds');
        if (!preg_match('/^[A-Za-z_][A-Za-z0-9_]*$/', $table)) {
            throw new \InvalidArgumentException("not a table name: $table");
        }
        $this->now = $now ?? static fn (): int => time();
    }

    /** Creates the table unless it exists: one row per event id, its token (null once done), its expiry. */
    public function createTable(): void
    {
        $this->execute(
            "CREATE TABLE IF NOT EXISTS {$this->table} ("
            . 'event_id VARCHAR(255) NOT NULL PRIMARY KEY, token CHAR(32) NULL, expires_at BIGINT NOT NULL)',
            [],
        );
    }

    public function claim(string $eventId): Claim
    {
        Arguments::eventId($eventId);
        $now = ($this->now)();
        // Twice at most: a row that expires between a refused insert and the read that says why.
        for ($attempt = 0; $attempt < 2; $attempt++) {
            $this->execute("DELETE FROM {$this->table} WHERE event_id = ? AND expires_at <= ?", [$eventId, $now]);
            $token = Claim::newToken();
            $inserted = $this->execute(
                "INSERT INTO {$this->table} (event_id, token, expires_at) VALUES (?, ?, ?)",
                [$eventId, $token, $now + $this->leaseSeconds],
                true,
            );
            if ($inserted !== null) {
                return Claim::claimed($token);
            }
            $row = $this->execute(
                "SELECT token FROM {$this->table} WHERE event_id = ? AND expires_at > ?",
                [$eventId, $now],
            )->fetch(\PDO::FETCH_ASSOC);
            if ($row !== false) {
                return $row['token'] === null ? Claim::done() : Claim::inProgress();
            }
        }
        return Claim::inProgress();
    }

    public function complete(string $eventId, string $token): bool
    {
        $now = ($this->now)();
        return $this->execute(
            "UPDATE {$this->table} SET token = NULL, expires_at = ? WHERE event_id = ? AND token = ? AND expires_at > ?",
            [$now + $this->doneTtlSeconds, Arguments::eventId($eventId), $token, $now],
        )->rowCount() === 1;
    }

    public function release(string $eventId, string $token): bool
    {
        return $this->execute(
            "DELETE FROM {$this->table} WHERE event_id = ? AND token = ? AND expires_at > ?",
            [Arguments::eventId($eventId), $token, ($this->now)()],
        )->rowCount() === 1;
    }

    /**
     * Deletes the rows that expired (handled ids past the done TTL, abandoned claims): run it now
     * and then (a scheduled job); expired rows are otherwise only replaced when their id returns.
     *
     * @return int how many rows it deleted
     */
    public function prune(): int
    {
        return $this->execute("DELETE FROM {$this->table} WHERE expires_at <= ?", [($this->now)()])->rowCount();
    }

    /**
     * Runs one statement, in either of PDO's error modes.
     *
     * @param list<string|int> $parameters
     * @param bool $mayConflict whether a refusal by a unique key (SQLSTATE 23xxx) gives null
     *     rather than an exception
     * @return ($mayConflict is true ? ?\PDOStatement : \PDOStatement)
     */
    private function execute(string $sql, array $parameters, bool $mayConflict = false): ?\PDOStatement
    {
        $error = null;
        try {
            $statement = $this->pdo->prepare($sql);
            if ($statement !== false && $statement->execute($parameters)) {
                return $statement;
            }
            $state = (string) ($statement === false ? $this->pdo->errorCode() : $statement->errorCode());
            $message = implode(' ', ($statement === false ? $this->pdo : $statement)->errorInfo());
        } catch (\PDOException $error) {
            $state = (string) $error->getCode();
            $message = $error->getMessage();
        }
        if ($mayConflict && str_starts_with($state, '23')) {
            return null;
        }
        throw new IdempotencyStoreException("the database failed: $message", 0, $error);
    }
}
