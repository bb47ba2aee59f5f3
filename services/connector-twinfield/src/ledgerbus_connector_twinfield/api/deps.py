"""FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ledgerbus_connector_twinfield.twinfield.connector import TwinfieldConnector


def get_connector(request: Request) -> TwinfieldConnector:
    connector: TwinfieldConnector = request.app.state.connector
    return connector


ConnectorDep = Annotated[TwinfieldConnector, Depends(get_connector)]
