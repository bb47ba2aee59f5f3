"""SnelStart's two keys: the partner's subscription key on every call, and a bearer token
obtained with the administration's client key (``grant_type=clientkey``)."""

from __future__ import annotations

import datetime as dt

import httpx
from pydantic import SecretStr

from ledgerbus_connectorkit import SyncAborted
from ledgerbus_connectorkit.auth import bearer
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock

TOKEN_PATH = "/b2b/token"  # noqa: S105 - a path


class TokenRejected(Exception):
    """The token endpoint refused the client key."""


async def fetch_token(
    http: httpx.AsyncClient, token_url: str, client_key: SecretStr
) -> tuple[SecretStr, int]:
    """(access token, lifetime in seconds) for a client key."""
    response = await http.post(
        token_url + TOKEN_PATH,
        data={"grant_type": "clientkey", "clientkey": client_key.get_secret_value()},
    )
    if response.status_code in (400, 401):
        raise TokenRejected(
            f"SnelStart's token endpoint refused the client key ({response.status_code})"
        )
    response.raise_for_status()
    body = response.json()
    return SecretStr(body["access_token"]), int(body.get("expires_in", 3599))


class SnelStartAuthenticator:
    """Headers for one connection; the token is fetched lazily and renewed on expiry or 401."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        token_url: str,
        client_key: SecretStr,
        subscription_key: SecretStr,
        clock: Clock,
    ) -> None:
        self.http, self.token_url, self.client_key = http, token_url, client_key
        self.subscription_key, self.clock = subscription_key, clock
        self._token: SecretStr | None = None
        self._expires: dt.datetime | None = None

    async def headers(self) -> dict[str, str]:
        now = self.clock.now()
        if self._token is None or self._expires is None or now >= self._expires:
            await self.refresh()
        assert self._token is not None
        return {
            **bearer(self._token.get_secret_value()),
            "Ocp-Apim-Subscription-Key": self.subscription_key.get_secret_value(),
        }

    async def refresh(self) -> None:
        try:
            token, lifetime = await fetch_token(self.http, self.token_url, self.client_key)
        except TokenRejected as exc:
            raise SyncAborted(
                ErrorKind.REAUTHORIZATION_REQUIRED,
                f"{exc}; the administration's client key must be renewed in SnelStart Web",
            ) from exc
        self._token = token
        self._expires = self.clock.now() + dt.timedelta(seconds=max(lifetime - 60, 1))
