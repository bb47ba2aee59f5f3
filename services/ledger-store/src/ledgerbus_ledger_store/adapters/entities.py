"""SQL for the mirror: batched upserts (COPY into staging, one merge), deletes, reads."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from pydantic_core import to_json

from ledgerbus_contracts import DeletedRecord, Entity
from ledgerbus_servicekit.db import DbConnection

_COLUMNS = (
    "administration_id",
    "entity_type",
    "source_id",
    "source_version",
    "fields",
    "raw",
    "seen_in_sync",
    "updated_at",
)
_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS staging_entities (
    administration_id text, entity_type text, source_id text, source_version bigint,
    fields jsonb, raw jsonb, seen_in_sync text, updated_at timestamptz
) ON COMMIT DELETE ROWS
"""
_MERGE = """
INSERT INTO entities AS e (administration_id, entity_type, source_id, source_version, fields, raw,
                           seen_in_sync, updated_at)
SELECT DISTINCT ON (administration_id, entity_type, source_id)
       administration_id, entity_type, source_id, source_version, fields, raw, seen_in_sync,
       updated_at
FROM staging_entities
ORDER BY administration_id, entity_type, source_id, source_version DESC, seen_in_sync NULLS LAST
ON CONFLICT (administration_id, entity_type, source_id) DO UPDATE SET
    source_version = greatest(e.source_version, excluded.source_version),
    fields = CASE WHEN excluded.source_version > e.source_version
                  THEN excluded.fields ELSE e.fields END,
    raw = CASE WHEN excluded.source_version > e.source_version THEN excluded.raw ELSE e.raw END,
    deleted_at = CASE WHEN excluded.source_version > e.source_version
                      THEN NULL ELSE e.deleted_at END,
    updated_at = CASE WHEN excluded.source_version > e.source_version
                      THEN excluded.updated_at ELSE e.updated_at END,
    seen_in_sync = coalesce(excluded.seen_in_sync, e.seen_in_sync)
WHERE excluded.source_version > e.source_version
   OR (excluded.seen_in_sync IS NOT NULL AND excluded.seen_in_sync IS DISTINCT FROM e.seen_in_sync)
"""
_FIELD_EXCLUDE = {"administration_id", "source_id", "source_version", "raw", "entity_type"}


def staged_rows(
    records: Sequence[Entity], snapshot: str | None, now: dt.datetime
) -> list[tuple[Any, ...]]:
    """Staging rows of one page's records; ``snapshot`` is the full sync they belong to."""
    # pydantic's serialiser (Rust) is about three times faster than model_dump + json.dumps.
    return [
        (
            e.administration_id,
            str(e.entity_type),
            e.source_id,
            e.source_version,
            e.model_dump_json(exclude=_FIELD_EXCLUDE),
            to_json(e.raw).decode(),
            snapshot,
            now,
        )
        for e in records
    ]


async def upsert(conn: DbConnection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Apply records: a newer source version wins; a replay or an older version changes nothing.

    Records seen in a full snapshot are marked with it, whatever their version.
    """
    if not rows:
        return
    await conn.execute(_STAGING)
    await conn.copy_records_to_table("staging_entities", records=rows, columns=_COLUMNS)
    await conn.execute(_MERGE)


async def soft_delete(
    conn: DbConnection,
    administration_id: str,
    entity_type: str,
    deletions: Sequence[DeletedRecord],
    now: dt.datetime,
) -> int:
    """Mark records deleted unless the ledger holds a newer version; returns how many."""
    if not deletions:
        return 0
    result = await conn.execute(
        """
        UPDATE entities e SET deleted_at = $4, updated_at = $4,
               source_version = greatest(e.source_version, d.version)
        FROM unnest($3::text[], $5::bigint[]) AS d(source_id, version)
        WHERE e.administration_id = $1 AND e.entity_type = $2 AND e.source_id = d.source_id
          AND e.deleted_at IS NULL AND e.source_version <= d.version
        """,
        administration_id,
        entity_type,
        [d.source_id for d in deletions],
        now,
        [d.source_version for d in deletions],
    )
    return int(result.split()[-1])


async def list_entities(
    conn: DbConnection,
    administration_id: str,
    entity_type: str,
    *,
    after: str | None,
    limit: int,
    include_deleted: bool,
    modified_since: dt.datetime | None,
) -> list[dict[str, Any]]:
    """One keyset page, in source id order."""
    rows = await conn.fetch(
        """
        SELECT source_id, source_version, fields, raw, deleted_at, updated_at FROM entities
        WHERE administration_id = $1 AND entity_type = $2 AND ($3::text IS NULL OR source_id > $3)
          AND ($4 OR deleted_at IS NULL) AND ($5::timestamptz IS NULL OR updated_at >= $5)
        ORDER BY source_id LIMIT $6
        """,
        administration_id,
        entity_type,
        after,
        include_deleted,
        modified_since,
        limit,
    )
    return [
        {
            "source_id": r["source_id"],
            "source_version": r["source_version"],
            **json.loads(r["fields"]),
            "deleted_at": r["deleted_at"],
            "updated_at": r["updated_at"],
            "raw": json.loads(r["raw"]),
        }
        for r in rows
    ]
