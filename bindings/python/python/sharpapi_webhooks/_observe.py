"""The one structured log line per delivery (web side) and per handler attempt (worker side), on
the ``sharpapi_webhooks`` logger with its fields in ``extra``, and the metrics they count. Never
the secret; the body only with ``log_bodies``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

from .metrics import Metrics

logger = logging.getLogger("sharpapi_webhooks")


@dataclass(frozen=True)
class Observer:
    """Where deliveries and attempts are told: the logger, and the metrics when there are any."""

    metrics: Optional[Metrics] = None
    log_bodies: bool = False
    logger: logging.Logger = logger

    def delivery(
        self,
        *,
        outcome: str,
        seconds: float,
        body_bytes: int,
        job_id: Optional[str] = None,
        type: Optional[str] = None,
        status: Optional[str] = None,
        error_code: Optional[str] = None,
        body: Optional[bytes] = None,
    ) -> None:
        """One delivery answered: ``outcome`` is accepted, duplicate or refused (counted), or
        store_unavailable (logged only: SharpAPI's retry is the delivery that counts)."""
        if self.metrics is not None and outcome != "store_unavailable":
            self.metrics.deliveries.labels(outcome).inc()
            if error_code is not None:
                self.metrics.refusals.labels(error_code).inc()
            self.metrics.acknowledge_seconds.observe(seconds)
        extra = {
            "job_id": job_id,
            "type": type,
            "status": status,
            "outcome": outcome,
            "error_code": error_code,
            "body_bytes": body_bytes,
            "duration_ms": round(seconds * 1000, 3),
            "duplicate": outcome == "duplicate",
            "attempt": None,
        }
        if self.log_bodies and body is not None:
            extra["body"] = body.decode("utf-8", "replace")
        level = logging.INFO if outcome in ("accepted", "duplicate") else logging.WARNING
        self.logger.log(
            level,
            "SharpAPI webhook delivery %s: job %s%s (%d bytes, %.1f ms)",
            outcome,
            job_id or "-",
            f" {error_code}" if error_code else "",
            body_bytes,
            seconds * 1000,
            extra=extra,
        )

    def attempt(
        self,
        *,
        outcome: str,
        seconds: float,
        job_id: str,
        type: str,
        status: str,
        body_bytes: int,
        attempt: int,
        error: Optional[str] = None,
        body: Optional[bytes] = None,
    ) -> None:
        """One handler attempt in a worker: ``outcome`` is handled, handler_failed or dead."""
        if self.metrics is not None:
            self.metrics.handler_seconds.observe(seconds)
            if outcome == "handled":
                self.metrics.handled.inc()
            else:
                self.metrics.handler_failures.inc()
                if outcome == "dead":
                    self.metrics.dead_letters.inc()
        extra = {
            "job_id": job_id,
            "type": type,
            "status": status,
            "outcome": outcome,
            "error_code": None,
            "body_bytes": body_bytes,
            "duration_ms": round(seconds * 1000, 3),
            "duplicate": False,
            "attempt": attempt,
        }
        if self.log_bodies and body is not None:
            extra["body"] = body.decode("utf-8", "replace")
        level = logging.INFO if outcome == "handled" else logging.ERROR if outcome == "dead" else logging.WARNING
        self.logger.log(
            level,
            "SharpAPI webhook job %s %s on attempt %d (%.1f ms)%s",
            job_id,
            outcome,
            attempt,
            seconds * 1000,
            f": {error}" if error else "",
            extra=extra,
        )
