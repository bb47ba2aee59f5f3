"""connector-twinfield: wiring happens here and only here."""

from __future__ import annotations

import asyncpg
import httpx
from fastapi import FastAPI

from ledgerbus_connector_twinfield.adapters.connections import ConnectionRepository
from ledgerbus_connector_twinfield.api.routes import connections
from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.twinfield.connector import TwinfieldConnector
from ledgerbus_connectorkit.app import create_connector_app
from ledgerbus_servicekit import Clock, SystemClock
from ledgerbus_servicekit.crypto import SecretBox


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, start_worker: bool = True
) -> FastAPI:
    """The Twinfield connector service."""
    settings = settings or Settings()
    clock = clock or SystemClock()

    def build(pool: asyncpg.Pool, http: httpx.AsyncClient) -> TwinfieldConnector:
        repository = ConnectionRepository(SecretBox(settings.encryption_key))
        return TwinfieldConnector(
            settings=settings, pool=pool, repository=repository, http=http, clock=clock
        )

    return create_connector_app(
        settings=settings,
        title="ledgerbus connector-twinfield",
        package_module="ledgerbus_connector_twinfield",
        base_url=settings.twinfield_login_url,
        build=build,
        routers=[connections.router],
        concurrency=settings.sync_concurrency,
        clock=clock,
        start_worker=start_worker,
        http_timeout=settings.http_timeout_seconds,
        lease_seconds=settings.job_lease_seconds,
    )
