"""An OAuth2 token endpoint: the authorization-code exchange and refresh-token rotation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

from ledgerbus_connectorkit.credentials import CredentialsRejected, Tokens


@dataclass(frozen=True)
class OAuthClient:
    """Calls a package's token endpoint (``token_path`` on the HTTP client's base URL)
    with the app's client credentials.

    A token response without ``refresh_token`` keeps the one that was spent;
    ``expires_in`` (a number, or a string as Exact sends it) defaults to
    ``default_lifetime`` seconds. 400 and 401 are refusals
    (:class:`CredentialsRejected`, saying why without secrets); other failures raise.
    """

    http: httpx.AsyncClient
    token_path: str
    client_id: str
    client_secret: SecretStr
    redirect_uri: str
    title: str = "the package"
    default_lifetime: int = 3600

    async def exchange_code(self, code: str, now: dt.datetime) -> Tokens:
        """Trade an authorization code for tokens."""
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri}
        return await self._token(form, now, None)

    async def refresh(self, refresh_token: SecretStr, now: dt.datetime) -> Tokens:
        """Trade the refresh token for new tokens (the old one may die with it)."""
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token.get_secret_value()}
        return await self._token(form, now, refresh_token)

    async def _token(
        self, form: dict[str, str], now: dt.datetime, spent: SecretStr | None
    ) -> Tokens:
        secret = self.client_secret.get_secret_value()
        response = await self.http.post(
            self.token_path, data={**form, "client_id": self.client_id, "client_secret": secret}
        )
        if response.status_code in (400, 401):
            raise CredentialsRejected(self._describe(response))
        response.raise_for_status()
        body = response.json()
        refresh = body.get("refresh_token")
        lifetime = int(body.get("expires_in") or self.default_lifetime)
        return Tokens(
            access_token=SecretStr(body["access_token"]),
            refresh_token=SecretStr(refresh) if refresh else spent or SecretStr(""),
            expires_at=now + dt.timedelta(seconds=lifetime),
            issued_at=now,
        )

    def _describe(self, response: httpx.Response) -> str:
        said = f"{self.title}'s token endpoint answered {response.status_code}"
        try:
            body = response.json()
            description = str(body.get("error_description") or body.get("error") or "")
        except (ValueError, AttributeError):
            description = ""
        return f"{said}: {description}"[:300] if description else said
