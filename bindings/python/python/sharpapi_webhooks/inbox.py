"""A durable inbox for verified deliveries: acknowledge SharpAPI at once, handle the event later,
in a worker, exactly once it succeeded.

The web side calls ``accept(event, raw_body)``: the verified body and its metadata are stored
under the job id, durably, before the integration answers 202 (a job id seen before only counts
one more duplicate, whatever its state). A worker then ``claim``\\ s a record (or ``claim_id``\\ s
the one its queue job names), runs the handler on the stored event, and ``complete``\\ s it, or
``fail``\\ s it: back to pending after a backoff, or ``dead`` after ``max_attempts``, where a
person can read it (``dead_letters``, ``get``) and ``replay`` it. A claim is a lease with a random
token: a worker that died mid-handler loses the record when the lease runs out (a later claim
takes it over), and ``complete``/``fail`` change the record only while it holds their token.

Backends: :class:`SqliteInbox` (the standard library's sqlite3, WAL with ``synchronous=FULL``,
one file any number of processes of one machine share) and :class:`RedisInbox` (redis-py, the
``redis`` extra; every step one Lua script, so several servers can share it). The spec is
``bindings/INBOX.md`` of the repository; the queue that wakes workers is
:mod:`sharpapi_webhooks.huey`.
"""

from __future__ import annotations

import math
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Protocol, Union, cast

from ._errors import StoreUnavailable
from ._event import WebhookEvent
from ._verifier import parse_event_unverified

if TYPE_CHECKING:
    import redis

__all__ = [
    "DEFAULT_BACKOFF_CAP_SECONDS",
    "DEFAULT_BACKOFF_SECONDS",
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_MAX_ATTEMPTS",
    "STATES",
    "Inbox",
    "InboxItem",
    "RedisInbox",
    "SqliteInbox",
    "StoreUnavailable",
    "open_inbox",
]

DEFAULT_LEASE_SECONDS = 60.0
"""How long a claim holds a record while its handler runs."""
DEFAULT_MAX_ATTEMPTS = 5
"""After this many failed attempts, a record is dead."""
DEFAULT_BACKOFF_SECONDS = 1.0
"""The wait after the first failure; it doubles after each one, up to the cap."""
DEFAULT_BACKOFF_CAP_SECONDS = 300.0
STATES = ("pending", "processing", "done", "dead")
_ERROR_CHARS = 500

Accepted = Literal["accepted", "duplicate"]
Failed = Literal["retry", "dead"]


@dataclass(frozen=True)
class InboxItem:
    """One record, as read (``get``) or claimed (``claim``: then ``token`` is the claim's)."""

    id: str
    type: str
    status: str
    body: bytes
    received_at: float
    state: str
    attempts: int
    next_attempt_at: float
    lease_until: Optional[float]
    token: Optional[str]
    last_error: Optional[str]
    duplicates: int

    def event(self) -> WebhookEvent:
        """The stored event, parsed by the core (it was verified when accepted)."""
        return parse_event_unverified(self.body)


class Inbox(Protocol):
    """What both backends do (bindings/INBOX.md of the repository)."""

    max_attempts: int

    def accept(self, event: WebhookEvent, raw_body: bytes) -> Accepted: ...

    def claim(self, lease_seconds: Optional[float] = None) -> Optional[InboxItem]: ...

    def claim_id(self, event_id: str, lease_seconds: Optional[float] = None) -> Optional[InboxItem]: ...

    def complete(self, item: InboxItem) -> bool: ...

    def fail(self, item: InboxItem, error: Union[BaseException, str]) -> Union[Failed, Literal[False]]: ...

    def get(self, event_id: str) -> Optional[InboxItem]: ...

    def dead_letters(self, limit: int = 100) -> List[InboxItem]: ...

    def replay(self, event_id: str) -> bool: ...

    def counts(self) -> Dict[str, int]: ...

    def due(self, grace_seconds: float = 0.0, limit: int = 1000) -> List[str]: ...

    def close(self) -> None: ...


def _error_line(error: Union[BaseException, str]) -> str:
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return " ".join(text.split())[:_ERROR_CHARS]


def _positive(value: float, what: str) -> float:
    if not value > 0 or math.isinf(value):
        raise ValueError(f"{what} must be a positive number of seconds, not {value!r}")
    return float(value)


class _Settings:
    def __init__(self, lease_seconds: float, max_attempts: int, backoff_seconds: float, backoff_cap_seconds: float) -> None:
        self.lease_seconds = _positive(lease_seconds, "lease_seconds")
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be 1 or more, not {max_attempts}")
        self.max_attempts = max_attempts
        self.backoff_seconds = _positive(backoff_seconds, "backoff_seconds")
        self.backoff_cap_seconds = _positive(backoff_cap_seconds, "backoff_cap_seconds")

    def backoff(self, attempts: int) -> float:
        wait: float = self.backoff_seconds * 2.0 ** max(0, min(attempts - 1, 60))
        return min(self.backoff_cap_seconds, wait)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS {table} (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    body BLOB NOT NULL,
    received_at REAL NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    lease_until REAL,
    token TEXT,
    last_error TEXT,
    duplicates INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS {table}_due ON {table} (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS {table}_lease ON {table} (state, lease_until);
"""
_COLUMNS = "id, type, status, body, received_at, state, attempts, next_attempt_at, lease_until, token, last_error, duplicates"


def _item(row: Any) -> InboxItem:
    return InboxItem(
        id=row[0], type=row[1], status=row[2], body=bytes(row[3]), received_at=row[4], state=row[5],
        attempts=row[6], next_attempt_at=row[7], lease_until=row[8], token=row[9], last_error=row[10],
        duplicates=row[11],
    )


class SqliteInbox:
    """The inbox in one SQLite file (the standard library's sqlite3): WAL, ``synchronous=FULL``
    (``accept`` returns once the record is on disk), every write step one ``BEGIN IMMEDIATE``
    transaction, so any number of threads and processes of one machine may share the file (not
    over a network file system). Each thread (and each process after a fork) has its own
    connection."""

    def __init__(
        self,
        path: str,
        *,
        table: str = "sharpapi_inbox",
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        backoff_seconds: float = DEFAULT_BACKOFF_SECONDS,
        backoff_cap_seconds: float = DEFAULT_BACKOFF_CAP_SECONDS,
        busy_timeout_seconds: float = 30.0,
        clock: Any = time.time,
    ) -> None:
        if not table.replace("_", "").isalnum():
            raise ValueError(f"table must be a plain SQL name, not {table!r}")
        self.path = path
        self._table = table
        self._settings = _Settings(lease_seconds, max_attempts, backoff_seconds, backoff_cap_seconds)
        self.max_attempts = max_attempts
        self._busy_ms = int(busy_timeout_seconds * 1000)
        self._clock = clock
        self._local = threading.local()
        self._connections: List[sqlite3.Connection] = []
        # The threads of one process take turns for a write here, on a lock that wakes the next
        # at once, rather than in SQLite's busy handler, which sleeps up to 100 ms per retry.
        self._write_lock = threading.Lock()
        self._connections_lock = threading.Lock()
        connection = self._connection()
        with connection:
            connection.executescript(_SCHEMA.format(table=table))

    def __repr__(self) -> str:
        return f"SqliteInbox({self.path!r})"

    def _connection(self) -> sqlite3.Connection:
        connection: Optional[sqlite3.Connection] = getattr(self._local, "connection", None)
        if connection is None or getattr(self._local, "pid", None) != os.getpid():
            connection = sqlite3.connect(self.path, timeout=self._busy_ms / 1000, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute(f"PRAGMA busy_timeout={self._busy_ms}")
            self._local.connection = connection
            self._local.pid = os.getpid()
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    def close(self) -> None:
        """Closes the connections of every thread (a thread that goes on opens a new one)."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._local = threading.local()

    def _write(self, step: Any) -> Any:
        """``step(connection)`` in one immediate transaction; a store failure is :class:`StoreUnavailable`."""
        try:
            connection = self._connection()
            with self._write_lock:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    result = step(connection)
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
            return result
        except sqlite3.Error as error:
            raise StoreUnavailable(f"the SQLite inbox {self.path} failed: {error}") from error

    def _read(self, sql: str, args: Any = ()) -> List[Any]:
        try:
            return self._connection().execute(sql, args).fetchall()
        except sqlite3.Error as error:
            raise StoreUnavailable(f"the SQLite inbox {self.path} failed: {error}") from error

    def accept(self, event: WebhookEvent, raw_body: bytes) -> Accepted:
        now = self._clock()
        t = self._table

        def step(connection: sqlite3.Connection) -> Accepted:
            inserted = connection.execute(
                f"INSERT OR IGNORE INTO {t} (id, type, status, body, received_at, state, next_attempt_at)"
                " VALUES (?, ?, ?, ?, ?, 'pending', ?)",
                (event.id, event.type.value, event.status.value, bytes(raw_body), now, now),
            ).rowcount
            if inserted:
                return "accepted"
            connection.execute(f"UPDATE {t} SET duplicates = duplicates + 1 WHERE id = ?", (event.id,))
            return "duplicate"

        result: Accepted = self._write(step)
        return result

    def _claim_where(self, where: str, args: Any, lease_seconds: Optional[float]) -> Optional[InboxItem]:
        now = self._clock()
        lease = _positive(lease_seconds, "lease_seconds") if lease_seconds is not None else self._settings.lease_seconds
        token = secrets.token_hex(16)
        t = self._table

        def step(connection: sqlite3.Connection) -> Optional[InboxItem]:
            row = connection.execute(
                f"SELECT id FROM {t} WHERE ((state = 'pending' AND next_attempt_at <= ?)"
                f" OR (state = 'processing' AND lease_until <= ?)) {where}",
                (now, now, *args),
            ).fetchone()
            if row is None:
                return None
            connection.execute(
                f"UPDATE {t} SET state = 'processing', attempts = attempts + 1, token = ?, lease_until = ? WHERE id = ?",
                (token, now + lease, row[0]),
            )
            return _item(connection.execute(f"SELECT {_COLUMNS} FROM {t} WHERE id = ?", (row[0],)).fetchone())

        result: Optional[InboxItem] = self._write(step)
        return result

    def claim(self, lease_seconds: Optional[float] = None) -> Optional[InboxItem]:
        return self._claim_where("ORDER BY CASE state WHEN 'processing' THEN lease_until ELSE next_attempt_at END LIMIT 1", (), lease_seconds)

    def claim_id(self, event_id: str, lease_seconds: Optional[float] = None) -> Optional[InboxItem]:
        return self._claim_where("AND id = ?", (event_id,), lease_seconds)

    def complete(self, item: InboxItem) -> bool:
        t = self._table
        return bool(
            self._write(
                lambda connection: connection.execute(
                    f"UPDATE {t} SET state = 'done', lease_until = NULL, token = NULL, next_attempt_at = ?"
                    " WHERE id = ? AND state = 'processing' AND token = ?",
                    (self._clock(), item.id, item.token),
                ).rowcount
            )
        )

    def fail(self, item: InboxItem, error: Union[BaseException, str]) -> Union[Failed, Literal[False]]:
        now = self._clock()
        line = _error_line(error)
        t = self._table

        def step(connection: sqlite3.Connection) -> Union[Failed, Literal[False]]:
            row = connection.execute(
                f"SELECT attempts FROM {t} WHERE id = ? AND state = 'processing' AND token = ?", (item.id, item.token)
            ).fetchone()
            if row is None:
                return False
            attempts = row[0]
            if attempts >= self._settings.max_attempts:
                connection.execute(
                    f"UPDATE {t} SET state = 'dead', lease_until = NULL, token = NULL, last_error = ?, next_attempt_at = ? WHERE id = ?",
                    (line, now, item.id),
                )
                return "dead"
            connection.execute(
                f"UPDATE {t} SET state = 'pending', lease_until = NULL, token = NULL, last_error = ?, next_attempt_at = ? WHERE id = ?",
                (line, now + self._settings.backoff(attempts), item.id),
            )
            return "retry"

        result: Union[Failed, Literal[False]] = self._write(step)
        return result

    def get(self, event_id: str) -> Optional[InboxItem]:
        rows = self._read(f"SELECT {_COLUMNS} FROM {self._table} WHERE id = ?", (event_id,))
        return _item(rows[0]) if rows else None

    def dead_letters(self, limit: int = 100) -> List[InboxItem]:
        rows = self._read(f"SELECT {_COLUMNS} FROM {self._table} WHERE state = 'dead' ORDER BY next_attempt_at LIMIT ?", (limit,))
        return [_item(row) for row in rows]

    def replay(self, event_id: str) -> bool:
        t = self._table
        return bool(
            self._write(
                lambda connection: connection.execute(
                    f"UPDATE {t} SET state = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL"
                    " WHERE id = ? AND state IN ('dead', 'done')",
                    (self._clock(), event_id),
                ).rowcount
            )
        )

    def counts(self) -> Dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for state, number in self._read(f"SELECT state, COUNT(*) FROM {self._table} GROUP BY state"):
            counts[state] = number
        return counts

    def due(self, grace_seconds: float = 0.0, limit: int = 1000) -> List[str]:
        """The ids a sweeper should queue again: pending and due for ``grace_seconds`` already, or
        processing with a lease that ran out."""
        now = self._clock()
        rows = self._read(
            f"SELECT id FROM {self._table} WHERE (state = 'pending' AND next_attempt_at <= ?)"
            " OR (state = 'processing' AND lease_until <= ?) LIMIT ?",
            (now - grace_seconds, now, limit),
        )
        return [row[0] for row in rows]


# Redis: a hash per record (<prefix>r:<id>) and one sorted set per state holding the ids:
# pending by next_attempt_at, processing by lease_until, done and dead by when they got there.
# Every step is one Lua script over Redis's own clock (TIME), so servers with differing clocks
# agree on leases.
_LUA_NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n"
_ACCEPT = _LUA_NOW + """
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
"""
# ARGV: lease seconds, token, id ('' for the oldest due one)
_CLAIM = _LUA_NOW + """
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
"""
# ARGV: id, token
_COMPLETE = _LUA_NOW + """
local rec = KEYS[1] .. 'r:' .. ARGV[1]
if redis.call('HGET', rec, 'state') ~= 'processing' or redis.call('HGET', rec, 'token') ~= ARGV[2] then return 0 end
redis.call('HSET', rec, 'state', 'done', 'next_attempt_at', tostring(now))
redis.call('HDEL', rec, 'token', 'lease_until')
redis.call('ZREM', KEYS[1] .. 'processing', ARGV[1])
redis.call('ZADD', KEYS[1] .. 'done', now, ARGV[1])
return 1
"""
# ARGV: id, token, error line, max attempts, backoff base, backoff cap
_FAIL = _LUA_NOW + """
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
"""
_REPLAY = _LUA_NOW + """
local p = KEYS[1]
local rec = p .. 'r:' .. ARGV[1]
local state = redis.call('HGET', rec, 'state')
if state ~= 'dead' and state ~= 'done' then return 0 end
redis.call('ZREM', p .. state, ARGV[1])
redis.call('HSET', rec, 'state', 'pending', 'attempts', 0, 'next_attempt_at', tostring(now))
redis.call('HDEL', rec, 'last_error')
redis.call('ZADD', p .. 'pending', now, ARGV[1])
return 1
"""
_DUE = _LUA_NOW + """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1] .. 'pending', '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[2]))
local expired = redis.call('ZRANGEBYSCORE', KEYS[1] .. 'processing', '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(expired) do table.insert(ids, id) end
return ids
"""
_FIELDS = ("id", "type", "status", "body", "received_at", "state", "attempts", "next_attempt_at", "lease_until", "token", "last_error", "duplicates")
DEFAULT_REDIS_PREFIX = "sharpapi-webhooks:inbox:"


def _text(value: Optional[bytes]) -> Optional[str]:
    return None if value is None else value.decode("utf-8", "surrogatepass")


class RedisInbox:
    """The inbox in Redis, through redis-py (``pip install "sharpapi-webhooks[redis]"``): every
    step one Lua script (atomic in Redis, on Redis's clock), keys under ``prefix``. ``accept``
    returns once Redis acknowledged the write; what survives a crash of Redis itself is its
    persistence configuration's (AOF with ``appendfsync always`` loses nothing)."""

    def __init__(
        self,
        client: "redis.Redis",
        *,
        prefix: str = DEFAULT_REDIS_PREFIX,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        backoff_seconds: float = DEFAULT_BACKOFF_SECONDS,
        backoff_cap_seconds: float = DEFAULT_BACKOFF_CAP_SECONDS,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._settings = _Settings(lease_seconds, max_attempts, backoff_seconds, backoff_cap_seconds)
        self.max_attempts = max_attempts
        self._accept = client.register_script(_ACCEPT)
        self._claim = client.register_script(_CLAIM)
        self._complete = client.register_script(_COMPLETE)
        self._fail = client.register_script(_FAIL)
        self._replay = client.register_script(_REPLAY)
        self._due = client.register_script(_DUE)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> "RedisInbox":
        """An inbox over ``redis.Redis.from_url(url)``; ``options`` go to the inbox."""
        import redis

        return cls(redis.Redis.from_url(url), **options)

    def __repr__(self) -> str:
        return f"RedisInbox(prefix={self._prefix!r})"

    def close(self) -> None:
        """Closes the client's connections."""
        self._client.close()

    def _run(self, script: Any, *args: Any) -> Any:
        import redis

        try:
            return script(keys=[self._prefix], args=list(args))
        except redis.RedisError as error:
            raise StoreUnavailable(f"the Redis inbox failed: {error}") from error

    def accept(self, event: WebhookEvent, raw_body: bytes) -> Accepted:
        stored = self._run(self._accept, event.id, event.type.value, event.status.value, bytes(raw_body))
        return "accepted" if stored else "duplicate"

    def _claimed(self, event_id: str, lease_seconds: Optional[float]) -> Optional[InboxItem]:
        lease = _positive(lease_seconds, "lease_seconds") if lease_seconds is not None else self._settings.lease_seconds
        token = secrets.token_hex(16)
        claimed = self._run(self._claim, repr(lease), token, event_id)
        if not claimed:
            return None
        item = self.get(claimed.decode("utf-8", "surrogatepass"))
        if item is None or item.token != token:
            return None
        return item

    def claim(self, lease_seconds: Optional[float] = None) -> Optional[InboxItem]:
        return self._claimed("", lease_seconds)

    def claim_id(self, event_id: str, lease_seconds: Optional[float] = None) -> Optional[InboxItem]:
        if not event_id:
            return None
        return self._claimed(event_id, lease_seconds)

    def complete(self, item: InboxItem) -> bool:
        return bool(self._run(self._complete, item.id, item.token or ""))

    def fail(self, item: InboxItem, error: Union[BaseException, str]) -> Union[Failed, Literal[False]]:
        s = self._settings
        verdict = self._run(
            self._fail, item.id, item.token or "", _error_line(error), s.max_attempts, repr(s.backoff_seconds), repr(s.backoff_cap_seconds)
        )
        if not verdict:
            return False
        return "dead" if verdict in (b"dead", "dead") else "retry"

    def get(self, event_id: str) -> Optional[InboxItem]:
        import redis

        try:
            values = cast(List[Optional[bytes]], self._client.hmget(self._prefix + "r:" + event_id, _FIELDS))
        except redis.RedisError as error:
            raise StoreUnavailable(f"the Redis inbox failed: {error}") from error
        if values[0] is None:
            return None
        record = dict(zip(_FIELDS, values))
        return InboxItem(
            id=_text(record["id"]) or "",
            type=_text(record["type"]) or "",
            status=_text(record["status"]) or "",
            body=record["body"] or b"",
            received_at=float(record["received_at"] or 0),
            state=_text(record["state"]) or "",
            attempts=int(record["attempts"] or 0),
            next_attempt_at=float(record["next_attempt_at"] or 0),
            lease_until=None if record["lease_until"] is None else float(record["lease_until"]),
            token=_text(record["token"]),
            last_error=_text(record["last_error"]),
            duplicates=int(record["duplicates"] or 0),
        )

    def dead_letters(self, limit: int = 100) -> List[InboxItem]:
        ids = cast(List[bytes], self._client.zrange(self._prefix + "dead", 0, limit - 1))
        items = [self.get(_text(event_id) or "") for event_id in ids]
        return [item for item in items if item is not None]

    def replay(self, event_id: str) -> bool:
        return bool(self._run(self._replay, event_id))

    def counts(self) -> Dict[str, int]:
        import redis

        try:
            with self._client.pipeline(transaction=False) as pipe:
                for state in STATES:
                    pipe.zcard(self._prefix + state)
                numbers = pipe.execute()
        except redis.RedisError as error:
            raise StoreUnavailable(f"the Redis inbox failed: {error}") from error
        return dict(zip(STATES, (int(number) for number in numbers)))

    def due(self, grace_seconds: float = 0.0, limit: int = 1000) -> List[str]:
        """The ids a sweeper should queue again: pending and due for ``grace_seconds`` already, or
        processing with a lease that ran out."""
        ids: List[bytes] = self._run(self._due, repr(grace_seconds), limit)
        return [_text(event_id) or "" for event_id in ids]


def open_inbox(url: str, **options: Any) -> Union[SqliteInbox, RedisInbox]:
    """An inbox from a URL: ``sqlite:///path/to/inbox.db`` (the URL's path: here the absolute
    ``/path/to/inbox.db``) or ``redis://host:port/db``; ``options`` go to the inbox."""
    if url.startswith("sqlite://"):
        return SqliteInbox(url[len("sqlite://"):], **options)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisInbox.from_url(url, **options)
    raise ValueError(f"an inbox URL is sqlite:///PATH or redis://HOST:PORT/DB, not {url.split(':', 1)[0]}:...")
