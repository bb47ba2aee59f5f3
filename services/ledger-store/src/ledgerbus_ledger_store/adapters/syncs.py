"""SQL for the sync runs the ledger-store tracks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from ledgerbus_servicekit.db import DbConnection

SYNC_COLUMNS = """sync_id, administration_id, tenant_id, package, mode, trigger, entity_types,
    state, started_at, finished_at, applied, deleted, progress, errors, resume_at, dossier,
    scope, trimmed, replaced"""


_JSON = ("applied", "deleted", "progress", "errors", "dossier", "scope", "trimmed", "replaced")
"""The jsonb columns of a sync."""


async def ensure(conn: DbConnection, sync_id: str, administration_id: str) -> None:
    """Create the sync's row if this is the first we hear of it."""
    await conn.execute(
        "INSERT INTO syncs (sync_id, administration_id) VALUES ($1, $2)"
        " ON CONFLICT (sync_id) DO NOTHING",
        sync_id,
        administration_id,
    )


async def update(conn: DbConnection, sync_id: str, **values: Any) -> None:
    """Set columns of a sync (jsonb values are given as Python objects)."""
    names = list(values)
    assignments = ", ".join(f"{name} = ${i + 2}" for i, name in enumerate(names))
    params = [json.dumps(v) if name in _JSON and v is not None else v for name, v in values.items()]
    await conn.execute(
        f"UPDATE syncs SET {assignments}, updated_at = now() WHERE sync_id = $1",  # noqa: S608
        sync_id,
        *params,
    )


async def get(conn: DbConnection, sync_id: str, *, lock: bool = False) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        f"SELECT {SYNC_COLUMNS} FROM syncs WHERE sync_id = $1"  # noqa: S608
        + (" FOR UPDATE" if lock else ""),
        sync_id,
    )
    return None if row is None else decode(row)


def decode(row: Any) -> dict[str, Any]:
    out = dict(row)
    for name in _JSON:
        if isinstance(out.get(name), str):
            out[name] = json.loads(out[name])
    out["entity_types"] = list(out["entity_types"] or [])
    return out


async def record_pages(
    conn: DbConnection, pages: Sequence[tuple[str, str, str, int, int]]
) -> list[tuple[str, str, str, int, int]]:
    """Record (sync, type, kind, page_seq, records) pages; returns those not seen before."""
    if not pages:
        return []
    rows = await conn.fetch(
        """
        INSERT INTO sync_pages (sync_id, entity_type, kind, page_seq, records)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])
        ON CONFLICT DO NOTHING RETURNING sync_id, entity_type, kind, page_seq, records
        """,
        *[list(col) for col in zip(*pages, strict=True)],
    )
    return [tuple(r) for r in rows]


async def received_pages(conn: DbConnection, sync_id: str) -> dict[str, tuple[set[int], int]]:
    """Distinct upsert pages and their records per entity type of a sync."""
    rows = await conn.fetch(
        "SELECT entity_type, array_agg(page_seq) AS seqs, sum(records) AS records"
        " FROM sync_pages WHERE sync_id = $1 AND kind = 'upsert' GROUP BY entity_type",
        sync_id,
    )
    return {r["entity_type"]: (set(r["seqs"]), int(r["records"])) for r in rows}


async def search(
    conn: DbConnection,
    *,
    administration_id: str | None,
    state: str | None,
    since: dt.datetime | None,
    limit: int,
) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        f"""
        SELECT {SYNC_COLUMNS} FROM syncs
        WHERE ($1::text IS NULL OR administration_id = $1) AND ($2::text IS NULL OR state = $2)
          AND ($3::timestamptz IS NULL OR coalesce(started_at, updated_at) >= $3)
        ORDER BY coalesce(started_at, updated_at) DESC LIMIT $4
        """,  # noqa: S608
        administration_id,
        state,
        since,
        limit,
    )
    return [decode(r) for r in rows]


async def of_administration(conn: DbConnection, administration_id: str) -> list[dict[str, Any]]:
    """Every sync of an administration, newest first."""
    return await search(
        conn, administration_id=administration_id, state=None, since=None, limit=200
    )


async def tenant_of(conn: DbConnection, administration_id: str) -> str | None:
    """The tenant an administration belongs to, as its syncs or its dossier told us."""
    tenant: str | None = await conn.fetchval(
        """
        SELECT tenant_id FROM syncs WHERE administration_id = $1 AND tenant_id IS NOT NULL
        UNION ALL SELECT tenant_id FROM dossiers WHERE administration_id = $1
        LIMIT 1
        """,
        administration_id,
    )
    return tenant
