"""SQL for what each sync covered (from SyncStarted), shown in failure mails."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_contracts import SyncStarted
from ledgerbus_servicekit.db import DbConnection


async def remember(conn: DbConnection, event: SyncStarted, now: dt.datetime) -> None:
    """Keep a sync's mode, trigger and entity types."""
    await conn.execute(
        "INSERT INTO sync_scopes (sync_id, administration_id, mode, trigger, entity_types,"
        " seen_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sync_id) DO NOTHING",
        event.sync_id,
        event.administration_id,
        str(event.mode),
        str(event.trigger),
        [str(t) for t in event.entity_types],
        now,
    )


async def get(conn: DbConnection, sync_id: str) -> dict[str, Any] | None:
    """What a sync covered, if its start was seen."""
    row = await conn.fetchrow(
        "SELECT mode, trigger, entity_types FROM sync_scopes WHERE sync_id = $1", sync_id
    )
    return None if row is None else {**dict(row), "entity_types": list(row["entity_types"])}
