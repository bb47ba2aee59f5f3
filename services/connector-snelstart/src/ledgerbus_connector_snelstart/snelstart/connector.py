"""The SnelStart connector: its streams and an authenticated API session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, ClassVar

from pydantic import SecretStr

from ledgerbus_connector_snelstart.core.config import Settings
from ledgerbus_connector_snelstart.snelstart import errors
from ledgerbus_connector_snelstart.snelstart.auth import SnelStartAuthenticator, fetch_token
from ledgerbus_connector_snelstart.snelstart.periods import Boekjaren
from ledgerbus_connector_snelstart.snelstart.references import ReferenceCodes, SnelStartClient
from ledgerbus_connector_snelstart.snelstart.streams import (
    BtwTarieven,
    Dagboeken,
    Grootboeken,
    Grootboekmutaties,
    Kostenplaatsen,
    Relaties,
)
from ledgerbus_connectorkit import RestClient, Stream
from ledgerbus_connectorkit.package import Administration, ApiKeyConnector
from ledgerbus_contracts import Package, RequestSync


class SnelStartConnector(ApiKeyConnector[Settings]):
    """Reads SnelStart administrations with their client keys."""

    package: ClassVar[Package] = Package.SNELSTART
    title: ClassVar[str] = "SnelStart"

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.token_url = self.settings.snelstart_auth_url or self.settings.snelstart_base_url
        self.references = ReferenceCodes()

    @classmethod
    def base_url(cls, settings: Settings) -> str:
        """The API host."""
        return settings.snelstart_base_url

    async def exchange_key(self, key: SecretStr) -> tuple[SecretStr, int]:
        """A token for the client key (checks it)."""
        return await fetch_token(self.http, self.token_url, key)

    def streams(self) -> list[Stream]:
        clock = self.clock
        return [
            Grootboeken(clock),
            BtwTarieven(clock),
            Dagboeken(clock),
            Kostenplaatsen(clock),
            Relaties(clock),
            Boekjaren(clock),
            Grootboekmutaties(self.references, clock),
        ]

    async def reachable(self, client: RestClient, request: RequestSync) -> bool | None:
        """Whether the client key opens the requested administration: a client key opens
        exactly one, which ``/v2/companyInfo`` names (``administratieIdentifier``)."""
        info = await client.get_json("/v2/companyInfo")
        opened = info.get("administratieIdentifier") if isinstance(info, dict) else None
        if not opened:
            return None
        return str(opened).lower() == request.external_id.lower()

    def _authenticator(self, key: SecretStr) -> SnelStartAuthenticator:
        subscription = self.settings.snelstart_subscription_key
        return SnelStartAuthenticator(self.http, self.token_url, key, subscription, self.clock)

    async def administrations(self, connection_id: str) -> list[Administration]:
        """The one administration a client key opens, as ``/v2/companyInfo`` names it."""
        async with self.pool.acquire() as conn:
            key = await self.repository.client_key(conn, connection_id)
        if key is None:
            return []
        client = RestClient(
            http=self.http,
            authenticator=self._authenticator(key),
            error_handler=errors.resolver(self.clock),
            clock=self.clock,
        )
        info = await client.get_json("/v2/companyInfo")
        code = str(info.get("administratieIdentifier") or "") if isinstance(info, dict) else ""
        name = str(info.get("administratieNaam") or "") if isinstance(info, dict) else ""
        return [Administration(code=code, name=name, current=True)] if code else []

    @asynccontextmanager
    async def session(self, request: RequestSync) -> AsyncIterator[RestClient]:
        """A client for the request's connection (one client key per administration)."""
        authenticator = self._authenticator(await self.key_of(request))
        codes = self.references.open(request.administration_id)
        try:
            yield SnelStartClient(
                codes=codes,
                http=self.http,
                authenticator=authenticator,
                error_handler=errors.resolver(self.clock),
                clock=self.clock,
            )
        finally:
            self.references.close(request.administration_id)
