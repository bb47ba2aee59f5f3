"""The Exact Online connector: its streams and an authenticated, rate-aware API session."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, ClassVar

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.exact import errors
from ledgerbus_connector_exact.exact.base import results
from ledgerbus_connector_exact.exact.deleted import ExactDeletions
from ledgerbus_connector_exact.exact.prefetch import PrefetchingClient
from ledgerbus_connector_exact.exact.ratelimit import ExactRateBudget
from ledgerbus_connector_exact.exact.streams import ALL_STREAMS
from ledgerbus_connectorkit import DeletionStream, RestClient, Stream
from ledgerbus_connectorkit.oauth import OAuthClient
from ledgerbus_connectorkit.package import Administration, OAuthConnector
from ledgerbus_contracts import Package, RequestSync

TOKEN_PATH = "/api/oauth2/token"  # noqa: S105 - a path, not a secret


class ExactConnector(OAuthConnector[Settings]):
    """Reads Exact divisions through the REST API with the connection's OAuth tokens."""

    package: ClassVar[Package] = Package.EXACT
    title: ClassVar[str] = "Exact"

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.refresh_interval = dt.timedelta(seconds=self.settings.refresh_interval_seconds)
        self._budgets: dict[str, ExactRateBudget] = {}

    @classmethod
    def base_url(cls, settings: Settings) -> str:
        """The API host (also the token endpoint's)."""
        return settings.exact_base_url

    def oauth_client(self) -> OAuthClient:
        """Exact's token endpoint with the app's client credentials (``expires_in`` 600 s)."""
        s = self.settings
        return OAuthClient(
            self.http,
            TOKEN_PATH,
            s.exact_client_id,
            s.exact_client_secret,
            s.exact_redirect_uri,
            title=self.title,
            default_lifetime=600,
        )

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

    async def administrations(self, connection_id: str) -> list[Administration]:
        """The divisions the connection's user sees (``hrm/Divisions`` of the current one)."""
        client = RestClient(
            http=self.http,
            authenticator=self.authenticator(connection_id),
            error_handler=errors.resolve,
            clock=self.clock,
        )
        me = await client.get_json("/api/v1/current/Me", {"$select": "CurrentDivision"})
        current = str(results(me)[0]["CurrentDivision"])
        divisions = await client.get_json(
            f"/api/v1/{current}/hrm/Divisions", {"$select": "Code,Description"}
        )
        return [
            Administration(
                code=str(d["Code"]),
                name=str(d.get("Description") or ""),
                current=str(d["Code"]) == current,
            )
            for d in results(divisions)
        ]

    @asynccontextmanager
    async def session(self, request: RequestSync) -> AsyncIterator[RestClient]:
        """A client for the request's connection and division (reading each next page ahead)."""
        client = PrefetchingClient(
            http=self.http,
            authenticator=self.authenticator(self.require_connection(request)),
            error_handler=errors.resolve,
            budget=self.budget(request.external_id),
            clock=self.clock,
        )
        try:
            yield client
        finally:
            await client.close()
