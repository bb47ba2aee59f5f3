"""SQL for storm digests: held failures of one recipient become one digest mail."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ledgerbus_notifier.domain.mail import header_safe
from ledgerbus_notifier.domain.notifications import notification_id
from ledgerbus_notifier.domain.render import subject
from ledgerbus_servicekit.db import DbConnection


async def due(conn: DbConnection, held_before: dt.datetime) -> list[tuple[str, str]]:
    """(tenant, recipient) pairs whose oldest held failure is older than ``held_before``."""
    rows = await conn.fetch(
        "SELECT tenant_id, recipient FROM notifications WHERE state = 'held'"
        " GROUP BY tenant_id, recipient HAVING min(created_at) <= $1",
        held_before,
    )
    return [(r["tenant_id"], r["recipient"]) for r in rows]


async def gather(
    conn: DbConnection, tenant_id: str, recipient: str, now: dt.datetime
) -> str | None:
    """Turn a recipient's held failures into one pending digest; returns its id.

    Run in a transaction: the held rows are locked, so two workers make one digest.
    """
    rows = await conn.fetch(
        "SELECT notification_id, kind, language, payload FROM notifications"
        " WHERE state = 'held' AND tenant_id = $1 AND recipient = $2"
        " ORDER BY created_at, notification_id FOR UPDATE",
        tenant_id,
        recipient,
    )
    if not rows:
        return None
    members = [r["notification_id"] for r in rows]
    digest_id = notification_id(f"digest:{tenant_id}:{members[0]}", recipient)
    items: list[dict[str, Any]] = [{**json.loads(r["payload"]), "kind": r["kind"]} for r in rows]
    payload = {"items": items}
    language = rows[0]["language"]
    await conn.execute(
        "INSERT INTO notifications (notification_id, event_key, kind, event_type,"
        " administration_id, tenant_id, recipient, language, payload, subject, state,"
        " next_attempt_at, created_at, updated_at)"
        " VALUES ($1, $1, 'digest', 'digest', '', $2, $3, $4, $5, $6, 'pending', $7, $7, $7)"
        " ON CONFLICT (notification_id) DO NOTHING",
        digest_id,
        tenant_id,
        recipient,
        language,
        json.dumps(payload),
        header_safe(subject("digest", language, payload)),
        now,
    )
    await conn.execute(
        "UPDATE notifications SET state = 'digested', digest_id = $1, updated_at = $2"
        " WHERE notification_id = ANY($3::text[])",
        digest_id,
        now,
        members,
    )
    return digest_id
