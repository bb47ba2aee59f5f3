"""The FastAPI app every connector service is: pool, HTTP client, connector, job worker.

A package calls :func:`connector_app` from its ``main.create_app`` and
:func:`serve_connector` from its ``__main__``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
from fastapi import APIRouter, FastAPI

from ledgerbus_connectorkit import routes
from ledgerbus_connectorkit.connection_routes import connection_router
from ledgerbus_connectorkit.connector import Connector
from ledgerbus_connectorkit.package import PackageConnector, SettingsT
from ledgerbus_connectorkit.postings import PostingWriter, start_postings
from ledgerbus_connectorkit.repository import ConnectionRepository
from ledgerbus_connectorkit.service import connector_migrations, start_connector
from ledgerbus_servicekit import Clock, Runtime, ServiceSettings, SystemClock
from ledgerbus_servicekit.app import create_service_app, serve
from ledgerbus_servicekit.crypto import SecretBox
from ledgerbus_servicekit.logging import setup_logging

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


def connector_app(
    connector: type[PackageConnector[SettingsT]],
    settings: SettingsT,
    *,
    clock: Clock | None = None,
    start_worker: bool = True,
    writer: Callable[[Any], PostingWriter] | None = None,
) -> FastAPI:
    """The service of a package connector: everything but the package's own parts.

    The connector is built with the service's pool, HTTP client (on its ``base_url``),
    clock and connection repository; the connection routes follow its credential kind.
    """
    clock = clock or SystemClock()

    def build(pool: asyncpg.Pool, http: httpx.AsyncClient) -> Connector:
        repository = ConnectionRepository(SecretBox(settings.encryption_key))
        return connector(
            settings=settings, pool=pool, http=http, clock=clock, repository=repository
        )

    return create_connector_app(
        settings=settings,
        title=f"ledgerbus {settings.service_name}",
        package_module=connector.__module__.split(".")[0],
        base_url=connector.base_url(settings),
        build=build,
        routers=[connection_router(connector)],
        concurrency=settings.sync_concurrency,
        clock=clock,
        start_worker=start_worker,
        http_timeout=settings.http_timeout_seconds,
        lease_seconds=settings.job_lease_seconds,
        writer=writer,
    )


def serve_connector(create_app: Callable[[SettingsT], FastAPI], settings: SettingsT) -> None:
    """``python -m <package>``: log as the service and serve its app on its host and port."""
    setup_logging(settings.service_name)
    serve(create_app(settings), settings.host, settings.port)
