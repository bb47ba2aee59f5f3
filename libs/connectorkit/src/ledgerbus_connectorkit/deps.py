"""FastAPI dependencies of the connector service's routes: its connector, typed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from ledgerbus_connectorkit.package import ApiKeyConnector, OAuthConnector, PackageConnector


def get_connector(request: Request) -> PackageConnector[Any]:
    """The service's connector (``app.state.connector``)."""
    connector: PackageConnector[Any] = request.app.state.connector
    return connector


def get_oauth_connector(request: Request) -> OAuthConnector[Any]:
    """The service's connector, of an OAuth2 package."""
    connector = get_connector(request)
    assert isinstance(connector, OAuthConnector)
    return connector


def get_key_connector(request: Request) -> ApiKeyConnector[Any]:
    """The service's connector, of an API-key package."""
    connector = get_connector(request)
    assert isinstance(connector, ApiKeyConnector)
    return connector


ConnectorDep = Annotated[PackageConnector[Any], Depends(get_connector)]
OAuthConnectorDep = Annotated[OAuthConnector[Any], Depends(get_oauth_connector)]
KeyConnectorDep = Annotated[ApiKeyConnector[Any], Depends(get_key_connector)]
