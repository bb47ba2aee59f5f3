"""Writing the mirror: batched upserts (COPY into staging, one merge per type) and deletes.

A batch is first reduced to one row per record (the newest version, remembering the
full snapshot that contained it), so the merge needs neither a sort nor ``DISTINCT``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from ledgerbus_contracts import DeletedRecord, Entity, EntityType
from ledgerbus_ledger_store.adapters.tables import Table, table_for
from ledgerbus_servicekit.db import DbConnection

_VERSION, _SNAPSHOT = 2, -2  # positions in a staging row (see Table.columns)


class StagedRows:
    """The rows of a batch, one per (entity type, administration, source id)."""

    def __init__(self) -> None:
        self._rows: dict[EntityType, dict[tuple[str, str], tuple[Any, ...]]] = {}

    def add(self, records: Iterable[Entity], snapshot: str | None, now: dt.datetime) -> None:
        """Stage records; a newer version replaces an older one of the same record."""
        table: Table | None = None
        rows: dict[tuple[str, str], tuple[Any, ...]] = {}
        for record in records:
            if table is None or record.entity_type is not table.entity_type:
                table = table_for(record.entity_type)  # once a page: a page has one type
                rows = self._rows.setdefault(table.entity_type, {})
            key = (record.administration_id, record.source_id)
            row = table.row(record, snapshot, now)
            earlier = rows.get(key)
            rows[key] = row if earlier is None else _newer(earlier, row)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rows.values())

    def by_table(self) -> Iterable[tuple[Table, list[tuple[Any, ...]]]]:
        """Each table with its rows."""
        for entity_type, rows in self._rows.items():
            yield table_for(entity_type), list(rows.values())


def _newer(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    """The newer row; a snapshot that contained either version keeps its mark."""
    winner = b if b[_VERSION] >= a[_VERSION] else a
    snapshot = b[_SNAPSHOT] or a[_SNAPSHOT]
    if winner[_SNAPSHOT] == snapshot:
        return winner
    return (*winner[:_SNAPSHOT], snapshot, winner[-1])


@cache
def _staging_sql(table: Table) -> str:
    return (
        f"CREATE TEMP TABLE IF NOT EXISTS {table.staging}"
        f" (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )


@cache
def _merge_sql(table: Table) -> str:
    newer = "excluded.source_version > e.source_version"
    replaced = [c for c in table.columns if c not in ("administration_id", "source_id")]
    replaced.remove("seen_in_sync")
    sets = [f"{c} = CASE WHEN {newer} THEN excluded.{c} ELSE e.{c} END" for c in replaced]
    columns = ", ".join(table.columns)
    return f"""
        INSERT INTO {table.name} AS e ({columns}) SELECT {columns} FROM {table.staging}
        ON CONFLICT (administration_id, source_id) DO UPDATE SET
            {", ".join(sets)},
            deleted_at = CASE WHEN {newer} THEN NULL ELSE e.deleted_at END,
            seen_in_sync = coalesce(excluded.seen_in_sync, e.seen_in_sync)
        WHERE {newer} OR (excluded.seen_in_sync IS NOT NULL
                          AND excluded.seen_in_sync IS DISTINCT FROM e.seen_in_sync)
    """  # noqa: S608 - table and column names come from the contract, never from input


async def upsert(conn: DbConnection, staged: StagedRows) -> None:
    """Apply staged records: a newer source version wins; a replay or older one changes nothing.

    Records seen in a full snapshot are marked with it, whatever their version.
    """
    for table, rows in staged.by_table():
        await conn.execute(_staging_sql(table))
        await conn.copy_records_to_table(table.staging, records=rows, columns=table.columns)
        await conn.execute(_merge_sql(table))


async def soft_delete(
    conn: DbConnection,
    administration_id: str,
    entity_type: EntityType,
    deletions: Sequence[DeletedRecord],
    now: dt.datetime,
) -> int:
    """Mark records deleted unless the ledger holds a newer version; returns how many."""
    if not deletions:
        return 0
    table = table_for(entity_type).name
    result = await conn.execute(
        f"""
        UPDATE {table} e SET deleted_at = $3, updated_at = $3,
               source_version = greatest(e.source_version, d.version)
        FROM unnest($2::text[], $4::bigint[]) AS d(source_id, version)
        WHERE e.administration_id = $1 AND e.source_id = d.source_id
          AND e.deleted_at IS NULL AND e.source_version <= d.version
        """,  # noqa: S608 - the table name comes from the contract's entity types
        administration_id,
        [d.source_id for d in deletions],
        now,
        [d.source_version for d in deletions],
    )
    return int(result.split()[-1])
