"""The Twinfield connector: its streams and a SOAP session on the office's cluster."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.twinfield import errors
from ledgerbus_connector_twinfield.twinfield.browse import BrowseStream
from ledgerbus_connector_twinfield.twinfield.client import TwinfieldClient
from ledgerbus_connector_twinfield.twinfield.deleted import DeletedTransactions
from ledgerbus_connector_twinfield.twinfield.oauth import ACCESS_TOKEN, TOKEN_PATH, cluster_url
from ledgerbus_connector_twinfield.twinfield.offices import OfficesClient, list_offices
from ledgerbus_connector_twinfield.twinfield.ratelimit import twinfield_budget
from ledgerbus_connector_twinfield.twinfield.streams import ALL_STREAMS
from ledgerbus_connectorkit import DeletionStream, Stream
from ledgerbus_connectorkit.auth_oauth import OAuth2Authenticator
from ledgerbus_connectorkit.budget import CreditBudget
from ledgerbus_connectorkit.credentials import CredentialsRejected
from ledgerbus_connectorkit.oauth import OAuthClient
from ledgerbus_connectorkit.package import Administration, OAuthConnector
from ledgerbus_contracts import Package, RequestSync


class TwinfieldConnector(OAuthConnector[Settings]):
    """Reads Twinfield offices with a connection's OpenID Connect tokens."""

    package: ClassVar[Package] = Package.TWINFIELD
    title: ClassVar[str] = "Twinfield"
    expiry_margin: ClassVar[dt.timedelta] = dt.timedelta(seconds=60)

    @classmethod
    def base_url(cls, settings: Settings) -> str:
        """The OpenID Connect host."""
        return settings.twinfield_login_url

    def oauth_client(self) -> OAuthClient:
        """login.twinfield.com with the app's client credentials."""
        s = self.settings
        return OAuthClient(
            self.http,
            TOKEN_PATH,
            s.twinfield_client_id,
            s.twinfield_client_secret,
            s.twinfield_redirect_uri,
            title=self.title,
        )

    def header(self, token: str) -> dict[str, str]:
        """The SOAP header's access token (the client puts it in the envelope)."""
        return {ACCESS_TOKEN: token}

    def streams(self) -> list[Stream]:
        year = self.clock.now().year
        return [
            stream(this_year=year) if issubclass(stream, BrowseStream) else stream()
            for stream in ALL_STREAMS
        ]

    @functools.cached_property
    def budget(self) -> CreditBudget:
        """Twinfield's fair-use credits, one count for every sync of the process."""
        return twinfield_budget(self.clock)

    def deletion_stream(self) -> DeletionStream:
        """Transactions deleted in Twinfield (``DeletedTransactionsService``)."""
        return DeletedTransactions()

    async def _cluster(self, authenticator: OAuth2Authenticator) -> str:
        """The cluster of the connection's organisation (a refused token is renewed once)."""
        try:
            return await cluster_url(self.http, (await authenticator.headers())[ACCESS_TOKEN])
        except CredentialsRejected:
            await authenticator.refresh()
            return await cluster_url(self.http, (await authenticator.headers())[ACCESS_TOKEN])

    async def administrations(self, connection_id: str) -> list[Administration]:
        """The offices the connection's user reaches."""
        authenticator = self.authenticator(connection_id)
        client = OfficesClient(
            cluster_url=await self._cluster(authenticator),
            office="",
            http=self.http,
            authenticator=authenticator,
            error_handler=errors.resolver(self.clock),
            clock=self.clock,
        )
        return await list_offices(client)

    @asynccontextmanager
    async def session(self, request: RequestSync) -> AsyncIterator[TwinfieldClient]:
        """A SOAP client for the request's office, on the cluster the token belongs to."""
        connection_id = self.require_connection(request)
        authenticator = self.authenticator(connection_id)
        cluster = await self._cluster(authenticator)
        yield TwinfieldClient(
            cluster_url=cluster,
            office=request.external_id,
            pool=self.pool,
            connection_id=connection_id,
            http=self.http,
            authenticator=authenticator,
            error_handler=errors.resolver(self.clock),
            budget=self.budget,
            clock=self.clock,
        )
