"""The SnelStart connector: its streams and an authenticated API session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

import asyncpg
import httpx

from ledgerbus_connector_snelstart.adapters.connections import ConnectionRepository
from ledgerbus_connector_snelstart.core.config import Settings
from ledgerbus_connector_snelstart.snelstart import errors
from ledgerbus_connector_snelstart.snelstart.auth import SnelStartAuthenticator
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
from ledgerbus_connectorkit import Connector, RestClient, Stream, SyncAborted
from ledgerbus_contracts import ErrorKind, Package, RequestSync
from ledgerbus_servicekit import Clock


class SnelStartConnector(Connector):
    """Reads SnelStart administrations with their client keys."""

    package: ClassVar[Package] = Package.SNELSTART

    def __init__(
        self,
        *,
        settings: Settings,
        pool: asyncpg.Pool,
        repository: ConnectionRepository,
        http: httpx.AsyncClient,
        clock: Clock,
    ) -> None:
        self.settings, self.pool, self.repository = settings, pool, repository
        self.http, self.clock = http, clock
        self.token_url = settings.snelstart_auth_url or settings.snelstart_base_url
        self.references = ReferenceCodes()

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

    @asynccontextmanager
    async def session(self, request: RequestSync) -> AsyncIterator[RestClient]:
        """A client for the request's connection (one client key per administration)."""
        async with self.pool.acquire() as conn:
            key = await self.repository.client_key(conn, request.connection_id or "")
        if key is None:
            raise SyncAborted(
                ErrorKind.CONFIGURATION,
                f"administration {request.administration_id} has no SnelStart "
                f"connection {request.connection_id!r}",
            )
        authenticator = SnelStartAuthenticator(
            self.http, self.token_url, key, self.settings.snelstart_subscription_key, self.clock
        )
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
