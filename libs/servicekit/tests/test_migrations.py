from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncpg

from ledgerbus_servicekit.db import create_pool, migrate


async def test_migrations_apply_once_in_order(
    database_url: str, db_schema: Callable[[str], str]
) -> None:
    pool = await create_pool(database_url, db_schema("migrations"))
    migrations = [
        ("001_items", "CREATE TABLE items (id int PRIMARY KEY)"),
        ("002_more", "ALTER TABLE items ADD COLUMN name text"),
    ]
    try:
        assert await migrate(pool, migrations) == ["001_items", "002_more"]
        assert await migrate(pool, migrations) == []
        await pool.execute("INSERT INTO items VALUES (1, 'x')")
        assert await pool.fetchval("SELECT name FROM items") == "x"
    finally:
        await pool.close()


async def test_replicas_starting_at_once_on_a_missing_schema_all_get_a_pool(
    database_url: str, db_schema: Callable[[str], str]
) -> None:
    schema = db_schema("replicas")
    pools = await asyncio.gather(
        *(create_pool(database_url, schema, max_size=1) for _ in range(8)),
        return_exceptions=True,
    )
    try:
        assert [p for p in pools if isinstance(p, BaseException)] == []
    finally:
        for pool in pools:
            if isinstance(pool, asyncpg.Pool):
                await pool.close()
