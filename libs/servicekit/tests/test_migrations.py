from __future__ import annotations

from collections.abc import Callable

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
