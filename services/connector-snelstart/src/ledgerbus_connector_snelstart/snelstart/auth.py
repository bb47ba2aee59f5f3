"""SnelStart's two keys: the partner's subscription key on every call, and a bearer token
obtained with the administration's client key (``grant_type=clientkey``)."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from ledgerbus_connectorkit.auth_key import ApiKeyAuthenticator
from ledgerbus_connectorkit.credentials import CredentialsRejected
from ledgerbus_servicekit import Clock

TOKEN_PATH = "/b2b/token"  # noqa: S105 - a path
SUBSCRIPTION_KEY = "Ocp-Apim-Subscription-Key"


async def fetch_token(
    http: httpx.AsyncClient, token_url: str, client_key: SecretStr
) -> tuple[SecretStr, int]:
    """(access token, lifetime in seconds) for a client key."""
    response = await http.post(
        token_url + TOKEN_PATH,
        data={"grant_type": "clientkey", "clientkey": client_key.get_secret_value()},
    )
    if response.status_code in (400, 401):
        raise CredentialsRejected(
            f"SnelStart's token endpoint refused the client key ({response.status_code})"
        )
    response.raise_for_status()
    body = response.json()
    return SecretStr(body["access_token"]), int(body.get("expires_in", 3599))


class SnelStartAuthenticator(ApiKeyAuthenticator):
    """Headers for one connection; the token is fetched lazily and renewed on expiry or 401."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        token_url: str,
        client_key: SecretStr,
        subscription_key: SecretStr,
        clock: Clock,
    ) -> None:
        async def exchange(key: SecretStr) -> tuple[SecretStr, int]:
            return await fetch_token(http, token_url, key)

        super().__init__(
            key=client_key,
            exchange=exchange,
            clock=clock,
            static={SUBSCRIPTION_KEY: subscription_key},
            renew_hint="the administration's client key must be renewed in SnelStart Web",
        )
