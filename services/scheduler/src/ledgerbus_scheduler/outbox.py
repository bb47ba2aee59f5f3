"""Requests syncs durably: written to PostgreSQL first, then published, then marked.

A crash after the write and before the publish leaves the row unpublished; the relay
publishes it later with the same sync id, which is also the event id, so consumers
(whose job queues are keyed by sync id) see one request. A row is published only while
its publisher holds the row's lock and is marked before the lock is released, so two
replicas never publish the same request. An equivalent request that is still queued or
running is answered with its id instead of a new sync.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import asyncpg

from ledgerbus_contracts import RequestSync
from ledgerbus_scheduler.adapters import sync_requests
from ledgerbus_servicekit import Clock, EventPublisher
from ledgerbus_servicekit.periodic import Periodic
from ledgerbus_servicekit.telemetry import consumer_span, current_traceparent, sync_attributes


class Outbox:
    """Submit sync requests; ``start()``/``stop()`` run the relay of unpublished ones."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        publisher: EventPublisher,
        clock: Clock,
        interval: float,
        *,
        batch: int = 500,
        dedup_for: dt.timedelta = dt.timedelta(hours=24),
    ) -> None:
        self.pool, self.publisher, self.clock, self.batch = pool, publisher, clock, batch
        self.dedup_for = dedup_for
        self.periodic = Periodic("sync-request-relay", self.relay, interval)
        self.start, self.stop = self.periodic.start, self.periodic.stop

    async def submit(self, request: RequestSync, *, deduplicate: bool = True) -> tuple[str, bool]:
        """(sync id, whether an equivalent active sync answered instead).

        Call it inside the request's span: the request is published in that trace, and
        the trace context is stored for the relay should this publish not happen now.
        """
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext($1))", request.administration_id
            )
            since = self.clock.now() - self.dedup_for
            if deduplicate and (
                existing := await sync_requests.active_equivalent(conn, request, since)
            ):
                return existing, True
            inserted = await sync_requests.insert(
                conn, request, current_traceparent(), self.clock.now()
            )
        if inserted:
            await self._publish_claimed(sync_id=request.sync_id, in_span=False)
        return request.sync_id, not inserted

    async def relay(self) -> int:
        """Publish every request that was written but not yet published; returns how many."""
        published = 0
        while True:
            count = await self._publish_claimed(sync_id=None, in_span=True)
            published += count
            if count < self.batch:
                return published

    async def _publish_claimed(self, *, sync_id: str | None, in_span: bool) -> int:
        """Claim unpublished rows, send them all, await the acks, mark them; one transaction."""
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await sync_requests.claim_unpublished(conn, self.batch, sync_id)
            if not rows:
                return 0
            acks = [await self._send(row, in_span) for row in rows]
            await asyncio.gather(*acks)
            await sync_requests.mark_published(conn, [r["sync_id"] for r in rows], self.clock.now())
        return len(rows)

    async def _send(self, row: dict[str, Any], in_span: bool) -> asyncio.Future[Any]:
        """Hand one request to the producer; returns the future of its acknowledgement."""
        request = RequestSync.model_validate(json.loads(row["request"]))
        if not in_span:
            return await self.publisher.send(request, event_id=request.sync_id)
        with consumer_span(
            f"relay sync request {request.sync_id}",
            row["traceparent"],
            **sync_attributes(request),
        ):
            return await self.publisher.send(request, event_id=request.sync_id)
