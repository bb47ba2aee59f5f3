"""Writing the mirror: batched upserts (COPY into staging, one merge per type) and deletes.

Pages arrive as rows in ``COPY``'s text format (see ``adapters.staging``); the merge keeps
one row per record, the newest version, and marks it with the full snapshot that contained it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from functools import cache

from ledgerbus_contracts import DeletedRecord, EntityType
from ledgerbus_ledger_store.adapters import reconcile
from ledgerbus_ledger_store.adapters.staging import COPY_FORMAT, StagedPage
from ledgerbus_ledger_store.adapters.tables import Table, table_for
from ledgerbus_servicekit.db import DbConnection


def _pages_by_table(pages: Sequence[StagedPage]) -> dict[Table, list[StagedPage]]:
    by_table: dict[Table, list[StagedPage]] = {}
    for page in pages:
        by_table.setdefault(table_for(page.entity_type), []).append(page)
    return by_table


@cache
def _staging_sql(table: Table) -> str:
    columns = ", ".join(table.staged_columns)
    return (
        f"CREATE TEMP TABLE IF NOT EXISTS {table.staging} ON COMMIT DELETE ROWS"  # noqa: S608
        f" AS SELECT {columns} FROM {table.name} WITH NO DATA"  # names from the contract only
    )


def _has_duplicates(pages: Sequence[StagedPage]) -> bool:
    """Whether a record appears more than once in the pages (of one entity type)."""
    ids: dict[str, list[tuple[str, ...]]] = {}
    for page in pages:
        ids.setdefault(page.administration_id, []).append(page.source_ids)
    return any(
        len(set().union(*groups)) != sum(len(group) for group in groups) for groups in ids.values()
    )


@cache
def _merge_sql(table: Table, duplicates: bool) -> str:
    # With duplicates, one row per record: the newest version, marked with the latest
    # full snapshot of the batch ($1, in order) that contained any version of it. Without
    # them (the common case) the sort is not needed.
    newer = "excluded.source_version > e.source_version"
    # A record trimmed for lying before sync_from returns when a snapshot contains it
    # again (sync_from moved earlier), even at the version it was trimmed at.
    back_in_scope = (
        f"(e.deleted_reason LIKE '{reconcile.TRIM_REASON}%' AND excluded.seen_in_sync IS NOT NULL)"
    )
    kept = [c for c in table.staged_columns if c != "seen_in_sync"]
    replaced = [c for c in table.columns if c not in ("administration_id", "source_id")]
    replaced.remove("seen_in_sync")
    sets = [f"{c} = CASE WHEN {newer} THEN excluded.{c} ELSE e.{c} END" for c in replaced]
    if duplicates:
        rows = f"""
            SELECT DISTINCT ON (administration_id, source_id) {", ".join(kept)},
                   ($1::text[])[max(array_position($1::text[], seen_in_sync)) OVER same_record],
                   $2::timestamptz
            FROM {table.staging}
            WINDOW same_record AS (PARTITION BY administration_id, source_id)
            ORDER BY administration_id, source_id, source_version DESC"""  # noqa: S608
    else:
        rows = f"""
            SELECT {", ".join(kept)},
                   CASE WHEN seen_in_sync = ANY($1::text[]) THEN seen_in_sync END,
                   $2::timestamptz
            FROM {table.staging}"""  # noqa: S608
    return f"""
        INSERT INTO {table.name} AS e ({", ".join(table.columns)}) {rows}
        ON CONFLICT (administration_id, source_id) DO UPDATE SET
            {", ".join(sets)},
            deleted_at = CASE WHEN {newer} OR {back_in_scope} THEN NULL ELSE e.deleted_at END,
            deleted_reason = CASE WHEN {newer} OR {back_in_scope} THEN NULL
                                  ELSE e.deleted_reason END,
            seen_in_sync = coalesce(excluded.seen_in_sync, e.seen_in_sync)
        WHERE {newer} OR (excluded.seen_in_sync IS NOT NULL
                          AND excluded.seen_in_sync IS DISTINCT FROM e.seen_in_sync)
    """


async def upsert(
    conn: DbConnection,
    pages: Sequence[StagedPage],
    full_snapshots: Sequence[str],
    now: dt.datetime,
) -> None:
    """Apply staged pages: a newer source version wins; a replay or older one changes nothing.

    Records of a page whose sync is one of ``full_snapshots`` (in the order of the
    batch) are marked with it, whatever their version.
    """
    for table, typed in _pages_by_table(pages).items():
        await conn.execute(_staging_sql(table))
        await conn.copy_to_table(
            table.staging,
            source=_rows(typed),
            columns=table.staged_columns,
            format=COPY_FORMAT,
        )
        merge = _merge_sql(table, _has_duplicates(typed))
        await conn.execute(merge, list(full_snapshots), now)


async def _rows(pages: Sequence[StagedPage]) -> AsyncIterator[bytes]:
    for page in pages:
        yield page.rows


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
