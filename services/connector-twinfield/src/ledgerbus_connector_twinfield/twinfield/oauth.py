"""Twinfield's OpenID Connect login: the kit's token client on ``/connect/token`` and the
access-token validation that names the organisation's cluster (``twf.clusterUrl``)."""

from __future__ import annotations

import httpx

from ledgerbus_connectorkit.credentials import CredentialsRejected, Tokens

__all__ = ["ACCESS_TOKEN", "OIDC", "TOKEN_PATH", "Tokens", "cluster_url"]

OIDC = "/auth/authentication/connect"
TOKEN_PATH = f"{OIDC}/token"
ACCESS_TOKEN = "AccessToken"  # noqa: S105 - the key under which the SOAP header gets it


async def cluster_url(http: httpx.AsyncClient, access_token: str) -> str:
    """The cluster that serves this token's organisation; 400 means the token is invalid."""
    response = await http.get(f"{OIDC}/accesstokenvalidation", params={"token": access_token})
    if response.status_code == 400:
        raise CredentialsRejected("Twinfield says the access token is invalid")
    response.raise_for_status()
    return str(response.json()["twf.clusterUrl"])
