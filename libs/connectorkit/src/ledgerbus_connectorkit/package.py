"""The connector a package service runs: settings, pool, HTTP client, connections, and the
credential kind (OAuth2 code flow or API key) that decides its connection routes."""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from typing import Any, ClassVar, Generic, Literal, TypeVar

import asyncpg
import httpx
from pydantic import BaseModel, SecretStr

from ledgerbus_connectorkit.auth_oauth import OAuth2Authenticator
from ledgerbus_connectorkit.connector import Connector
from ledgerbus_connectorkit.errors import SyncAborted
from ledgerbus_connectorkit.oauth import OAuthClient
from ledgerbus_connectorkit.repository import ConnectionRepository
from ledgerbus_connectorkit.settings import ConnectorSettings
from ledgerbus_contracts import ErrorKind, RequestSync
from ledgerbus_servicekit import Clock

SettingsT = TypeVar("SettingsT", bound=ConnectorSettings)


class Administration(BaseModel):
    """A package administration a connection can reach (Exact division, Twinfield office)."""

    code: str
    name: str
    current: bool = False


class PackageConnector(Connector, Generic[SettingsT]):
    """A package's connector inside its service.

    The kit builds it with the service's settings, database pool, HTTP client (on
    :meth:`base_url`), clock and connection repository. A package adds ``package``,
    ``title``, ``streams`` and ``session`` (and, if it can, ``administrations``).
    """

    title: ClassVar[str]
    """The package's name for people: in messages and the service's title."""
    credential_kind: ClassVar[Literal["oauth2", "api_key"]]

    def __init__(
        self,
        *,
        settings: SettingsT,
        pool: asyncpg.Pool,
        http: httpx.AsyncClient,
        clock: Clock,
        repository: ConnectionRepository,
    ) -> None:
        self.settings, self.pool, self.http = settings, pool, http
        self.clock, self.repository = clock, repository

    @classmethod
    @abstractmethod
    def base_url(cls, settings: SettingsT) -> str:
        """The base URL of the service's HTTP client (the package's API or login host)."""

    async def administrations(self, connection_id: str) -> list[Administration] | None:
        """The administrations a connection can reach; None when the package cannot tell.

        Raise :class:`SyncAborted` when the package refuses (the API answers 502).
        """
        return None

    def require_connection(self, request: RequestSync) -> str:
        """The request's connection id; a sync without one fails as configuration."""
        if not request.connection_id:
            raise SyncAborted(
                ErrorKind.CONFIGURATION,
                f"administration {request.administration_id} has no {self.title} connection",
            )
        return request.connection_id


class OAuthConnector(PackageConnector[SettingsT]):
    """A package whose connections complete an OAuth2 authorization-code flow.

    ``POST``/``PUT /v1/connections`` take ``{"code"}`` and store the tokens;
    :meth:`authenticator` refreshes them under a row lock (:mod:`.auth_oauth`).
    """

    credential_kind: ClassVar[Literal["oauth2", "api_key"]] = "oauth2"
    refresh_interval: dt.timedelta = dt.timedelta(0)
    """The least time between two refreshes of one connection's token (may come from the
    settings: set it in ``__init__``)."""
    expiry_margin: ClassVar[dt.timedelta] = dt.timedelta(seconds=30)
    """A token this close to its expiry is renewed before use."""

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.oauth = self.oauth_client()

    @abstractmethod
    def oauth_client(self) -> OAuthClient:
        """The package's token endpoint with the app's client credentials (from settings)."""

    def header(self, token: str) -> dict[str, str]:
        """The headers that carry an access token (default ``Authorization: Bearer``)."""
        return {"Authorization": f"Bearer {token}"}

    def authenticator(self, connection_id: str) -> OAuth2Authenticator:
        """The tokens of one connection."""
        return OAuth2Authenticator(
            connection_id=connection_id,
            pool=self.pool,
            repository=self.repository,
            oauth=self.oauth,
            clock=self.clock,
            refresh_interval=self.refresh_interval,
            expiry_margin=self.expiry_margin,
            header=self.header,
        )


class ApiKeyConnector(PackageConnector[SettingsT]):
    """A package whose connections hold a key (SnelStart's client key).

    ``POST``/``PUT /v1/connections`` take ``{"client_key"}``, check it with
    :meth:`exchange_key` and store it encrypted.
    """

    credential_kind: ClassVar[Literal["oauth2", "api_key"]] = "api_key"

    @abstractmethod
    async def exchange_key(self, key: SecretStr) -> tuple[SecretStr, int]:
        """(access token, lifetime in seconds) for a key; raise ``CredentialsRejected``."""

    async def key_of(self, request: RequestSync) -> SecretStr:
        """The stored key of the request's connection; a missing one fails as configuration."""
        connection_id = self.require_connection(request)
        async with self.pool.acquire() as conn:
            key = await self.repository.client_key(conn, connection_id)
        if key is None:
            raise SyncAborted(
                ErrorKind.CONFIGURATION,
                f"administration {request.administration_id} has no {self.title} "
                f"connection {request.connection_id!r}",
            )
        return key
