"""Prometheus metrics of the webhook endpoint and its workers, through ``prometheus_client``
(the ``metrics`` extra). The names are the same in every language of the project:

- ``sharpapi_webhook_deliveries_total{outcome}``: accepted, duplicate, refused
- ``sharpapi_webhook_refusals_total{error}``: the core's error name, PayloadTooLarge, MethodNotAllowed
- ``sharpapi_webhook_handled_total``, ``sharpapi_webhook_handler_failures_total``,
  ``sharpapi_webhook_dead_letters_total``
- ``sharpapi_webhook_queue_depth{state}``: read from the inbox's ``counts()`` at scrape time
- ``sharpapi_webhook_handler_seconds``: the handler's duration
- ``sharpapi_webhook_acknowledge_seconds``: from the request's start to the answer

Each process counts its own (the web server the deliveries, the worker the handler's runs);
serve the registry with ``prometheus_client.generate_latest(registry)`` from a route, or
``prometheus_client.start_http_server(port)`` in the worker.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Dict, Iterator, Optional

from ._errors import StoreUnavailable

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

    from .inbox import Inbox

__all__ = ["Metrics"]

_ACK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_defaults: Dict[int, "Metrics"] = {}
_defaults_lock = threading.Lock()


class _QueueDepth:
    """A collector that reads the inbox's counts when scraped."""

    def __init__(self, inbox: "Inbox") -> None:
        self._inbox = inbox

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        family = GaugeMetricFamily("sharpapi_webhook_queue_depth", "Inbox records per state", labels=["state"])
        try:
            counts = self._inbox.counts()
        except StoreUnavailable:
            return
        for state, number in counts.items():
            family.add_metric([state], number)
        yield family


class Metrics:
    """The metrics, registered in ``registry`` (the client's default registry when ``None``).
    With ``inbox``, the queue depth is read from it at each scrape. Use :meth:`for_registry` to
    share one set per registry (registering a name twice is an error in ``prometheus_client``)."""

    def __init__(self, registry: Optional["CollectorRegistry"] = None, *, inbox: Optional["Inbox"] = None) -> None:
        from prometheus_client import REGISTRY, Counter, Histogram

        registry = REGISTRY if registry is None else registry
        self.registry = registry
        self.deliveries = Counter(
            "sharpapi_webhook_deliveries", "Webhook deliveries by outcome", ["outcome"], registry=registry
        )
        self.refusals = Counter("sharpapi_webhook_refusals", "Refused deliveries by error", ["error"], registry=registry)
        self.handled = Counter("sharpapi_webhook_handled", "Events whose handler succeeded", registry=registry)
        self.handler_failures = Counter("sharpapi_webhook_handler_failures", "Handler runs that raised", registry=registry)
        self.dead_letters = Counter("sharpapi_webhook_dead_letters", "Events that became dead letters", registry=registry)
        self.handler_seconds = Histogram("sharpapi_webhook_handler_seconds", "The handler's duration", registry=registry)
        self.acknowledge_seconds = Histogram(
            "sharpapi_webhook_acknowledge_seconds", "From the request's start to the answer", buckets=_ACK_BUCKETS, registry=registry
        )
        for outcome in ("accepted", "duplicate", "refused"):
            self.deliveries.labels(outcome)
        self._depth: Optional[_QueueDepth] = None
        if inbox is not None:
            self.watch(inbox)

    def watch(self, inbox: "Inbox") -> None:
        """Reports ``inbox``'s counts as the queue depth (once per set of metrics)."""
        if self._depth is None:
            self._depth = _QueueDepth(inbox)
            self.registry.register(self._depth)

    @classmethod
    def for_registry(cls, registry: Optional["CollectorRegistry"] = None) -> "Metrics":
        """The one set of metrics of ``registry`` (the default registry when ``None``)."""
        from prometheus_client import REGISTRY

        registry = REGISTRY if registry is None else registry
        with _defaults_lock:
            metrics = _defaults.get(id(registry))
            if metrics is None:
                metrics = _defaults[id(registry)] = cls(registry)
            return metrics
