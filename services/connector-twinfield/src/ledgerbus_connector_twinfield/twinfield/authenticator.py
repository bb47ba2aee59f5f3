"""The access token of one connection, refreshed under a row lock when it expires."""

from __future__ import annotations

import datetime as dt

import asyncpg

from ledgerbus_connector_twinfield.adapters.connections import ConnectionRepository
from ledgerbus_connector_twinfield.twinfield.oauth import LoginClient, TokenRejected
from ledgerbus_connectorkit import SyncAborted
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock

ACCESS_TOKEN = "AccessToken"  # noqa: S105 - the key under which the SOAP header gets it


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

    async def headers(self) -> dict[str, str]:
        async with self.pool.acquire() as conn:
            tokens = await self.repository.get(conn, self.connection_id)
        if tokens is None:
            raise SyncAborted(ErrorKind.CONFIGURATION, f"no connection {self.connection_id!r}")
        if self.clock.now() >= tokens.expires_at - dt.timedelta(seconds=60):
            await self.refresh()
            return await self.headers()
        return {ACCESS_TOKEN: tokens.access_token.get_secret_value()}

    async def refresh(self) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            tokens = await self.repository.get(conn, self.connection_id, for_update=True)
            if tokens is None:
                raise SyncAborted(ErrorKind.CONFIGURATION, f"no connection {self.connection_id!r}")
            if self.clock.now() < tokens.expires_at - dt.timedelta(seconds=60):
                return  # another replica refreshed while we waited for the lock
            try:
                fresh = await self.login.refresh(tokens.refresh_token, self.clock.now())
            except TokenRejected as exc:
                await self.repository.mark_reauthorization_required(conn, self.connection_id)
                raise SyncAborted(
                    ErrorKind.REAUTHORIZATION_REQUIRED,
                    f"{exc}; the Twinfield connection must be authorised again",
                ) from exc
            await self.repository.save(conn, self.connection_id, fresh)
