"""Kafka entrypoint: a sync that ended no longer blocks an equivalent new request."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from ledgerbus_contracts import SyncCompleted, SyncFailed, SyncNeedsAttention
from ledgerbus_scheduler.adapters import sync_requests
from ledgerbus_scheduler.entrypoints.versions import versions_handler
from ledgerbus_servicekit import Clock, Delivery
from ledgerbus_servicekit.kafka.consumer import Handler


def status_handler(pool: asyncpg.Pool, clock: Clock, spread_nights: int = 7) -> Handler:
    """The handler of ``sync.status`` (ended syncs) and ``connector.versions`` (upgrades)."""
    upgrades = versions_handler(pool, spread_nights)

    async def handle(batch: Sequence[Delivery]) -> None:
        await upgrades(batch)
        async with pool.acquire() as conn, conn.transaction():
            for delivery in batch:
                event = delivery.message
                if isinstance(event, SyncCompleted):
                    await sync_requests.end(conn, event.sync_id, "succeeded", clock.now())
                elif isinstance(event, SyncFailed):
                    await sync_requests.end(conn, event.sync_id, "failed", clock.now())
                elif isinstance(event, SyncNeedsAttention):
                    await sync_requests.end(conn, event.sync_id, "needs_attention", clock.now())

    return handle
