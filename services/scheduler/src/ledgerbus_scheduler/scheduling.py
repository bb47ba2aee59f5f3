"""The nightly scheduler: one leader at a time issues what is due, durably and once.

A tick locks the due administrations (``FOR UPDATE SKIP LOCKED``, so its cost grows
with what is due), writes each sync request to the outbox with its deterministic id
and moves the administration to its next night, all in one transaction; the outbox
then publishes. A crash anywhere repeats at most the publishing of the same ids.

Requests and moves are written a batch at a time, one statement each. Missed nights
are caught up once (see ``domain.due``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg

from ledgerbus_scheduler.adapters import schedule, sync_requests
from ledgerbus_scheduler.domain.due import issue_due
from ledgerbus_scheduler.leadership import Leadership
from ledgerbus_scheduler.outbox import Outbox
from ledgerbus_servicekit import Clock

log = logging.getLogger(__name__)


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
            locked, count = await self._tick_batch()
            issued += count
            if locked < self.batch:
                break
        if issued and self.outbox is not None:
            await self.outbox.relay()
        return issued

    async def _tick_batch(self) -> tuple[int, int]:
        """(administrations locked, syncs issued) for one batch, in one transaction."""
        now = self.clock.now()
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await schedule.lock_due(conn, now, self.batch)
            if not rows:
                return 0, 0
            issues = [issue_due(row, now) for row in rows]
            requests = [(i.request, i.upgrade_version) for i in issues if i.request is not None]
            await sync_requests.insert_scheduled(conn, requests, now)
            await schedule.advance(
                conn,
                [
                    (row["id"], i.next_night, i.next_run_at, i.upgrade_version is not None)
                    for row, i in zip(rows, issues, strict=True)
                ],
            )
            return len(rows), len(requests)

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
