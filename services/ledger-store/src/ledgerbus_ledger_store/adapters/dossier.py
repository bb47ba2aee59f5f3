"""SQL for dossiers and the transactional outbox of their events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_contracts import DossierChanges, DossierUpdated
from ledgerbus_ledger_store.domain.dossier import apply_changes, update_event
from ledgerbus_servicekit.db import DbConnection

EMPTY = {"bookkeeping_updated_until": None, "active_period": None, "booking_proposal_counter": 0}


async def get(conn: DbConnection, administration_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        "SELECT administration_id, tenant_id, bookkeeping_updated_until, active_period,"
        " booking_proposal_counter, updated_at FROM dossiers WHERE administration_id = $1",
        administration_id,
    )
    return None if row is None else dict(row)


async def change(
    conn: DbConnection,
    administration_id: str,
    tenant_id: str,
    changes: DossierChanges,
    update_id: str,
    at: dt.datetime,
    sync_id: str | None = None,
    traceparent: str | None = None,
) -> DossierUpdated | None:
    """Apply changes and queue their event in the same transaction (the caller's).

    Returns None when ``update_id`` was applied before (a replay).
    """
    if await conn.fetchval("SELECT 1 FROM outbox WHERE id = $1", update_id):
        return None
    current = await conn.fetchrow(
        "SELECT * FROM dossiers WHERE administration_id = $1 FOR UPDATE", administration_id
    )
    dossier = apply_changes(dict(current) if current else dict(EMPTY), changes)
    await conn.execute(
        """
        INSERT INTO dossiers (administration_id, tenant_id, bookkeeping_updated_until,
                              active_period, booking_proposal_counter, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (administration_id) DO UPDATE SET
            bookkeeping_updated_until = excluded.bookkeeping_updated_until,
            active_period = excluded.active_period,
            booking_proposal_counter = excluded.booking_proposal_counter,
            updated_at = excluded.updated_at
        """,
        administration_id,
        tenant_id,
        dossier["bookkeeping_updated_until"],
        dossier["active_period"],
        dossier["booking_proposal_counter"],
        at,
    )
    event = update_event(administration_id, tenant_id, dossier, changes, update_id, at, sync_id)
    await conn.execute(
        "INSERT INTO outbox (id, event_type, payload, traceparent, created_at)"
        " VALUES ($1, $2, $3, $4, $5)",
        update_id,
        event.event_type,
        event.model_dump_json(),
        traceparent,
        at,
    )
    return event


async def unpublished(conn: DbConnection, limit: int = 200) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT id, event_type, payload, traceparent FROM outbox WHERE published_at IS NULL"
        " ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED",
        limit,
    )
    return [dict(r) for r in rows]


async def mark_published(conn: DbConnection, event_id: str, at: dt.datetime) -> None:
    await conn.execute("UPDATE outbox SET published_at = $2 WHERE id = $1", event_id, at)
