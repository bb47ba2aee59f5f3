"""The typed tables: one per entity type, a column per contract field, raw kept beside."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import ENTITY_MODELS, TransactionLine
from ledgerbus_ledger_store.adapters import apply
from ledgerbus_ledger_store.adapters.staging import StagedPage, stage_page
from ledgerbus_ledger_store.adapters.tables import COMMON, TABLES
from ledgerbus_servicekit.db import DbConnection, create_pool, migrate, migrations_in

pytestmark = pytest.mark.integration
NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def line(version: int) -> TransactionLine:
    """Version ``version`` of one transaction line (its GL account names the version)."""
    return TransactionLine(
        administration_id="adm",
        source_id="line-1",
        source_version=version,
        entry_id="e",
        date=dt.date(2026, 1, 1),
        gl_account_code=f"gl-v{version}",
        amount=Decimal(version),
    )


def page(sync_id: str, records: list[TransactionLine], seq: int = 0) -> StagedPage:
    return stage_page(sync_id, "adm", EntityType.TRANSACTION_LINE, seq, records)


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
        extra = {"deleted_at", "deleted_reason", "seen_in_sync", "updated_at"}
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
    async with conn.transaction():
        await apply.upsert(conn, [page("incremental", [line])], [], NOW)
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
    pages = [page("full-sync", [line(5)]), page("incremental", [line(7), line(6)])]
    async with conn.transaction():
        await apply.upsert(conn, pages, ["full-sync"], NOW)
    row = await conn.fetchrow(
        "SELECT source_version, gl_account_code, seen_in_sync FROM transaction_lines"
    )
    assert row is not None
    assert tuple(row) == (7, "gl-v7", "full-sync")


async def test_text_survives_staging_exactly(conn: DbConnection) -> None:
    texts = {
        "line-1": None,
        "line-2": "",
        "line-3": "\\N",
        "line-4": 'a "quoted", comma\nnew line\r\ttab \x01 € ✓',
        "line-5": "NULL",
    }
    lines = [
        TransactionLine(
            administration_id="adm",
            source_id=source_id,
            source_version=1,
            entry_id="e",
            date=dt.date(2026, 1, 1),
            gl_account_code="8000",
            description=text,
            amount=Decimal("0.000000000000000001"),
            raw={"Description": text, "Nested": {"list": [1, "two", None]}},
        )
        for source_id, text in texts.items()
    ]
    async with conn.transaction():
        await apply.upsert(conn, [page("incremental", lines)], [], NOW)
    rows = await conn.fetch("SELECT source_id, description, amount, raw FROM transaction_lines")
    assert {r["source_id"]: r["description"] for r in rows} == texts
    assert {r["amount"] for r in rows} == {Decimal("0.000000000000000001")}
    for row in rows:
        assert json.loads(row["raw"])["Description"] == texts[row["source_id"]]


async def test_the_later_of_two_full_snapshots_in_one_batch_marks_the_record(
    conn: DbConnection,
) -> None:
    pages = [page("z-older-full", [line(3)]), page("a-newer-full", [line(3)], seq=1)]
    async with conn.transaction():
        await apply.upsert(conn, pages, ["z-older-full", "a-newer-full"], NOW)
    assert await conn.fetchval("SELECT seen_in_sync FROM transaction_lines") == "a-newer-full"
