"""connector-twinfield: the kit's connector service with Twinfield's connector."""

from __future__ import annotations

from fastapi import FastAPI

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.twinfield.connector import TwinfieldConnector
from ledgerbus_connector_twinfield.twinfield.postings import TwinfieldPostings
from ledgerbus_connectorkit.app import connector_app
from ledgerbus_servicekit import Clock


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, start_worker: bool = True
) -> FastAPI:
    """The Twinfield connector service."""
    return connector_app(
        TwinfieldConnector,
        settings or Settings(),
        clock=clock,
        start_worker=start_worker,
        writer=lambda _connector: TwinfieldPostings(),
    )
