"""connector-eaccounting: the kit's connector service with eAccounting's connector."""

from __future__ import annotations

from fastapi import FastAPI

from ledgerbus_connector_eaccounting.connector import EAccountingConnector
from ledgerbus_connector_eaccounting.settings import Settings
from ledgerbus_connectorkit.app import connector_app
from ledgerbus_servicekit import Clock


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, start_worker: bool = True
) -> FastAPI:
    """The eAccounting connector service."""
    return connector_app(
        EAccountingConnector, settings or Settings(), clock=clock, start_worker=start_worker
    )
