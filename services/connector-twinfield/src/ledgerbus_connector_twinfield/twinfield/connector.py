"""The Twinfield connector: its streams and a SOAP session on the office's cluster."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

import asyncpg
import httpx

from ledgerbus_connector_twinfield.adapters.connections import ConnectionRepository
from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.twinfield import errors
from ledgerbus_connector_twinfield.twinfield.authenticator import (
    ACCESS_TOKEN,
    TwinfieldAuthenticator,
)
from ledgerbus_connector_twinfield.twinfield.browse import BrowseStream
from ledgerbus_connector_twinfield.twinfield.client import TwinfieldClient
from ledgerbus_connector_twinfield.twinfield.deleted import DeletedTransactions
from ledgerbus_connector_twinfield.twinfield.oauth import LoginClient, TokenRejected
from ledgerbus_connector_twinfield.twinfield.streams import ALL_STREAMS
from ledgerbus_connectorkit import Connector, DeletionStream, Stream, SyncAborted
from ledgerbus_contracts import ErrorKind, Package, RequestSync
from ledgerbus_servicekit import Clock


class TwinfieldConnector(Connector):
    """Reads Twinfield offices with a connection's OpenID Connect tokens."""

    package: ClassVar[Package] = Package.TWINFIELD

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
        self.login = LoginClient(
            http,
            settings.twinfield_client_id,
            settings.twinfield_client_secret,
            settings.twinfield_redirect_uri,
        )

    def streams(self) -> list[Stream]:
        year = self.clock.now().year
        return [
            stream(this_year=year) if issubclass(stream, BrowseStream) else stream()
            for stream in ALL_STREAMS
        ]

    def deletion_stream(self) -> DeletionStream:
        """Transactions deleted in Twinfield (``DeletedTransactionsService``)."""
        return DeletedTransactions()

    @asynccontextmanager
    async def session(self, request: RequestSync) -> AsyncIterator[TwinfieldClient]:
        """A SOAP client for the request's office, on the cluster the token belongs to."""
        if not request.connection_id:
            raise SyncAborted(
                ErrorKind.CONFIGURATION,
                f"administration {request.administration_id} has no connection",
            )
        authenticator = TwinfieldAuthenticator(
            request.connection_id, self.pool, self.repository, self.login, self.clock
        )
        try:
            cluster = await self.login.cluster_url((await authenticator.headers())[ACCESS_TOKEN])
        except TokenRejected:
            await authenticator.refresh()
            cluster = await self.login.cluster_url((await authenticator.headers())[ACCESS_TOKEN])
        yield TwinfieldClient(
            cluster_url=cluster,
            office=request.external_id,
            pool=self.pool,
            connection_id=request.connection_id,
            http=self.http,
            authenticator=authenticator,
            error_handler=errors.resolver(self.clock),
            clock=self.clock,
        )
