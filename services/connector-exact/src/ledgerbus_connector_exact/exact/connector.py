"""The Exact Online connector: its streams and an authenticated, rate-aware API session."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

import asyncpg
import httpx

from ledgerbus_connector_exact.adapters.connections import ConnectionRepository
from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.exact import errors
from ledgerbus_connector_exact.exact.authenticator import ExactAuthenticator
from ledgerbus_connector_exact.exact.deleted import ExactDeletions
from ledgerbus_connector_exact.exact.oauth import OAuthClient
from ledgerbus_connector_exact.exact.ratelimit import ExactRateBudget
from ledgerbus_connector_exact.exact.streams import ALL_STREAMS
from ledgerbus_connectorkit import Connector, DeletionStream, RestClient, Stream, SyncAborted
from ledgerbus_contracts import ErrorKind, Package, RequestSync
from ledgerbus_servicekit import Clock


class ExactConnector(Connector):
    """Reads Exact divisions through the REST API with the connection's OAuth tokens."""

    package: ClassVar[Package] = Package.EXACT

    def __init__(
        self,
        *,
        settings: Settings,
        pool: asyncpg.Pool,
        repository: ConnectionRepository,
        http: httpx.AsyncClient,
        clock: Clock,
    ) -> None:
        self.settings = settings
        self.pool = pool
        self.repository = repository
        self.http = http
        self.clock = clock
        self.oauth = OAuthClient(
            http,
            settings.exact_client_id,
            settings.exact_client_secret,
            settings.exact_redirect_uri,
        )
        self._budgets: dict[str, ExactRateBudget] = {}

    def streams(self) -> list[Stream]:
        """Every Exact stream."""
        return [stream(self.clock) for stream in ALL_STREAMS]

    def deletion_stream(self) -> DeletionStream:
        """``sync/Deleted``."""
        return ExactDeletions()

    def budget(self, division: str) -> ExactRateBudget:
        """The shared call budget of one division (limits are per app and division)."""
        if division not in self._budgets:
            self._budgets[division] = ExactRateBudget(
                self.clock, daily_reserve=self.settings.daily_call_reserve
            )
        return self._budgets[division]

    def authenticator(self, connection_id: str) -> ExactAuthenticator:
        """Tokens of one connection."""
        return ExactAuthenticator(
            connection_id=connection_id,
            pool=self.pool,
            repository=self.repository,
            oauth=self.oauth,
            clock=self.clock,
            refresh_interval=dt.timedelta(seconds=self.settings.refresh_interval_seconds),
        )

    @asynccontextmanager
    async def session(self, request: RequestSync) -> AsyncIterator[RestClient]:
        """A client for the request's connection and division."""
        if not request.connection_id:
            raise SyncAborted(
                ErrorKind.CONFIGURATION,
                f"administration {request.administration_id} has no Exact connection",
            )
        yield RestClient(
            http=self.http,
            authenticator=self.authenticator(request.connection_id),
            error_handler=errors.resolve,
            budget=self.budget(request.external_id),
            clock=self.clock,
        )
