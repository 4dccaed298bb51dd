"""The queue side of the inbox on Huey (the ``huey`` extra): a ``process(id)`` task that claims
the record, runs your handler and completes or fails it, and a sweeper that queues again what a
lost job left behind.

.. code-block:: python

    # tasks.py: imported by the web app and by the worker (huey_consumer tasks.huey)
    huey = SqliteHuey(filename="queue.db")                 # or RedisHuey(url="redis://...")
    inbox = HueyInbox(SqliteInbox("inbox.db"), huey)       # or RedisInbox.from_url(...)

    @inbox.handler
    def handle(event: WebhookEvent) -> None:
        ...                                                # slow work; raise to retry

The inbox is the source of truth; Huey only wakes a worker. ``accept`` stores the delivery and
then enqueues ``process(id)``; a failed enqueue is logged, not fatal: the sweeper finds the
record. The job claims the record by its id (nothing to do when another worker holds it, or it
is done or dead), runs the handler on the stored event, then completes it, or fails it: pending
again after a backoff (the job is scheduled again for then) or dead after ``max_attempts``.
Because a worker can die between claim and complete, and Huey's Redis storage forgets a job a
worker took, the worker sweeps: when it starts and every ``sweep_seconds``, it queues again the
pending records that have waited past their time and the processing ones whose lease ran out.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, List, Literal, Optional, Union

from ._event import WebhookEvent
from ._observe import Observer
from .inbox import Inbox, InboxItem
from .metrics import Metrics

if TYPE_CHECKING:
    from huey.api import Huey

__all__ = ["DEFAULT_SWEEP_SECONDS", "HueyInbox"]

DEFAULT_SWEEP_SECONDS = 30.0
"""How often a worker queues again what was left behind."""

Handler = Callable[[WebhookEvent], Any]
_logger = logging.getLogger("sharpapi_webhooks")


def _default_metrics(inbox: Inbox) -> Optional[Metrics]:
    try:
        import prometheus_client  # noqa: F401
    except ImportError:
        return None
    metrics = Metrics.for_registry()
    metrics.watch(inbox)
    return metrics


class HueyInbox:
    """An inbox whose accepted deliveries are processed by Huey's workers. Give it to an
    integration (``inbox_view(inbox)``, ``InboxEndpoint(inbox)``) on the web side; run
    ``huey_consumer module.huey`` as the worker. ``metrics``: a :class:`Metrics` (by default the
    default registry's, when ``prometheus_client`` is installed; ``False`` for none).
    ``lease_seconds`` overrides the inbox's lease for the claims of ``process``."""

    def __init__(
        self,
        inbox: Inbox,
        huey: "Huey",
        handler: Optional[Handler] = None,
        *,
        sweep_seconds: float = DEFAULT_SWEEP_SECONDS,
        lease_seconds: Optional[float] = None,
        metrics: Union[Metrics, None, Literal[False]] = None,
        log_bodies: bool = False,
        name: str = "sharpapi_webhooks",
    ) -> None:
        self.inbox = inbox
        self.huey = huey
        self._handler = handler
        self.sweep_seconds = sweep_seconds
        self._lease_seconds = lease_seconds
        self.metrics: Optional[Metrics] = (
            None if metrics is False else _default_metrics(inbox) if metrics is None else metrics
        )
        self.log_bodies = log_bodies
        self.observer = Observer(self.metrics, log_bodies)
        self.process = huey.task(name=f"{name}.process")(self._process)
        self.sweep_task = huey.task(name=f"{name}.sweep")(self.sweep)
        huey.on_startup(name=f"{name}.sweeper")(self._start_sweeper)
        self._sweeper_started = False
        self._sweeper_lock = threading.Lock()

    def handler(self, handler: Handler) -> Handler:
        """Decorates the function the worker runs on each event (it must be registered in the
        worker process: define it in the module the worker imports)."""
        self._handler = handler
        return handler

    def accept(self, event: WebhookEvent, raw_body: bytes) -> Literal["accepted", "duplicate"]:
        """Stores the delivery (:meth:`Inbox.accept`), then queues its job when it is new."""
        outcome = self.inbox.accept(event, raw_body)
        if outcome == "accepted":
            try:
                self.process(event.id)
            except Exception:
                _logger.exception("SharpAPI webhook: job %s is stored but could not be queued; the sweeper will", event.id)
        return outcome

    def _process(self, event_id: str) -> Optional[str]:
        item = self.inbox.claim_id(event_id, self._lease_seconds)
        if item is None:  # done, dead, held by another worker, or not due yet
            return None
        return self.run(item)

    def run(self, item: InboxItem) -> str:
        """Runs the handler on a claimed item and records the outcome: handled, handler_failed
        (retried later) or dead (or lost, when the claim ran out meanwhile)."""
        if self._handler is None:
            raise RuntimeError("HueyInbox has no handler: decorate one with @inbox.handler in the module the worker imports")
        started = time.perf_counter()
        try:
            self._handler(item.event())
        except Exception as error:
            seconds = time.perf_counter() - started
            verdict = self.inbox.fail(item, error)
            outcome = "dead" if verdict == "dead" else "handler_failed"
            self._observe(item, outcome, seconds, f"{type(error).__name__}: {error}")
            if verdict == "retry":
                self._schedule_retry(item.id)
            return outcome if verdict else "lost"
        seconds = time.perf_counter() - started
        if not self.inbox.complete(item):
            _logger.warning("SharpAPI webhook: job %s was handled after its claim ran out; another worker may run it again", item.id)
            return "lost"
        self._observe(item, "handled", seconds, None)
        return "handled"

    def _observe(self, item: InboxItem, outcome: str, seconds: float, error: Optional[str]) -> None:
        self.observer.attempt(
            outcome=outcome, seconds=seconds, job_id=item.id, type=item.type, status=item.status,
            body_bytes=len(item.body), attempt=item.attempts, error=error, body=item.body,
        )

    def _schedule_retry(self, event_id: str) -> None:
        record = self.inbox.get(event_id)
        delay = 0.0 if record is None else max(0.0, record.next_attempt_at - time.time())
        try:
            self.process.schedule(args=(event_id,), delay=delay)
        except Exception:
            _logger.exception("SharpAPI webhook: the retry of job %s could not be scheduled; the sweeper will", event_id)

    def sweep(self) -> List[str]:
        """Queues again the records left behind (:meth:`Inbox.due`); returns their ids."""
        ids = self.inbox.due(grace_seconds=self.sweep_seconds)
        for event_id in ids:
            self.process(event_id)
        return ids

    def _start_sweeper(self) -> None:
        # Huey calls startup hooks in each worker thread: one sweeper per process.
        with self._sweeper_lock:
            if self._sweeper_started:
                return
            self._sweeper_started = True
        threading.Thread(target=self._sweep_forever, name="sharpapi-webhooks-sweeper", daemon=True).start()

    def _sweep_forever(self) -> None:
        while True:
            try:
                self.sweep()
            except Exception:
                _logger.exception("SharpAPI webhook: the inbox sweep failed; trying again in %s s", self.sweep_seconds)
            time.sleep(self.sweep_seconds)
