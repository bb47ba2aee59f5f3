"""The ledger-store service: wiring happens here and only here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from ledgerbus_ledger_store.api.routes import ROUTERS
from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_ledger_store.entrypoints.changes import ChangeApplier
from ledgerbus_ledger_store.entrypoints.decoding import PageDecoder
from ledgerbus_ledger_store.entrypoints.outbox import OutboxRelay
from ledgerbus_ledger_store.entrypoints.postings import PostingOutcomes
from ledgerbus_servicekit import Clock, Runtime, SystemClock
from ledgerbus_servicekit.app import create_service_app
from ledgerbus_servicekit.db import migrations_in


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    """The ledger-store: applies ``ledger.changes``, follows ``sync.status``, serves the mirror."""
    settings = settings or Settings()
    clock = clock or SystemClock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(settings)
        app.state.readiness_checks = runtime.readiness_checks
        app.state.clock = clock
        try:
            await runtime.ensure_topics()
            pool = await runtime.database(migrations_in("ledgerbus_ledger_store"))
            app.state.pool = pool
            publisher = await runtime.publisher()
            app.state.publisher = publisher
            outbox = OutboxRelay(pool, publisher, clock)
            app.state.outbox = outbox
            await outbox.start()
            runtime.add_stop(outbox.stop)
            decoder = PageDecoder(settings.decode_workers, settings.gc_young_threshold)
            await decoder.start()
            runtime.add_stop(decoder.stop)
            await runtime.consumer(
                name="ledger-store",
                topics=[settings.topics.ledger_changes, settings.topics.sync_status],
                handler=ChangeApplier(pool, publisher, clock, settings, outbox.wake),
                decoder=decoder,
            )
            await runtime.consumer(
                name="ledger-store-postings",
                topics=[settings.topics.posting_status],
                handler=PostingOutcomes(pool),
            )
            yield
        finally:
            await runtime.stop()

    return create_service_app(
        title="ledgerbus ledger-store",
        settings=settings,
        lifespan=lifespan,
        routers=ROUTERS,
        outboxes={"ledger-store": "SELECT count(*) FROM outbox WHERE published_at IS NULL"},
    )
