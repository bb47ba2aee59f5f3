"""connector-exact: wiring happens here and only here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from ledgerbus_connector_exact.adapters.connections import ConnectionRepository
from ledgerbus_connector_exact.api.routes import connections
from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.exact.connector import ExactConnector
from ledgerbus_connectorkit import connector_migrations, start_connector
from ledgerbus_servicekit import Clock, Runtime, SystemClock
from ledgerbus_servicekit.app import create_service_app
from ledgerbus_servicekit.crypto import SecretBox


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, start_worker: bool = True
) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(settings)
        app.state.readiness_checks = runtime.readiness_checks
        try:
            await runtime.ensure_topics()
            pool = await runtime.database(connector_migrations("ledgerbus_connector_exact"))
            http = httpx.AsyncClient(
                base_url=settings.exact_base_url, timeout=settings.http_timeout_seconds
            )
            runtime.add_stop(http.aclose)
            connector = ExactConnector(
                settings=settings,
                pool=pool,
                repository=ConnectionRepository(SecretBox(settings.encryption_key)),
                http=http,
                clock=clock,
            )
            app.state.connector = connector
            app.state.jobs = await start_connector(
                runtime,
                connector,
                pool=pool,
                clock=clock,
                concurrency=settings.sync_concurrency,
                start_worker=start_worker,
            )
            yield
        finally:
            await runtime.stop()

    return create_service_app(
        title="ledgerbus connector-exact",
        settings=settings,
        lifespan=lifespan,
        routers=[connections.router],
    )
