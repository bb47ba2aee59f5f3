"""Exact Online's OAuth2 token endpoint: code exchange and refresh-token rotation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

TOKEN_PATH = "/api/oauth2/token"  # noqa: S105 - a path, not a secret


@dataclass(frozen=True)
class Tokens:
    """A token response; secrets stay wrapped so they never print."""

    access_token: SecretStr
    refresh_token: SecretStr
    issued_at: dt.datetime
    expires_at: dt.datetime


class TokenRejected(Exception):
    """The token endpoint refused the code or refresh token (it says why, without secrets)."""


@dataclass(frozen=True)
class OAuthClient:
    """Calls the token endpoint with the app's client credentials."""

    http: httpx.AsyncClient
    client_id: str
    client_secret: SecretStr
    redirect_uri: str

    async def exchange_code(self, code: str, now: dt.datetime) -> Tokens:
        """Trade an authorization code for tokens."""
        return await self._token(
            {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri},
            now,
        )

    async def refresh(self, refresh_token: SecretStr, now: dt.datetime) -> Tokens:
        """Trade the refresh token for new tokens; the old refresh token dies."""
        return await self._token(
            {"grant_type": "refresh_token", "refresh_token": refresh_token.get_secret_value()}, now
        )

    async def _token(self, form: dict[str, str], now: dt.datetime) -> Tokens:
        form = {
            **form,
            "client_id": self.client_id,
            "client_secret": self.client_secret.get_secret_value(),
        }
        response = await self.http.post(TOKEN_PATH, data=form)
        if response.status_code in (400, 401):
            raise TokenRejected(_describe(response))
        response.raise_for_status()
        body = response.json()
        lifetime = int(body.get("expires_in", "600"))  # Exact sends it as a string
        return Tokens(
            access_token=SecretStr(body["access_token"]),
            refresh_token=SecretStr(body["refresh_token"]),
            issued_at=now,
            expires_at=now + dt.timedelta(seconds=lifetime),
        )


def _describe(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"token endpoint answered {response.status_code}"
    description = body.get("error_description") or body.get("error") or ""
    return f"token endpoint answered {response.status_code}: {description}"[:300]
