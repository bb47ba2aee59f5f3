"""asyncpg pools bound to a service's schema, and versioned SQL migrations."""

from __future__ import annotations

import logging
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg

if TYPE_CHECKING:
    from asyncpg.pool import PoolConnectionProxy

    DbConnection: TypeAlias = asyncpg.Connection[Any] | PoolConnectionProxy[Any]
    """A connection, pooled or not: what repositories take to share a transaction."""
else:
    DbConnection = asyncpg.Connection

log = logging.getLogger(__name__)

_MIGRATION_LOCK = 0x1ED6E5B05  # advisory lock key: one migrator at a time


async def create_pool(
    database_url: str, schema: str, *, min_size: int = 1, max_size: int = 10
) -> asyncpg.Pool:
    """A pool whose connections use ``schema`` first on their search path (created if missing)."""
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    except asyncpg.UniqueViolationError:
        pass  # replicas starting at once: another one created it in the same instant
    finally:
        await conn.close()
    pool = await asyncpg.create_pool(
        database_url,
        min_size=min_size,
        max_size=max_size,
        server_settings={"search_path": f'"{schema}",public', "application_name": schema},
    )
    assert pool is not None
    return pool


def migrations_in(package: str, folder: str = "migrations") -> list[tuple[str, str]]:
    """The ``NNN_name.sql`` files of a package folder, in version order."""
    root: Traversable = resources.files(package).joinpath(folder)
    files = sorted((f for f in root.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [(f.name.removesuffix(".sql"), f.read_text()) for f in files]


async def migrate(pool: asyncpg.Pool, migrations: list[tuple[str, str]]) -> list[str]:
    """Apply the migrations not applied yet, each in its own transaction; return their names."""
    applied_now: list[str] = []
    async with pool.acquire() as conn:
        await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
        try:
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
            for version, sql in migrations:
                if version in done:
                    continue
                async with conn.transaction():
                    await conn.execute(sql)
                    await conn.execute(
                        "INSERT INTO schema_migrations (version) VALUES ($1)", version
                    )
                applied_now.append(version)
                log.info("applied migration %s", version)
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
    return applied_now
