"""connector-exact: wiring happens here and only here."""

from __future__ import annotations

import asyncpg
import httpx
from fastapi import FastAPI

from ledgerbus_connector_exact.adapters.connections import ConnectionRepository
from ledgerbus_connector_exact.api.routes import connections
from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.exact.connector import ExactConnector
from ledgerbus_connector_exact.exact.postings import ExactPostings
from ledgerbus_connectorkit.app import create_connector_app
from ledgerbus_servicekit import Clock, SystemClock
from ledgerbus_servicekit.crypto import SecretBox


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, start_worker: bool = True
) -> FastAPI:
    """The Exact Online connector service."""
    settings = settings or Settings()
    clock = clock or SystemClock()

    def build(pool: asyncpg.Pool, http: httpx.AsyncClient) -> ExactConnector:
        repository = ConnectionRepository(SecretBox(settings.encryption_key))
        return ExactConnector(
            settings=settings, pool=pool, repository=repository, http=http, clock=clock
        )

    return create_connector_app(
        settings=settings,
        title="ledgerbus connector-exact",
        package_module="ledgerbus_connector_exact",
        base_url=settings.exact_base_url,
        build=build,
        routers=[connections.router],
        concurrency=settings.sync_concurrency,
        clock=clock,
        start_worker=start_worker,
        http_timeout=settings.http_timeout_seconds,
        lease_seconds=settings.job_lease_seconds,
        writer=lambda _connector: ExactPostings(),
    )
