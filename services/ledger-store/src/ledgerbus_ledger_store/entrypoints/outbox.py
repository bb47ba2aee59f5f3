"""Publishes the outbox: events committed with the data they describe, sent afterwards.

It holds ``dossier.updates`` events and the ``PostEntries`` commands of postings (a
posting is ``sending`` once its command left).

A crash after the commit and before the send leaves the row unpublished; the relay
sends it again with the same event id, so nothing is lost and consumers that key on
the id (the notifier) see it once.
"""

from __future__ import annotations

import asyncpg

from ledgerbus_contracts import MESSAGE_TYPES
from ledgerbus_contracts.postings import PostEntries
from ledgerbus_ledger_store.adapters import dossier, postings
from ledgerbus_servicekit import Clock, EventPublisher
from ledgerbus_servicekit.periodic import Periodic
from ledgerbus_servicekit.telemetry import consumer_span


class OutboxRelay:
    """``relay()`` now, and every ``interval`` seconds between ``start()`` and ``stop()``."""

    def __init__(
        self, pool: asyncpg.Pool, publisher: EventPublisher, clock: Clock, interval: float = 2.0
    ) -> None:
        self.pool, self.publisher, self.clock = pool, publisher, clock
        self.periodic = Periodic("outbox-relay", self.relay, interval)
        self.start, self.stop, self.wake = (
            self.periodic.start,
            self.periodic.stop,
            self.periodic.wake,
        )

    async def relay(self) -> int:
        """Send every unpublished event; returns how many."""
        sent = 0
        async with self.pool.acquire() as conn, conn.transaction():
            for row in await dossier.unpublished(conn):
                event = MESSAGE_TYPES[row["event_type"]].model_validate_json(row["payload"])
                with consumer_span(f"announce {event.event_type}", row["traceparent"]):
                    await self.publisher.publish(event, event_id=row["id"])
                await dossier.mark_published(conn, row["id"], self.clock.now())
                if isinstance(event, PostEntries):
                    await postings.mark_sending(conn, event.posting_id, self.clock.now())
                sent += 1
        return sent
