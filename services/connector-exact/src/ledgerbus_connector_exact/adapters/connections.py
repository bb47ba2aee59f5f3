"""Exact connections in PostgreSQL, tokens encrypted at rest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import SecretStr

from ledgerbus_connector_exact.exact.oauth import Tokens
from ledgerbus_servicekit.crypto import SecretBox
from ledgerbus_servicekit.db import DbConnection

_SELECT = "SELECT * FROM connections WHERE id = $1"
_SELECT_FOR_UPDATE = _SELECT + " FOR UPDATE"


@dataclass(frozen=True)
class StoredConnection:
    """A connection row with its tokens decrypted (still wrapped)."""

    id: str
    state: str
    access_token: SecretStr
    refresh_token: SecretStr
    issued_at: dt.datetime
    expires_at: dt.datetime


class ConnectionRepository:
    """Reads and writes connections; callers pass a connection to share a transaction."""

    def __init__(self, box: SecretBox) -> None:
        self.box = box

    async def create(
        self, conn: DbConnection, connection_id: str, tokens: Tokens, tenant_id: str
    ) -> None:
        """Store a new connection of ``tenant_id``."""
        await conn.execute(
            "INSERT INTO connections (id, access_token, refresh_token, access_token_issued_at,"
            " access_token_expires_at, tenant_id) VALUES ($1, $2, $3, $4, $5, $6)",
            connection_id,
            self.box.encrypt(tokens.access_token.get_secret_value()),
            self.box.encrypt(tokens.refresh_token.get_secret_value()),
            tokens.issued_at,
            tokens.expires_at,
            tenant_id,
        )

    async def get(
        self, conn: DbConnection, connection_id: str, *, for_update: bool = False
    ) -> StoredConnection | None:
        """A connection, optionally locked until the transaction ends."""
        query = _SELECT_FOR_UPDATE if for_update else _SELECT
        row = await conn.fetchrow(query, connection_id)
        if row is None:
            return None
        return StoredConnection(
            id=row["id"],
            state=row["state"],
            access_token=self.box.decrypt(row["access_token"]),
            refresh_token=self.box.decrypt(row["refresh_token"]),
            issued_at=row["access_token_issued_at"],
            expires_at=row["access_token_expires_at"],
        )

    async def save_tokens(self, conn: DbConnection, connection_id: str, tokens: Tokens) -> None:
        """Persist rotated tokens."""
        await conn.execute(
            "UPDATE connections SET access_token = $2, refresh_token = $3,"
            " access_token_issued_at = $4, access_token_expires_at = $5, updated_at = $4,"
            " state = 'active', state_reason = NULL WHERE id = $1",
            connection_id,
            self.box.encrypt(tokens.access_token.get_secret_value()),
            self.box.encrypt(tokens.refresh_token.get_secret_value()),
            tokens.issued_at,
            tokens.expires_at,
        )

    async def mark_reauthorization_required(
        self, conn: DbConnection, connection_id: str, reason: str
    ) -> None:
        """The refresh token was rejected: a person must authorise the connection again."""
        await conn.execute(
            "UPDATE connections SET state = 'reauthorization_required', state_reason = $2,"
            " updated_at = now() WHERE id = $1",
            connection_id,
            reason,
        )
