"""Requests syncs durably: written to PostgreSQL first, then published, then marked.

A crash after the write and before the publish leaves the row unpublished; the relay
publishes it later with the same sync id, which is also the event id, so consumers
see one request. An equivalent request that is still queued or running is answered
with its id instead of a new sync.
"""

from __future__ import annotations

import json

import asyncpg

from ledgerbus_contracts import RequestSync
from ledgerbus_scheduler.adapters import sync_requests
from ledgerbus_servicekit import Clock, EventPublisher
from ledgerbus_servicekit.periodic import Periodic
from ledgerbus_servicekit.telemetry import consumer_span, current_traceparent


class Outbox:
    """Submit sync requests; ``start()``/``stop()`` run the relay of unpublished ones."""

    def __init__(
        self, pool: asyncpg.Pool, publisher: EventPublisher, clock: Clock, interval: float
    ) -> None:
        self.pool, self.publisher, self.clock = pool, publisher, clock
        self.periodic = Periodic("sync-request-relay", self.relay, interval)
        self.start, self.stop = self.periodic.start, self.periodic.stop

    async def submit(self, request: RequestSync, *, deduplicate: bool = True) -> tuple[str, bool]:
        """(sync id, whether an equivalent active sync answered instead)."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext($1))", request.administration_id
            )
            if deduplicate and (existing := await sync_requests.active_equivalent(conn, request)):
                return existing, True
            inserted = await sync_requests.insert(
                conn, request, current_traceparent(), self.clock.now()
            )
        if inserted:
            await self._publish(request)
        return request.sync_id, not inserted

    async def _publish(self, request: RequestSync) -> None:
        await self.publisher.publish(request, event_id=request.sync_id)
        async with self.pool.acquire() as conn:
            await sync_requests.mark_published(conn, request.sync_id, self.clock.now())

    async def relay(self) -> int:
        """Publish every request that was written but not yet published."""
        async with self.pool.acquire() as conn:
            rows = await sync_requests.unpublished(conn)
        for row in rows:
            request = RequestSync.model_validate(json.loads(row["request"]))
            with consumer_span(f"relay sync request {request.sync_id}", row["traceparent"]):
                await self._publish(request)
        return len(rows)
