"""The scheduler service: wiring happens here and only here."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from ledgerbus_contracts import Package
from ledgerbus_scheduler.adapters.connection_owners import ConnectionOwners, connector_clients
from ledgerbus_scheduler.api.routes import ROUTERS
from ledgerbus_scheduler.core.config import Settings
from ledgerbus_scheduler.entrypoints.status import status_handler
from ledgerbus_scheduler.outbox import Outbox
from ledgerbus_scheduler.scheduling import NightlyScheduler
from ledgerbus_servicekit import Clock, Runtime, SystemClock
from ledgerbus_servicekit.app import create_service_app
from ledgerbus_servicekit.db import migrations_in


def create_app(
    settings: Settings | None = None,
    clock: Clock | None = None,
    start_scheduling: bool | None = None,
    connectors: Mapping[Package, httpx.AsyncBaseTransport] | None = None,
) -> FastAPI:
    """The scheduler: administrations, manual syncs, the outbox relay, the nightly leader.

    ``start_scheduling`` (default: the ``SCHEDULING_ENABLED`` setting) runs the nightly
    scheduler, which ticks while this replica holds the leader lock. ``connectors`` reach
    a package's connector over a given transport instead of ``CONNECTOR_URLS`` (tests run
    the connector apps in-process); the scheduler asks them who owns a connection.
    """
    settings = settings or Settings()
    clock = clock or SystemClock()
    schedules = settings.scheduling_enabled if start_scheduling is None else start_scheduling

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(settings)
        app.state.readiness_checks = runtime.readiness_checks
        app.state.clock = clock
        try:
            await runtime.ensure_topics()
            pool = await runtime.database(migrations_in("ledgerbus_scheduler"))
            app.state.pool = pool
            clients = connector_clients(settings.connector_urls, connectors)
            for client in clients.values():
                runtime.add_stop(client.aclose)
            app.state.connection_owners = ConnectionOwners(clients)
            publisher = await runtime.publisher()
            outbox = Outbox(
                pool,
                publisher,
                clock,
                settings.relay_interval_seconds,
                dedup_for=dt.timedelta(hours=settings.dedup_hours),
            )
            app.state.outbox = outbox
            await outbox.start()
            runtime.add_stop(outbox.stop)
            await runtime.consumer(
                name="scheduler",
                topics=[settings.topics.sync_status, settings.topics.connector_versions],
                handler=status_handler(pool, clock, settings.upgrade_spread_nights),
            )
            scheduler = NightlyScheduler(pool, outbox, clock, interval=settings.tick_seconds)
            app.state.scheduler = scheduler
            if schedules:
                await scheduler.start()
                runtime.add_stop(scheduler.stop)
            yield
        finally:
            await runtime.stop()

    return create_service_app(
        title="ledgerbus scheduler",
        settings=settings,
        lifespan=lifespan,
        routers=ROUTERS,
        outboxes={"sync-requests": "SELECT count(*) FROM sync_requests WHERE published_at IS NULL"},
    )
