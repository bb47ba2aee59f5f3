"""connector-snelstart: the kit's connector service with SnelStart's connector and postings."""

from __future__ import annotations

from fastapi import FastAPI

from ledgerbus_connector_snelstart.core.config import Settings
from ledgerbus_connector_snelstart.snelstart.connector import SnelStartConnector
from ledgerbus_connector_snelstart.snelstart.postings import SnelStartPostings
from ledgerbus_connectorkit.app import connector_app
from ledgerbus_servicekit import Clock


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, start_worker: bool = True
) -> FastAPI:
    """The SnelStart connector service."""
    return connector_app(
        SnelStartConnector,
        settings or Settings(),
        clock=clock,
        start_worker=start_worker,
        writer=lambda _connector: SnelStartPostings(),
    )
