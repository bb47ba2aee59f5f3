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
    first_night,
    plan_night,
    run_at,
)
from ledgerbus_scheduler.outbox import Outbox
from ledgerbus_servicekit import Clock

log = logging.getLogger(__name__)
LEADER_LOCK = 0x5C4ED01E  # the advisory lock id of the scheduling leader


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
        self.is_leader = False
        self._leader_conn: Any = None
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
                await sync_requests.insert(conn, request_for(row, chosen, now), None, now)
                following = nights[-1] + dt.timedelta(days=1)
                upgraded = (
                    row["upgrade_version"] if (chosen.trigger == "connector-upgrade") else None
                )
                await schedule.advance(
                    conn,
                    row["id"],
                    following,
                    run_at(row["id"], window, following),
                    upgraded_to=upgraded,
                )
            return len(rows)

    async def try_lead(self) -> bool:
        """Become the leader if no one is (a session advisory lock on a held connection)."""
        if self.is_leader:
            try:
                await self._leader_conn.fetchval("SELECT 1")
                return True
            except Exception:
                log.warning("lost the scheduling lock's connection; standing for leader again")
                await self.resign()
        conn = await self.pool.acquire()
        if await conn.fetchval("SELECT pg_try_advisory_lock($1)", LEADER_LOCK):
            self._leader_conn, self.is_leader = conn, True
            log.info("this replica now schedules")
            return True
        await self.pool.release(conn)
        return False

    async def resign(self) -> None:
        if self._leader_conn is not None:
            with contextlib.suppress(Exception):
                await self._leader_conn.execute("SELECT pg_advisory_unlock($1)", LEADER_LOCK)
            with contextlib.suppress(Exception):
                await self.pool.release(self._leader_conn)
        self._leader_conn, self.is_leader = None, False

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


async def reschedule(conn: Any, administration: dict[str, Any], now: dt.datetime) -> None:
    """Put a new or changed administration on its first night still to come."""
    window = Window(
        administration["timezone"],
        administration["nightly_window_start"],
        administration["nightly_window_end"],
    )
    night = first_night(administration["id"], window, now)
    await schedule.set_next(
        conn, administration["id"], night, run_at(administration["id"], window, night)
    )
