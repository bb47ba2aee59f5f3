"""SnelStart connections in PostgreSQL, client keys encrypted at rest."""

from __future__ import annotations

from pydantic import SecretStr

from ledgerbus_servicekit.crypto import SecretBox
from ledgerbus_servicekit.db import DbConnection


class ConnectionRepository:
    """Stores and reads client keys."""

    def __init__(self, box: SecretBox) -> None:
        self.box = box

    async def create(
        self, conn: DbConnection, connection_id: str, client_key: SecretStr, tenant_id: str
    ) -> bool:
        """Store a connection of ``tenant_id``; False when the id exists."""
        status = await conn.execute(
            "INSERT INTO connections (id, client_key, tenant_id) VALUES ($1, $2, $3)"
            " ON CONFLICT DO NOTHING",
            connection_id,
            self.box.encrypt(client_key.get_secret_value()),
            tenant_id,
        )
        return bool(status.endswith("1"))

    async def replace(
        self, conn: DbConnection, connection_id: str, client_key: SecretStr, tenant_id: str
    ) -> None:
        """Store a connection's (new) client key and tenant, creating the connection if needed."""
        await conn.execute(
            "INSERT INTO connections (id, client_key, tenant_id) VALUES ($1, $2, $3)"
            " ON CONFLICT (id) DO UPDATE SET client_key = excluded.client_key,"
            " tenant_id = excluded.tenant_id, state = 'active'",
            connection_id,
            self.box.encrypt(client_key.get_secret_value()),
            tenant_id,
        )

    async def client_key(self, conn: DbConnection, connection_id: str) -> SecretStr | None:
        """The decrypted (still wrapped) client key of a connection."""
        value = await conn.fetchval(
            "SELECT client_key FROM connections WHERE id = $1", connection_id
        )
        return None if value is None else self.box.decrypt(value)
