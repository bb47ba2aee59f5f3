"""connector-snelstart: wiring happens here and only here."""

from __future__ import annotations

import asyncpg
import httpx
from fastapi import FastAPI

from ledgerbus_connector_snelstart.adapters.connections import ConnectionRepository
from ledgerbus_connector_snelstart.api.routes import connections
from ledgerbus_connector_snelstart.core.config import Settings
from ledgerbus_connector_snelstart.snelstart.connector import SnelStartConnector
from ledgerbus_connector_snelstart.snelstart.postings import SnelStartPostings
from ledgerbus_connectorkit.app import create_connector_app
from ledgerbus_servicekit import Clock, SystemClock
from ledgerbus_servicekit.crypto import SecretBox


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, start_worker: bool = True
) -> FastAPI:
    """The SnelStart connector service."""
    settings = settings or Settings()
    clock = clock or SystemClock()

    def build(pool: asyncpg.Pool, http: httpx.AsyncClient) -> SnelStartConnector:
        repository = ConnectionRepository(SecretBox(settings.encryption_key))
        return SnelStartConnector(
            settings=settings, pool=pool, repository=repository, http=http, clock=clock
        )

    return create_connector_app(
        settings=settings,
        title="ledgerbus connector-snelstart",
        package_module="ledgerbus_connector_snelstart",
        base_url=settings.snelstart_base_url,
        build=build,
        routers=[connections.router],
        concurrency=settings.sync_concurrency,
        clock=clock,
        start_worker=start_worker,
        http_timeout=settings.http_timeout_seconds,
        lease_seconds=settings.job_lease_seconds,
        writer=lambda _connector: SnelStartPostings(),
    )
