"""Kafka entrypoint: applies ``ledger.changes`` and follows ``sync.status``.

A batch is applied in one database transaction; the consumer commits its offsets only
after that, so a crash replays the batch, which changes nothing the second time (pages
are recognised by ``page_seq``, versions decide every upsert). A page republished while
its first copy is still unapplied may arrive twice in one batch: it counts once. The sync's end
produces a status event, published after the commit and again on a replay, with a
deterministic id, so a crash between the two loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import asyncpg

from ledgerbus_contracts import (
    EntitiesDeleted,
    EntitiesUpserted,
    Message,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncCompleted,
    SyncFailed,
    SyncMode,
    SyncNeedsAttention,
    SyncStatusEvent,
)
from ledgerbus_ledger_store.adapters import apply
from ledgerbus_ledger_store.adapters import syncs as sync_rows
from ledgerbus_ledger_store.adapters.staging import StagedPage, stage_page
from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_ledger_store.domain import status_events
from ledgerbus_ledger_store.domain.syncs import TERMINAL
from ledgerbus_ledger_store.entrypoints.ending import end_sync
from ledgerbus_servicekit import Clock, Delivery, EventPublisher
from ledgerbus_servicekit.db import DbConnection
from ledgerbus_servicekit.metrics import HELD_DELETIONS, RECORDS_APPLIED, RECORDS_DELETED
from ledgerbus_servicekit.telemetry import consumer_span, sync_attributes

log = logging.getLogger(__name__)


class ChangeApplier:
    """The handler of the ledger-store's consumer."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        publisher: EventPublisher,
        clock: Clock,
        settings: Settings,
        outbox_written: Callable[[], None] = lambda: None,
    ) -> None:
        self.pool, self.publisher, self.clock, self.settings = pool, publisher, clock, settings
        self.outbox_written = outbox_written

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        outgoing: list[tuple[Message, str | None]] = []
        async with self.pool.acquire() as conn, conn.transaction():
            pending: list[Delivery] = []
            for delivery in batch:
                if isinstance(delivery.message, EntitiesUpserted):
                    pending.append(delivery)
                    continue
                await self._upserts(conn, pending)
                pending = []
                traceparent = delivery.envelope.traceparent
                outgoing.extend((m, traceparent) for m in await self._other(conn, delivery))
            await self._upserts(conn, pending)
        if outgoing:
            self.outbox_written()  # an ended sync may have queued its dossier changes
        for event, traceparent in outgoing:
            sync_id = getattr(event, "sync_id", "")
            with consumer_span(f"announce {event.event_type}", traceparent):
                await self.publisher.publish(event, event_id=f"{sync_id}:{event.event_type}")

    async def _other(self, conn: DbConnection, delivery: Delivery) -> list[Message]:
        message, now = delivery.message, self.clock.now()
        with consumer_span(
            f"apply {delivery.envelope.type}",
            delivery.envelope.traceparent,
            delivery,
            **sync_attributes(message),
        ):
            if isinstance(message, SyncChangesStarted):
                await status_events.started_changes(conn, message)
                log.info("sync %s applying: %s", message.sync_id, message.mode)
            elif isinstance(message, EntitiesDeleted):
                await self._deletes(conn, message)
            elif isinstance(message, SyncChangesEnded):
                before = await sync_rows.get(conn, message.sync_id)
                first = before is None or before["state"] not in {str(t) for t in TERMINAL}
                ended = await end_sync(conn, message, now, self.settings.mass_deletion_threshold)
                _count_end(ended, first)
                return ended
            elif isinstance(message, SyncStatusEvent):
                await status_events.apply_status(conn, message)
        return []

    async def _upserts(self, conn: DbConnection, pending: list[Delivery]) -> None:
        if not pending:
            return
        first = pending[0].envelope
        with consumer_span(f"apply {len(pending)} pages", first.traceparent, pending):
            pages = [_staged(d) for d in pending]
            new = set(await sync_rows.record_pages(conn, [p.key for p in pages]))
            modes: dict[str, str | None] = {}
            full_snapshots: dict[str, None] = {}  # ordered by their last page in the batch
            fresh: list[StagedPage] = []
            applied: dict[str, dict[str, int]] = {}
            for page in pages:
                if page.key not in new:
                    continue  # a republished page: applied already, or earlier in this batch
                new.discard(page.key)  # a second copy in the same batch is a republished one
                sync_id = page.sync_id
                if sync_id not in modes:
                    await sync_rows.ensure(conn, sync_id, page.administration_id)
                    row = await sync_rows.get(conn, sync_id)
                    modes[sync_id] = row["mode"] if row else None
                if modes[sync_id] == "full":
                    full_snapshots.pop(sync_id, None)
                    full_snapshots[sync_id] = None
                fresh.append(page)
                counts = applied.setdefault(sync_id, {})
                counts[page.entity_type] = counts.get(page.entity_type, 0) + page.count
            await apply.upsert(conn, fresh, list(full_snapshots), self.clock.now())
            for sync_id, counts in applied.items():
                await status_events.add_counts(conn, sync_id, "applied", counts)
                for entity_type, n in counts.items():
                    RECORDS_APPLIED.labels(entity_type).inc(n)

    async def _deletes(self, conn: DbConnection, message: EntitiesDeleted) -> None:
        key = (
            message.sync_id,
            str(message.entity_type),
            "delete",
            message.page_seq,
            len(message.deletions),
        )
        if not await sync_rows.record_pages(conn, [key]):
            return
        await sync_rows.ensure(conn, message.sync_id, message.administration_id)
        count = await apply.soft_delete(
            conn,
            message.administration_id,
            message.entity_type,
            message.deletions,
            self.clock.now(),
        )
        await status_events.add_counts(
            conn, message.sync_id, "deleted", {str(message.entity_type): count}
        )
        RECORDS_DELETED.labels(str(message.entity_type), "package").inc(count)


def _count_end(announced: list[Message], first: bool) -> None:
    """The sync's held and snapshot deletions on the metrics (the ``first`` time it ends;
    a replayed end marker announces again), and its end on the log."""
    for event in announced:
        if isinstance(event, SyncCompleted) and first and event.mode is SyncMode.FULL:
            for entity_type, n in event.deleted.items():  # a full sync's are the snapshot's
                RECORDS_DELETED.labels(str(entity_type), "snapshot").inc(n)
        if isinstance(event, SyncNeedsAttention) and first:
            for entity_type, n in event.held_deletions.items():
                HELD_DELETIONS.labels(str(entity_type)).inc(n)
            log.warning("sync %s needs attention: %s", event.sync_id, event.reason)
        elif isinstance(event, SyncFailed):
            log.warning("sync %s failed: %s", event.sync_id, event.error.message)
        elif isinstance(event, SyncCompleted):
            applied = ", ".join(f"{n} {t}" for t, n in sorted(event.applied.items()))
            log.info("sync %s applied: %s", event.sync_id, applied or "nothing")


def _staged(delivery: Delivery) -> StagedPage:
    """The page's rows: staged by the decoder's workers, or here."""
    if isinstance(delivery.prepared, StagedPage):
        return delivery.prepared
    page = delivery.message
    assert isinstance(page, EntitiesUpserted)
    return stage_page(
        page.sync_id, page.administration_id, page.entity_type, page.page_seq, page.records
    )
