"""SQL for reading the sent-log: what was sent, to whom, when, and its delivery state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_servicekit.db import DbConnection

COLUMNS = (
    "notification_id, event_key, kind, event_type, administration_id, tenant_id, recipient,"
    " subject, state, attempts, last_error, digest_id, message_id, created_at, sent_at,"
    " next_attempt_at"
)


async def search(
    conn: DbConnection,
    *,
    tenant_id: str | None,
    administration_id: str | None,
    since: dt.datetime | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Notifications newest first, filtered by tenant, administration and creation time."""
    rows = await conn.fetch(
        f"SELECT {COLUMNS} FROM notifications"  # noqa: S608 - constant column list
        " WHERE ($1::text IS NULL OR tenant_id = $1)"
        " AND ($2::text IS NULL OR administration_id = $2)"
        " AND ($3::timestamptz IS NULL OR created_at >= $3)"
        " ORDER BY created_at DESC, notification_id LIMIT $4",
        tenant_id,
        administration_id,
        since,
        limit,
    )
    return [dict(r) for r in rows]
