"""Kafka entrypoint: a sync that ended no longer blocks an equivalent new request."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

import asyncpg

from ledgerbus_contracts import SyncCompleted, SyncFailed, SyncNeedsAttention, SyncStatusEvent
from ledgerbus_scheduler.adapters import sync_requests
from ledgerbus_scheduler.entrypoints.versions import versions_handler
from ledgerbus_servicekit import Clock, Delivery
from ledgerbus_servicekit.kafka.consumer import Handler
from ledgerbus_servicekit.metrics import SYNC_DURATION, SYNCS
from ledgerbus_servicekit.telemetry import consumer_span, sync_attributes

log = logging.getLogger(__name__)


def status_handler(pool: asyncpg.Pool, clock: Clock, spread_nights: int = 7) -> Handler:
    """The handler of ``sync.status`` (ended syncs) and ``connector.versions`` (upgrades)."""
    upgrades = versions_handler(pool, spread_nights)

    async def handle(batch: Sequence[Delivery]) -> None:
        await upgrades(batch)
        ended: list[tuple[Delivery, str, dict[str, Any]]] = []
        async with pool.acquire() as conn, conn.transaction():
            for delivery in batch:
                event = delivery.message
                outcome = _OUTCOMES.get(type(event))
                if outcome is None or not isinstance(event, SyncStatusEvent):
                    continue
                row = await sync_requests.end(conn, event.sync_id, outcome, clock.now())
                if row is not None:
                    ended.append((delivery, outcome, row))
        for delivery, outcome, row in ended:  # counted once the end is committed
            _count(delivery, outcome, row, clock.now())

    return handle


_OUTCOMES: dict[type, str] = {
    SyncCompleted: "succeeded",
    SyncFailed: "failed",
    SyncNeedsAttention: "needs_attention",
}


def _count(delivery: Delivery, outcome: str, row: dict[str, Any], now: dt.datetime) -> None:
    """The sync's outcome and duration (request to end) on the metrics and the log."""
    event = delivery.message
    assert isinstance(event, SyncStatusEvent)
    package = row["package"] or str(event.package)
    seconds = max((now - row["created_at"]).total_seconds(), 0.0)
    SYNCS.labels(package, row["mode"], row["trigger"], outcome).inc()
    SYNC_DURATION.labels(package, row["mode"], outcome).observe(seconds)
    attributes = sync_attributes(event)
    traceparent = delivery.envelope.traceparent
    with consumer_span(f"end {event.event_type}", traceparent, delivery, **attributes):
        level = logging.INFO if outcome == "succeeded" else logging.WARNING
        log.log(level, "sync %s %s after %.1fs", event.sync_id, outcome, seconds)
