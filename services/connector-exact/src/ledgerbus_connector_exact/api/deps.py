from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ledgerbus_connector_exact.exact.connector import ExactConnector


def get_connector(request: Request) -> ExactConnector:
    connector: ExactConnector = request.app.state.connector
    return connector


ConnectorDep = Annotated[ExactConnector, Depends(get_connector)]
