"""FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ledgerbus_connector_snelstart.snelstart.connector import SnelStartConnector


def get_connector(request: Request) -> SnelStartConnector:
    connector: SnelStartConnector = request.app.state.connector
    return connector


ConnectorDep = Annotated[SnelStartConnector, Depends(get_connector)]
