"""The nightly scheduler: one leader at a time issues what is due, durably and once.

A tick locks the due administrations (``FOR UPDATE SKIP LOCKED``, so its cost grows
with what is due), writes each sync request to the outbox with its deterministic id
and moves the administration to its next night, all in one transaction; the outbox
then publishes. A crash anywhere repeats at most the publishing of the same ids.

Missed nights (the scheduler was down) are caught up once: the latest missed night's
sync is issued, as a full sync if any missed night was due one, since an incremental
sync reads everything since its cursor anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from typing import Any

import asyncpg

from ledgerbus_contracts import DossierChanges, Package, RequestSync, SyncMode
from ledgerbus_scheduler.adapters import schedule, sync_requests
from ledgerbus_scheduler.domain.planning import (
    PlannedSync,
    Window,
    due_nights,
    plan_night,
    run_at,
)
from ledgerbus_scheduler.leadership import Leadership
from ledgerbus_scheduler.outbox import Outbox
from ledgerbus_servicekit import Clock

log = logging.getLogger(__name__)


def window_of(row: dict[str, Any]) -> Window:
    return Window(row["timezone"], row["window_start"], row["window_end"])


def request_for(
    row: dict[str, Any], plan: PlannedSync, now: dt.datetime, dossier: DossierChanges | None = None
) -> RequestSync:
    return RequestSync(
        administration_id=row["id"],
        sync_id=plan.sync_id,
        tenant_id=row["tenant_id"],
        package=Package(row["package"]),
        external_id=row["external_id"],
        connection_id=row["connection_id"],
        mode=plan.mode,
        trigger=plan.trigger,
        sync_from=row["sync_from"],
        requested_at=now,
        dossier=dossier,
    )


class NightlyScheduler:
    """``tick()`` issues what is due now; ``start()``/``stop()`` run it while leader.

    Without an outbox the issued requests stay in the table for the relay to publish.
    """

    def __init__(
        self,
        pool: asyncpg.Pool,
        outbox: Outbox | None,
        clock: Clock,
        *,
        batch: int = 1000,
        interval: float = 5.0,
    ) -> None:
        self.pool, self.outbox, self.clock = pool, outbox, clock
        self.batch, self.interval = batch, interval
        self.leadership = Leadership(pool)
        self._task: asyncio.Task[None] | None = None

    async def tick(self) -> int:
        """Issue every sync due now; returns how many were issued."""
        issued = 0
        while True:
            count = await self._tick_batch()
            issued += count
            if count < self.batch:
                break
        if issued and self.outbox is not None:
            await self.outbox.relay()
        return issued

    async def _tick_batch(self) -> int:
        now = self.clock.now()
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await schedule.lock_due(conn, now, self.batch)
            for row in rows:
                window = window_of(row)
                nights = due_nights(row["id"], window, row["next_night"], now)
                plans = [plan_night(row["id"], window, n, row["upgrade_full_on"]) for n in nights]
                chosen = plans[-1]
                full = next((p for p in reversed(plans) if p.mode is SyncMode.FULL), None)
                if full is not None:
                    chosen = PlannedSync(
                        row["id"], chosen.night, chosen.at, SyncMode.FULL, full.trigger
                    )
                upgrade = row["upgrade_version"] if chosen.trigger == "connector-upgrade" else None
                await sync_requests.insert(
                    conn, request_for(row, chosen, now), None, now, connector_version=upgrade
                )
                following = nights[-1] + dt.timedelta(days=1)
                await schedule.advance(
                    conn,
                    row["id"],
                    following,
                    run_at(row["id"], window, following),
                    upgrade_issued=upgrade is not None,
                )
            return len(rows)

    @property
    def is_leader(self) -> bool:
        return self.leadership.is_leader

    async def try_lead(self) -> bool:
        """Become (or stay) the one replica that schedules."""
        return await self.leadership.try_lead()

    async def resign(self) -> None:
        await self.leadership.resign()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="nightly-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.resign()

    async def _loop(self) -> None:
        while True:
            try:
                if await self.try_lead():
                    await self.tick()
            except Exception:
                log.exception("scheduling tick failed; resigning and retrying")
                await self.resign()
            await asyncio.sleep(self.interval)
