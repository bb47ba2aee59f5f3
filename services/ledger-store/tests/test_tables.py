"""The typed tables: one per entity type, a column per contract field, raw kept beside."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import ENTITY_MODELS, TransactionLine
from ledgerbus_ledger_store.adapters import apply
from ledgerbus_ledger_store.adapters.tables import COMMON, TABLES
from ledgerbus_servicekit.db import DbConnection, create_pool, migrate, migrations_in

pytestmark = pytest.mark.integration
NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


@pytest.fixture
async def conn(database_url: str) -> AsyncIterator[DbConnection]:
    schema = f"tables_{uuid.uuid4().hex[:8]}"
    pool = await create_pool(database_url, schema, max_size=1)
    try:
        await migrate(pool, migrations_in("ledgerbus_ledger_store"))
        async with pool.acquire() as connection:
            yield connection
            await connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        await pool.close()


async def test_every_entity_type_has_a_column_per_contract_field(conn: DbConnection) -> None:
    for entity_type, model in ENTITY_MODELS.items():
        table = TABLES[entity_type]
        columns = {
            r["column_name"]
            for r in await conn.fetch(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = $1",
                table.name,
            )
        }
        fields = set(model.model_fields) - {"entity_type"}
        extra = {"deleted_at", "seen_in_sync", "updated_at"}
        assert columns == fields | extra, entity_type
        assert set(table.fields) == set(model.model_fields) - set(COMMON)


async def test_a_transaction_line_keeps_its_decimal_amount_date_and_raw_record(
    conn: DbConnection,
) -> None:
    line = TransactionLine(
        administration_id="adm",
        source_id="line-1",
        source_version=3,
        entry_id="entry-7",
        date=dt.date(2026, 3, 31),
        gl_account_code="8000",
        cost_center_code="CC1",
        project_code="P1",
        contact_code="C1",
        amount=Decimal("-1234.5678"),
        raw={"AmountDC": -1234.5678, "ID": "line-1"},
    )
    staged = apply.StagedRows()
    staged.add([line], None, NOW)
    async with conn.transaction():
        await apply.upsert(conn, staged)
    row = await conn.fetchrow("SELECT * FROM transaction_lines")
    assert row is not None
    assert (row["amount"], row["date"]) == (Decimal("-1234.5678"), dt.date(2026, 3, 31))
    assert (row["entry_id"], row["gl_account_code"]) == ("entry-7", "8000")
    assert (row["cost_center_code"], row["project_code"], row["contact_code"]) == (
        "CC1",
        "P1",
        "C1",
    )
    assert '"AmountDC": -1234.5678' in row["raw"]
    assert await conn.fetchval("SELECT entity_type FROM entities") == EntityType.TRANSACTION_LINE


async def test_one_batch_keeps_the_newest_version_and_the_snapshot_that_saw_any(
    conn: DbConnection,
) -> None:
    def line(version: int) -> TransactionLine:
        return TransactionLine(
            administration_id="adm",
            source_id="line-1",
            source_version=version,
            entry_id="e",
            date=dt.date(2026, 1, 1),
            gl_account_code=f"gl-v{version}",
            amount=Decimal(version),
        )

    staged = apply.StagedRows()
    staged.add([line(5)], "full-sync", NOW)
    staged.add([line(7), line(6)], None, NOW)  # an incremental sync in the same batch
    async with conn.transaction():
        await apply.upsert(conn, staged)
    row = await conn.fetchrow(
        "SELECT source_version, gl_account_code, seen_in_sync FROM transaction_lines"
    )
    assert row is not None
    assert tuple(row) == (7, "gl-v7", "full-sync")
