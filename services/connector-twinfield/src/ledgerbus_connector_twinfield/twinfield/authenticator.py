"""The access token of one connection, refreshed under a row lock when it expires or is refused.

A refused refresh token marks the connection as needing re-authorisation in a transaction
that commits before the sync is aborted, so the mark survives the failure.
"""

from __future__ import annotations

import datetime as dt

import asyncpg

from ledgerbus_connector_twinfield.adapters.connections import ConnectionRepository
from ledgerbus_connector_twinfield.twinfield.oauth import LoginClient, TokenRejected
from ledgerbus_connectorkit import SyncAborted
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock

ACCESS_TOKEN = "AccessToken"  # noqa: S105 - the key under which the SOAP header gets it
EXPIRY_MARGIN = dt.timedelta(seconds=60)


class TwinfieldAuthenticator:
    """Gives the SOAP header's access token; ``refresh`` renews it (one replica at a time)."""

    def __init__(
        self,
        connection_id: str,
        pool: asyncpg.Pool,
        repository: ConnectionRepository,
        login: LoginClient,
        clock: Clock,
    ) -> None:
        self.connection_id, self.pool, self.repository = connection_id, pool, repository
        self.login, self.clock = login, clock
        self._used: str | None = None  # the access token handed out last

    async def headers(self) -> dict[str, str]:
        async with self.pool.acquire() as conn:
            tokens = await self.repository.get(conn, self.connection_id)
        if tokens is None:
            raise SyncAborted(ErrorKind.CONFIGURATION, f"no connection {self.connection_id!r}")
        if self.clock.now() >= tokens.expires_at - EXPIRY_MARGIN:
            await self._renew(refused=False)
            return await self.headers()
        self._used = tokens.access_token.get_secret_value()
        return {ACCESS_TOKEN: self._used}

    async def refresh(self) -> None:
        """Twinfield refused the access token: renew it, whatever its expiry says."""
        await self._renew(refused=True)

    async def _renew(self, *, refused: bool) -> None:
        rejected: TokenRejected | None = None
        async with self.pool.acquire() as conn, conn.transaction():
            tokens = await self.repository.get(conn, self.connection_id, for_update=True)
            if tokens is None:
                raise SyncAborted(ErrorKind.CONFIGURATION, f"no connection {self.connection_id!r}")
            stored = tokens.access_token.get_secret_value()
            if refused and self._used is not None and stored != self._used:
                return  # another replica replaced the refused token while we waited
            if not refused and self.clock.now() < tokens.expires_at - EXPIRY_MARGIN:
                return  # another replica refreshed while we waited for the lock
            try:
                fresh = await self.login.refresh(tokens.refresh_token, self.clock.now())
            except TokenRejected as exc:
                # committed with this transaction, before the sync is aborted below
                await self.repository.mark_reauthorization_required(conn, self.connection_id)
                rejected = exc
            else:
                await self.repository.save(conn, self.connection_id, fresh)
        if rejected is not None:
            raise SyncAborted(
                ErrorKind.REAUTHORIZATION_REQUIRED,
                f"{rejected}; the Twinfield connection must be authorised again",
            ) from rejected
