"""The FastAPI app every connector service is: pool, HTTP client, connector, job worker."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
from fastapi import APIRouter, FastAPI

from ledgerbus_connectorkit import routes
from ledgerbus_connectorkit.connector import Connector
from ledgerbus_connectorkit.postings import PostingWriter, start_postings
from ledgerbus_connectorkit.service import connector_migrations, start_connector
from ledgerbus_servicekit import Runtime, ServiceSettings
from ledgerbus_servicekit.app import create_service_app

BuildConnector = Callable[[asyncpg.Pool, httpx.AsyncClient], Connector]


def create_connector_app(
    *,
    settings: ServiceSettings,
    title: str,
    package_module: str,
    base_url: str,
    build: BuildConnector,
    routers: Sequence[APIRouter],
    concurrency: int,
    clock: Any,
    start_worker: bool = True,
    http_timeout: float = 30.0,
    lease_seconds: float = 120.0,
    writer: Callable[[Connector], PostingWriter] | None = None,
) -> FastAPI:
    """A connector service: ``build(pool, http)`` makes the package's connector.

    ``app.state.connector`` and ``app.state.jobs`` are available to the routes;
    ``GET /v1/connections/{id}`` (the connection's owner) is added to ``routers``.
    ``writer(connector)``, where the package takes postings, books the ``PostEntries``
    of the ``postings`` topic (:mod:`ledgerbus_connectorkit.postings`).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(settings)
        app.state.readiness_checks = runtime.readiness_checks
        try:
            await runtime.ensure_topics()
            pool = await runtime.database(connector_migrations(package_module))
            http = httpx.AsyncClient(base_url=base_url, timeout=http_timeout)
            runtime.add_stop(http.aclose)
            connector = build(pool, http)
            app.state.connector = connector
            app.state.jobs = await start_connector(
                runtime,
                connector,
                pool=pool,
                clock=clock,
                concurrency=concurrency,
                start_worker=start_worker,
                lease_seconds=lease_seconds,
            )
            if writer is not None:
                app.state.postings = await start_postings(
                    runtime,
                    connector,
                    writer(connector),
                    pool=pool,
                    publisher=app.state.jobs.publisher,
                    clock=clock,
                )
            yield
        finally:
            await runtime.stop()

    return create_service_app(
        title=title, settings=settings, lifespan=lifespan, routers=[*routers, routes.router]
    )
