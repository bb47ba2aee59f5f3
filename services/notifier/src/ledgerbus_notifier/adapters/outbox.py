"""SQL for the sent-log, which is also the outbox of mail still to deliver.

States: ``pending`` (due at ``next_attempt_at``), ``sending`` (claimed until
``lease_until``), ``sent``, ``failed`` (refused for good), ``held`` (waiting for a
storm digest), ``digested`` (went out in digest ``digest_id``) and ``skipped``
(nobody to send it to).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ledgerbus_notifier.domain.notifications import FAILURE_KINDS, Draft
from ledgerbus_servicekit.db import DbConnection

_INSERT = (
    "INSERT INTO notifications (notification_id, event_key, kind, event_type,"
    " administration_id, tenant_id, recipient, language, payload, subject, state,"
    " next_attempt_at, last_error, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $12)"
    " ON CONFLICT (notification_id) DO NOTHING"
)


async def recent_failures(
    conn: DbConnection, tenant_id: str, recipient: str, since: dt.datetime
) -> int:
    """How many failure notifications ``recipient`` got (or has pending) since ``since``."""
    count: int = await conn.fetchval(
        "SELECT count(*) FROM notifications WHERE tenant_id = $1 AND recipient = $2"
        " AND kind = ANY($3::text[]) AND created_at > $4",
        tenant_id,
        recipient,
        list(FAILURE_KINDS),
        since,
    )
    return count


async def insert(
    conn: DbConnection, draft: Draft, subject: str, state: str, now: dt.datetime
) -> bool:
    """Record a notification once; False when its id was recorded before."""
    reason = "no recipients configured" if state == "skipped" else None
    status = await conn.execute(
        _INSERT,
        draft.notification_id,
        draft.event_key,
        draft.kind,
        draft.event_type,
        draft.administration_id,
        draft.tenant_id,
        draft.recipient,
        draft.language,
        json.dumps(draft.payload),
        subject,
        state,
        now,
        reason,
    )
    return bool(status.endswith("1"))


async def claim_due(
    conn: DbConnection, now: dt.datetime, lease_until: dt.datetime, limit: int
) -> list[dict[str, Any]]:
    """Claim due mail: pending and due, or claimed by a sender whose lease ran out."""
    rows = await conn.fetch(
        "UPDATE notifications SET state = 'sending', lease_until = $2,"
        " attempts = attempts + 1, updated_at = $1"
        " WHERE notification_id IN (SELECT notification_id FROM notifications"
        "  WHERE (state = 'pending' AND next_attempt_at <= $1)"
        "     OR (state = 'sending' AND lease_until <= $1)"
        "  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)"
        " RETURNING notification_id, kind, recipient, language, payload, attempts",
        now,
        lease_until,
        limit,
    )
    return [{**dict(r), "payload": json.loads(r["payload"])} for r in rows]


async def mark_sent(
    conn: DbConnection, notification_id: str, message_id: str, subject: str, now: dt.datetime
) -> None:
    """Record a mail the server accepted."""
    await conn.execute(
        "UPDATE notifications SET state = 'sent', sent_at = $2, message_id = $3, subject = $4,"
        " lease_until = NULL, last_error = NULL, updated_at = $2 WHERE notification_id = $1",
        notification_id,
        now,
        message_id,
        subject,
    )


async def mark_failed(
    conn: DbConnection, notification_id: str, reason: str, now: dt.datetime
) -> None:
    """Record a mail the server refused for good, with the reason."""
    await conn.execute(
        "UPDATE notifications SET state = 'failed', last_error = $2, lease_until = NULL,"
        " updated_at = $3 WHERE notification_id = $1",
        notification_id,
        reason[:1000],
        now,
    )


async def requeue(
    conn: DbConnection,
    notification_id: str,
    at: dt.datetime,
    reason: str | None,
    now: dt.datetime,
) -> None:
    """Put a claimed mail back, due at ``at`` (a temporary failure, or a shutdown)."""
    await conn.execute(
        "UPDATE notifications SET state = 'pending', next_attempt_at = $2,"
        " last_error = COALESCE($3, last_error), lease_until = NULL, updated_at = $4"
        " WHERE notification_id = $1 AND state = 'sending'",
        notification_id,
        at,
        reason[:1000] if reason else None,
        now,
    )
