"""Kafka entrypoint: a connector version that requires it schedules a full sync of every
administration of its package, spread over the following nights."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from ledgerbus_contracts import ConnectorVersionAnnounced
from ledgerbus_scheduler.adapters import schedule
from ledgerbus_scheduler.domain.planning import upgrade_night
from ledgerbus_servicekit import Delivery
from ledgerbus_servicekit.kafka.consumer import Handler


async def plan_upgrades(
    pool: asyncpg.Pool, event: ConnectorVersionAnnounced, spread_nights: int
) -> int:
    """Mark every administration still on an older version; returns how many."""
    async with pool.acquire() as conn, conn.transaction():
        ids = await schedule.needing_upgrade(conn, str(event.package), event.version)
        nights = [(i, upgrade_night(i, event.version, event.at.date(), spread_nights)) for i in ids]
        await schedule.mark_upgrade(conn, event.version, nights)
    return len(ids)


def versions_handler(pool: asyncpg.Pool, spread_nights: int) -> Handler:
    """The handler of ``connector.versions``."""

    async def handle(batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            event = delivery.message
            if isinstance(event, ConnectorVersionAnnounced) and event.requires_full_sync:
                await plan_upgrades(pool, event, spread_nights)

    return handle
