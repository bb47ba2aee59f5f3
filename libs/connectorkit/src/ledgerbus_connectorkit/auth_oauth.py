"""The access token of one OAuth2 connection, refreshed under a row lock, across replicas.

A refresh takes a row lock on the connection, so two replicas never both spend the same
refresh token; the rotated tokens are committed before the new access token is used. A
refused refresh token marks the connection as needing re-authorisation in a transaction
that commits before the sync is aborted, so the mark survives the failure. After a 401
(``refresh``) the token is renewed whatever its stored expiry says, unless another
replica already replaced the refused one. ``refresh_interval`` is the least time
between two refreshes a package allows (Exact: 570 s); before it has passed the held
token is used, or the sync fails as an auth problem if that token was refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import asyncpg
from pydantic import SecretStr

from ledgerbus_connectorkit.auth import bearer
from ledgerbus_connectorkit.credentials import CredentialsRejected, StoredConnection
from ledgerbus_connectorkit.errors import SyncAborted
from ledgerbus_connectorkit.oauth import OAuthClient
from ledgerbus_connectorkit.repository import ConnectionRepository
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock
from ledgerbus_servicekit.db import DbConnection


class OAuth2Authenticator:
    """Supplies the access token of one connection, renewing it before it expires."""

    def __init__(
        self,
        *,
        connection_id: str,
        pool: asyncpg.Pool,
        repository: ConnectionRepository,
        oauth: OAuthClient,
        clock: Clock,
        refresh_interval: dt.timedelta = dt.timedelta(0),
        expiry_margin: dt.timedelta = dt.timedelta(seconds=30),
        header: Callable[[str], dict[str, str]] = bearer,
    ) -> None:
        self.connection_id, self.pool, self.repository = connection_id, pool, repository
        self.oauth, self.clock, self.header = oauth, clock, header
        self.refresh_interval, self.expiry_margin = refresh_interval, expiry_margin
        self._token: SecretStr | None = None
        self._expires_at: dt.datetime | None = None

    @property
    def title(self) -> str:
        """The package's name in messages."""
        return self.oauth.title

    async def headers(self) -> dict[str, str]:
        """The headers with a token valid for at least the margin."""
        expires = self._expires_at
        if self._token is None or expires is None or expires - self.expiry_margin <= self.now:
            await self._renew(force=False)
        assert self._token is not None
        return self.header(self._token.get_secret_value())

    @property
    def now(self) -> dt.datetime:
        """The connector's time."""
        return self.clock.now()

    async def refresh(self) -> None:
        """The API refused the token: get a newer one than the one we hold."""
        await self._renew(force=True)

    async def _renew(self, *, force: bool) -> None:
        rejected: str | None = None
        async with self.pool.acquire() as conn, conn.transaction():
            stored = await self._stored(conn)
            now = self.now
            held = self._token.get_secret_value() if self._token is not None else None
            held_is_stale = force and held == stored.access_token.get_secret_value()
            still_valid = stored.expires_at - self.expiry_margin > now and not held_is_stale
            issued = stored.issued_at
            may_refresh = issued is None or now - issued >= self.refresh_interval
            if still_valid or not may_refresh:
                self._token, self._expires_at = stored.access_token, stored.expires_at
                if not still_valid:
                    raise SyncAborted(
                        ErrorKind.AUTH,
                        f"{self.title} rejected the access token and a refresh is not allowed yet",
                    )
                return
            try:
                tokens = await self.oauth.refresh(stored.refresh_token, now)
            except CredentialsRejected as exc:
                # committed with this transaction, so the state survives the failure
                rejected = str(exc)
                await self.repository.mark_reauthorization_required(
                    conn, self.connection_id, rejected
                )
            else:
                await self.repository.save_tokens(conn, self.connection_id, tokens)
        if rejected is not None:
            raise SyncAborted(
                ErrorKind.REAUTHORIZATION_REQUIRED,
                f"{self.title} refused the refresh token of connection {self.connection_id}"
                f" ({rejected}); authorise the connection again",
            )
        self._token, self._expires_at = tokens.access_token, tokens.expires_at

    async def _stored(self, conn: DbConnection) -> StoredConnection:
        stored = await self.repository.get(conn, self.connection_id, for_update=True)
        if stored is None:
            raise SyncAborted(
                ErrorKind.CONFIGURATION,
                f"{self.title} connection {self.connection_id!r} does not exist",
            )
        if stored.state != "active":
            raise SyncAborted(
                ErrorKind.REAUTHORIZATION_REQUIRED,
                f"{self.title} connection {self.connection_id} must be authorised again",
            )
        return stored
