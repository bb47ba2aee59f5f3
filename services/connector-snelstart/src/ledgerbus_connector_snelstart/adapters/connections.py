"""SnelStart connections in PostgreSQL, client keys encrypted at rest."""

from __future__ import annotations

from pydantic import SecretStr

from ledgerbus_servicekit.crypto import SecretBox
from ledgerbus_servicekit.db import DbConnection


class ConnectionRepository:
    """Stores and reads client keys."""

    def __init__(self, box: SecretBox) -> None:
        self.box = box

    async def create(self, conn: DbConnection, connection_id: str, client_key: SecretStr) -> bool:
        """Store a connection; False when the id exists."""
        status = await conn.execute(
            "INSERT INTO connections (id, client_key) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            connection_id,
            self.box.encrypt(client_key.get_secret_value()),
        )
        return bool(status.endswith("1"))

    async def replace(self, conn: DbConnection, connection_id: str, client_key: SecretStr) -> None:
        """Store a connection's (new) client key, creating the connection if needed."""
        await conn.execute(
            "INSERT INTO connections (id, client_key) VALUES ($1, $2) ON CONFLICT (id)"
            " DO UPDATE SET client_key = excluded.client_key, state = 'active'",
            connection_id,
            self.box.encrypt(client_key.get_secret_value()),
        )

    async def client_key(self, conn: DbConnection, connection_id: str) -> SecretStr | None:
        """The decrypted (still wrapped) client key of a connection."""
        value = await conn.fetchval(
            "SELECT client_key FROM connections WHERE id = $1", connection_id
        )
        return None if value is None else self.box.decrypt(value)
