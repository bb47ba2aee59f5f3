"""SQL for delete reconciliation after a complete full snapshot, and held deletions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ledgerbus_contracts import EntityType
from ledgerbus_ledger_store.adapters.tables import table_for
from ledgerbus_servicekit.db import DbConnection

_MISSING = "deleted_at IS NULL AND seen_in_sync IS DISTINCT FROM $2"
"""Live records of an administration (``$1``) that the snapshot (``$2``) did not contain."""

DATE_COLUMNS: dict[EntityType, str] = {EntityType.TRANSACTION_LINE: "date"}
"""The date column of each dated entity type (``sync_from`` bounds these)."""

TRIM_REASON = "dated before sync_from"
"""How a record trimmed for lying before ``sync_from`` is marked (the date follows)."""


def _in_scope(entity_type: EntityType, sync_from: dt.date | None, param: int) -> str:
    """The SQL condition (on parameter ``$param``) that a record lies within the scope."""
    column = DATE_COLUMNS.get(entity_type)
    if sync_from is None or column is None:
        return "TRUE"
    return f"{column} >= ${param}::date"


def _scope_args(entity_type: EntityType, sync_from: dt.date | None) -> list[dt.date]:
    return [sync_from] if sync_from is not None and entity_type in DATE_COLUMNS else []


async def missing_counts(
    conn: DbConnection,
    administration_id: str,
    sync_id: str,
    entity_types: Sequence[EntityType],
    sync_from: dt.date | None = None,
) -> tuple[dict[EntityType, int], dict[EntityType, int]]:
    """(records the snapshot did not contain, live records) per entity type, both counted
    within the scope: records dated before ``sync_from`` are neither."""
    missing: dict[EntityType, int] = {}
    live: dict[EntityType, int] = {}
    for entity_type in entity_types:
        row = await conn.fetchrow(
            f"SELECT count(*) FILTER (WHERE seen_in_sync IS DISTINCT FROM $2) AS missing,"  # noqa: S608
            f" count(*) AS live FROM {table_for(entity_type).name}"
            " WHERE administration_id = $1 AND deleted_at IS NULL"
            f" AND {_in_scope(entity_type, sync_from, 3)}",
            administration_id,
            sync_id,
            *_scope_args(entity_type, sync_from),
        )
        assert row is not None
        missing[entity_type], live[entity_type] = row["missing"], row["live"]
    return missing, live


async def delete_missing(
    conn: DbConnection,
    administration_id: str,
    sync_id: str,
    entity_types: Sequence[EntityType],
    now: dt.datetime,
    sync_from: dt.date | None = None,
    reason: str | None = None,
) -> dict[EntityType, int]:
    """Soft-delete every live record of these types, within the scope, that the snapshot
    did not contain (``reason`` where it is not the package's plain delete)."""
    counts: dict[EntityType, int] = {}
    for entity_type in entity_types:
        result = await conn.execute(
            f"UPDATE {table_for(entity_type).name}"  # noqa: S608
            " SET deleted_at = $3, updated_at = $3, deleted_reason = $4"
            f" WHERE administration_id = $1 AND {_MISSING}"
            f" AND {_in_scope(entity_type, sync_from, 5)}",
            administration_id,
            sync_id,
            now,
            reason,
            *_scope_args(entity_type, sync_from),
        )
        if n := int(result.split()[-1]):
            counts[entity_type] = n
    return counts


async def trim_before(
    conn: DbConnection,
    administration_id: str,
    entity_types: Sequence[EntityType],
    sync_from: dt.date,
    now: dt.datetime,
) -> dict[EntityType, int]:
    """Soft-delete the live dated records before ``sync_from``, marked with the reason."""
    counts: dict[EntityType, int] = {}
    for entity_type in entity_types:
        column = DATE_COLUMNS.get(entity_type)
        if column is None:
            continue
        result = await conn.execute(
            f"UPDATE {table_for(entity_type).name}"  # noqa: S608
            " SET deleted_at = $3, updated_at = $3, deleted_reason = $4"
            f" WHERE administration_id = $1 AND deleted_at IS NULL AND {column} < $2",
            administration_id,
            sync_from,
            now,
            f"{TRIM_REASON} {sync_from.isoformat()}",
        )
        if n := int(result.split()[-1]):
            counts[entity_type] = n
    return counts


async def hold_missing(
    conn: DbConnection,
    administration_id: str,
    sync_id: str,
    entity_types: Sequence[EntityType],
    sync_from: dt.date | None = None,
) -> None:
    """Remember exactly which records (at which version, within the scope) the guard held."""
    for entity_type in entity_types:
        await conn.execute(
            f"""
            INSERT INTO held_deletions (sync_id, administration_id, entity_type, source_id,
                                        source_version)
            SELECT $2, administration_id, $3, source_id, source_version
            FROM {table_for(entity_type).name} WHERE administration_id = $1 AND {_MISSING}
              AND {_in_scope(entity_type, sync_from, 4)}
            ON CONFLICT DO NOTHING
            """,  # noqa: S608 - the table name comes from the contract's entity types
            administration_id,
            sync_id,
            str(entity_type),
            *_scope_args(entity_type, sync_from),
        )


async def release_held(conn: DbConnection, sync_id: str, now: dt.datetime) -> dict[str, int]:
    """Delete the held records that have not changed since; forget the hold."""
    types = await conn.fetch(
        "SELECT DISTINCT entity_type FROM held_deletions WHERE sync_id = $1", sync_id
    )
    counts: dict[str, int] = {}
    for (entity_type,) in types:
        result = await conn.execute(
            f"""
            UPDATE {table_for(entity_type).name} e SET deleted_at = $2, updated_at = $2
            FROM held_deletions h
            WHERE h.sync_id = $1 AND h.entity_type = $3
              AND e.administration_id = h.administration_id AND e.source_id = h.source_id
              AND e.source_version = h.source_version AND e.deleted_at IS NULL
            """,  # noqa: S608 - the table name comes from the contract's entity types
            sync_id,
            now,
            entity_type,
        )
        if n := int(result.split()[-1]):
            counts[entity_type] = n
    await conn.execute("DELETE FROM held_deletions WHERE sync_id = $1", sync_id)
    return counts


async def held_counts(conn: DbConnection, sync_id: str) -> dict[str, int]:
    """How many records of each type the guard holds for a sync, until released or discarded."""
    rows = await conn.fetch(
        "SELECT entity_type, count(*) AS n FROM held_deletions WHERE sync_id = $1"
        " GROUP BY entity_type",
        sync_id,
    )
    return {r["entity_type"]: int(r["n"]) for r in rows}


async def discard_held(conn: DbConnection, sync_id: str) -> int:
    """Forget the held deletions: the records stay."""
    result = await conn.execute("DELETE FROM held_deletions WHERE sync_id = $1", sync_id)
    return int(result.split()[-1])
