"""SQL for delete reconciliation after a complete full snapshot, and held deletions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ledgerbus_servicekit.db import DbConnection


async def missing_counts(
    conn: DbConnection, administration_id: str, sync_id: str, entity_types: Sequence[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """(records the snapshot did not contain, live records) per entity type."""
    rows = await conn.fetch(
        """
        SELECT entity_type, count(*) FILTER (WHERE seen_in_sync IS DISTINCT FROM $2) AS missing,
               count(*) AS live
        FROM entities WHERE administration_id = $1 AND entity_type = ANY($3::text[])
          AND deleted_at IS NULL
        GROUP BY entity_type
        """,
        administration_id,
        sync_id,
        list(entity_types),
    )
    return (
        {r["entity_type"]: r["missing"] for r in rows},
        {r["entity_type"]: r["live"] for r in rows},
    )


async def delete_missing(
    conn: DbConnection,
    administration_id: str,
    sync_id: str,
    entity_types: Sequence[str],
    now: dt.datetime,
) -> dict[str, int]:
    """Soft-delete every live record of these types that the snapshot did not contain."""
    rows = await conn.fetch(
        """
        UPDATE entities SET deleted_at = $4, updated_at = $4
        WHERE administration_id = $1 AND entity_type = ANY($3::text[]) AND deleted_at IS NULL
          AND seen_in_sync IS DISTINCT FROM $2
        RETURNING entity_type
        """,
        administration_id,
        sync_id,
        list(entity_types),
        now,
    )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["entity_type"]] = counts.get(r["entity_type"], 0) + 1
    return counts


async def hold_missing(
    conn: DbConnection, administration_id: str, sync_id: str, entity_types: Sequence[str]
) -> None:
    """Remember exactly which records (at which version) the guard held back."""
    await conn.execute(
        """
        INSERT INTO held_deletions (sync_id, administration_id, entity_type, source_id,
                                    source_version)
        SELECT $2, administration_id, entity_type, source_id, source_version FROM entities
        WHERE administration_id = $1 AND entity_type = ANY($3::text[]) AND deleted_at IS NULL
          AND seen_in_sync IS DISTINCT FROM $2
        ON CONFLICT DO NOTHING
        """,
        administration_id,
        sync_id,
        list(entity_types),
    )


async def release_held(conn: DbConnection, sync_id: str, now: dt.datetime) -> dict[str, int]:
    """Delete the held records that have not changed since; forget the hold."""
    rows = await conn.fetch(
        """
        UPDATE entities e SET deleted_at = $2, updated_at = $2
        FROM held_deletions h
        WHERE h.sync_id = $1 AND e.administration_id = h.administration_id
          AND e.entity_type = h.entity_type AND e.source_id = h.source_id
          AND e.source_version = h.source_version AND e.deleted_at IS NULL
        RETURNING e.entity_type
        """,
        sync_id,
        now,
    )
    await conn.execute("DELETE FROM held_deletions WHERE sync_id = $1", sync_id)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["entity_type"]] = counts.get(r["entity_type"], 0) + 1
    return counts


async def discard_held(conn: DbConnection, sync_id: str) -> int:
    """Forget the held deletions: the records stay."""
    result = await conn.execute("DELETE FROM held_deletions WHERE sync_id = $1", sync_id)
    return int(result.split()[-1])
