"""connector-exact: the kit's connector service with Exact Online's connector."""

from __future__ import annotations

from fastapi import FastAPI

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.exact.connector import ExactConnector
from ledgerbus_connector_exact.exact.postings import ExactPostings
from ledgerbus_connectorkit.app import connector_app
from ledgerbus_servicekit import Clock


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, start_worker: bool = True
) -> FastAPI:
    """The Exact Online connector service."""
    return connector_app(
        ExactConnector,
        settings or Settings(),
        clock=clock,
        start_worker=start_worker,
        writer=lambda _connector: ExactPostings(),
    )
