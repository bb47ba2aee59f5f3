"""Twinfield's OpenID Connect token endpoint and access-token validation (cluster URL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

OIDC = "/auth/authentication/connect"


@dataclass(frozen=True)
class Tokens:
    access_token: SecretStr
    refresh_token: SecretStr
    expires_at: dt.datetime


class TokenRejected(Exception):
    """The login service refused a code, a refresh token or an access token."""


@dataclass(frozen=True)
class LoginClient:
    """Calls login.twinfield.com with the app's client credentials."""

    http: httpx.AsyncClient
    client_id: str
    client_secret: SecretStr
    redirect_uri: str

    async def exchange_code(self, code: str, now: dt.datetime) -> Tokens:
        return await self._token(
            {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri},
            now,
            None,
        )

    async def refresh(self, refresh_token: SecretStr, now: dt.datetime) -> Tokens:
        return await self._token(
            {"grant_type": "refresh_token", "refresh_token": refresh_token.get_secret_value()},
            now,
            refresh_token,
        )

    async def cluster_url(self, access_token: str) -> str:
        """The cluster that serves this token's organisation (``twf.clusterUrl``)."""
        response = await self.http.get(
            f"{OIDC}/accesstokenvalidation", params={"token": access_token}
        )
        if response.status_code == 400:
            raise TokenRejected("Twinfield says the access token is invalid")
        response.raise_for_status()
        return str(response.json()["twf.clusterUrl"])

    async def _token(
        self, form: dict[str, str], now: dt.datetime, old_refresh: SecretStr | None
    ) -> Tokens:
        response = await self.http.post(
            f"{OIDC}/token",
            data={
                **form,
                "client_id": self.client_id,
                "client_secret": self.client_secret.get_secret_value(),
            },
        )
        if response.status_code in (400, 401):
            raise TokenRejected(f"Twinfield's token endpoint answered {response.status_code}")
        response.raise_for_status()
        body = response.json()
        refresh = body.get("refresh_token")
        return Tokens(
            access_token=SecretStr(body["access_token"]),
            refresh_token=SecretStr(refresh) if refresh else old_refresh or SecretStr(""),
            expires_at=now + dt.timedelta(seconds=int(body.get("expires_in", 3600))),
        )
