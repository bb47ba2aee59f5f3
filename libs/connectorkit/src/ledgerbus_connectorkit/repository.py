"""A connector's connections in PostgreSQL (``kit_004_connections``), credentials encrypted."""

from __future__ import annotations

from pydantic import SecretStr

from ledgerbus_connectorkit.credentials import StoredConnection, Tokens
from ledgerbus_connectorkit.ownership import ConnectionOwner
from ledgerbus_servicekit.crypto import SecretBox
from ledgerbus_servicekit.db import DbConnection

_SELECT = "SELECT * FROM connections WHERE id = $1"


class ConnectionRepository:
    """Reads and writes connections; callers pass a connection to share a transaction."""

    def __init__(self, box: SecretBox) -> None:
        self.box = box

    def _sealed(self, tokens: Tokens) -> tuple[bytes, bytes, object, object]:
        return (
            self.box.encrypt(tokens.access_token.get_secret_value()),
            self.box.encrypt(tokens.refresh_token.get_secret_value()),
            tokens.issued_at,
            tokens.expires_at,
        )

    async def create(
        self, conn: DbConnection, connection_id: str, tokens: Tokens, tenant_id: str
    ) -> bool:
        """Store a new OAuth2 connection of ``tenant_id``; False when the id exists."""
        status = await conn.execute(
            "INSERT INTO connections (id, access_token, refresh_token, access_token_issued_at,"
            " access_token_expires_at, tenant_id) VALUES ($1, $2, $3, $4, $5, $6)"
            " ON CONFLICT DO NOTHING",
            connection_id,
            *self._sealed(tokens),
            tenant_id,
        )
        return bool(status.endswith("1"))

    async def get(
        self, conn: DbConnection, connection_id: str, *, for_update: bool = False
    ) -> StoredConnection | None:
        """An OAuth2 connection, optionally locked until the transaction ends."""
        row = await conn.fetchrow(_SELECT + (" FOR UPDATE" if for_update else ""), connection_id)
        if row is None or row["access_token"] is None:
            return None
        return StoredConnection(
            id=row["id"],
            state=row["state"],
            access_token=self.box.decrypt(row["access_token"]),
            refresh_token=self.box.decrypt(row["refresh_token"]),
            expires_at=row["access_token_expires_at"],
            issued_at=row["access_token_issued_at"],
        )

    async def save_tokens(self, conn: DbConnection, connection_id: str, tokens: Tokens) -> None:
        """Persist (rotated) tokens; the connection is active again."""
        await conn.execute(
            "UPDATE connections SET access_token = $2, refresh_token = $3,"
            " access_token_issued_at = $4, access_token_expires_at = $5, updated_at = now(),"
            " state = 'active', state_reason = NULL WHERE id = $1",
            connection_id,
            *self._sealed(tokens),
        )

    async def mark_reauthorization_required(
        self, conn: DbConnection, connection_id: str, reason: str
    ) -> None:
        """The package refused the credentials: a person must authorise the connection again."""
        await conn.execute(
            "UPDATE connections SET state = 'reauthorization_required', state_reason = $2,"
            " updated_at = now() WHERE id = $1",
            connection_id,
            reason,
        )

    async def create_key(
        self, conn: DbConnection, connection_id: str, key: SecretStr, tenant_id: str
    ) -> bool:
        """Store a new API-key connection of ``tenant_id``; False when the id exists."""
        status = await conn.execute(
            "INSERT INTO connections (id, client_key, tenant_id) VALUES ($1, $2, $3)"
            " ON CONFLICT DO NOTHING",
            connection_id,
            self.box.encrypt(key.get_secret_value()),
            tenant_id,
        )
        return bool(status.endswith("1"))

    async def replace_key(
        self, conn: DbConnection, connection_id: str, key: SecretStr, tenant_id: str
    ) -> None:
        """Store a connection's (new) key and tenant, creating the connection if needed."""
        await conn.execute(
            "INSERT INTO connections (id, client_key, tenant_id) VALUES ($1, $2, $3)"
            " ON CONFLICT (id) DO UPDATE SET client_key = excluded.client_key,"
            " tenant_id = excluded.tenant_id, state = 'active', state_reason = NULL,"
            " updated_at = now()",
            connection_id,
            self.box.encrypt(key.get_secret_value()),
            tenant_id,
        )

    async def client_key(self, conn: DbConnection, connection_id: str) -> SecretStr | None:
        """The decrypted (still wrapped) key of an API-key connection."""
        value = await conn.fetchval(
            "SELECT client_key FROM connections WHERE id = $1", connection_id
        )
        return None if value is None else self.box.decrypt(value)

    async def listed(
        self, conn: DbConnection, tenant_id: str | None, after: str | None, limit: int
    ) -> list[ConnectionOwner]:
        """Up to ``limit`` connections in id order after ``after``; a tenant's, or all (None)."""
        rows = await conn.fetch(
            "SELECT id, state, tenant_id FROM connections"
            " WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR id > $2)"
            " ORDER BY id LIMIT $3",
            tenant_id,
            after,
            limit,
        )
        return [ConnectionOwner(r["id"], r["state"], r["tenant_id"]) for r in rows]
