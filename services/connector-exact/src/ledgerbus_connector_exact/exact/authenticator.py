"""Bearer tokens for one Exact connection, refreshed at most once per 570 s, across replicas.

A refresh takes a row lock on the connection, so two replicas never both spend the
same refresh token; the rotated refresh token is committed before the new access
token is used. A rejected refresh token marks the connection as needing
re-authorisation instead of retrying.
"""

from __future__ import annotations

import datetime as dt

import asyncpg
from pydantic import SecretStr

from ledgerbus_connector_exact.adapters.connections import ConnectionRepository
from ledgerbus_connector_exact.exact.oauth import OAuthClient, TokenRejected
from ledgerbus_connectorkit import SyncAborted
from ledgerbus_connectorkit.auth import bearer
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock

EXPIRY_MARGIN = dt.timedelta(seconds=30)


class ExactAuthenticator:
    """Supplies the access token of one connection, refreshing it when it is about to expire."""

    def __init__(
        self,
        *,
        connection_id: str,
        pool: asyncpg.Pool,
        repository: ConnectionRepository,
        oauth: OAuthClient,
        clock: Clock,
        refresh_interval: dt.timedelta,
    ) -> None:
        self.connection_id = connection_id
        self.pool = pool
        self.repository = repository
        self.oauth = oauth
        self.clock = clock
        self.refresh_interval = refresh_interval
        self._token: SecretStr | None = None
        self._expires_at: dt.datetime | None = None

    async def headers(self) -> dict[str, str]:
        """``Authorization: Bearer`` with a token valid for at least the margin."""
        now = self.clock.now()
        if (
            self._token is None
            or self._expires_at is None
            or self._expires_at - EXPIRY_MARGIN <= now
        ):
            await self._renew(force=False)
        assert self._token is not None
        return bearer(self._token.get_secret_value())

    async def refresh(self) -> None:
        """The API answered 401: get a newer token than the one we hold."""
        await self._renew(force=True)

    async def _renew(self, *, force: bool) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            stored = await self.repository.get(conn, self.connection_id, for_update=True)
            if stored is None:
                raise SyncAborted(
                    ErrorKind.CONFIGURATION,
                    f"Exact connection {self.connection_id!r} does not exist",
                )
            if stored.state != "active":
                raise SyncAborted(
                    ErrorKind.REAUTHORIZATION_REQUIRED,
                    f"Exact connection {self.connection_id} must be authorised again",
                )
            now = self.clock.now()
            held_is_stale = (
                force
                and self._token is not None
                and (stored.access_token.get_secret_value() == self._token.get_secret_value())
            )
            still_valid = stored.expires_at - EXPIRY_MARGIN > now and not held_is_stale
            may_refresh = now - stored.issued_at >= self.refresh_interval
            if still_valid or not may_refresh:
                self._token, self._expires_at = stored.access_token, stored.expires_at
                if not still_valid:
                    raise SyncAborted(
                        ErrorKind.AUTH,
                        "Exact rejected the access token and a refresh is not allowed yet",
                    )
                return
            try:
                tokens = await self.oauth.refresh(stored.refresh_token, now)
            except TokenRejected as exc:
                # committed with this transaction, so the state survives the failure
                await self.repository.mark_reauthorization_required(
                    conn, self.connection_id, str(exc)
                )
                rejected: str | None = str(exc)
            else:
                await self.repository.save_tokens(conn, self.connection_id, tokens)
                rejected = None
        if rejected is not None:
            raise _Reauthorize(self.connection_id, rejected)
        self._token, self._expires_at = tokens.access_token, tokens.expires_at


class _Reauthorize(SyncAborted):
    def __init__(self, connection_id: str, reason: str) -> None:
        super().__init__(
            ErrorKind.REAUTHORIZATION_REQUIRED,
            f"Exact refused the refresh token of connection {connection_id} ({reason});"
            " authorise the connection again",
        )
