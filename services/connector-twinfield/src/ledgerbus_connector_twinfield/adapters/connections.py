"""Twinfield connections in PostgreSQL, tokens encrypted at rest."""

from __future__ import annotations

from ledgerbus_connector_twinfield.twinfield.oauth import Tokens
from ledgerbus_servicekit.crypto import SecretBox
from ledgerbus_servicekit.db import DbConnection

_SELECT = "SELECT * FROM connections WHERE id = $1"
_SELECT_FOR_UPDATE = _SELECT + " FOR UPDATE"


class ConnectionRepository:
    """Stores and reads connections; callers pass a connection to share a transaction."""

    def __init__(self, box: SecretBox) -> None:
        self.box = box

    async def create(
        self, conn: DbConnection, connection_id: str, tokens: Tokens, tenant_id: str
    ) -> bool:
        """Store a new connection of ``tenant_id``; False when the id exists."""
        status = await conn.execute(
            "INSERT INTO connections (id, access_token, refresh_token, access_token_expires_at,"
            " tenant_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            connection_id,
            self.box.encrypt(tokens.access_token.get_secret_value()),
            self.box.encrypt(tokens.refresh_token.get_secret_value()),
            tokens.expires_at,
            tenant_id,
        )
        return bool(status.endswith("1"))

    async def get(
        self, conn: DbConnection, connection_id: str, *, for_update: bool = False
    ) -> Tokens | None:
        row = await conn.fetchrow(_SELECT_FOR_UPDATE if for_update else _SELECT, connection_id)
        if row is None:
            return None
        return Tokens(
            self.box.decrypt(row["access_token"]),
            self.box.decrypt(row["refresh_token"]),
            row["access_token_expires_at"],
        )

    async def save(self, conn: DbConnection, connection_id: str, tokens: Tokens) -> None:
        await conn.execute(
            "UPDATE connections SET access_token = $2, refresh_token = $3,"
            " access_token_expires_at = $4, updated_at = now(), state = 'active' WHERE id = $1",
            connection_id,
            self.box.encrypt(tokens.access_token.get_secret_value()),
            self.box.encrypt(tokens.refresh_token.get_secret_value()),
            tokens.expires_at,
        )

    async def mark_reauthorization_required(self, conn: DbConnection, connection_id: str) -> None:
        await conn.execute(
            "UPDATE connections SET state = 'reauthorization_required',"
            " updated_at = now() WHERE id = $1",
            connection_id,
        )
