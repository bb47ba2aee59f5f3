"""SQL for the schedule: what is due, and moving an administration to its next night."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ledgerbus_servicekit.db import DbConnection

DUE_COLUMNS = """id, tenant_id, package, connection_id, external_id, sync_from, timezone,
    window_start, window_end, next_night, upgrade_full_on, upgrade_version"""


async def lock_due(conn: DbConnection, now: dt.datetime, limit: int) -> list[dict[str, Any]]:
    """Due administrations, locked for this transaction (another replica skips them)."""
    rows = await conn.fetch(
        f"SELECT {DUE_COLUMNS} FROM administrations"  # noqa: S608
        " WHERE enabled AND next_run_at <= $1 ORDER BY next_run_at LIMIT $2"
        " FOR UPDATE SKIP LOCKED",
        now,
        limit,
    )
    return [dict(r) for r in rows]


async def advance(
    conn: DbConnection, moves: Sequence[tuple[str, dt.date, dt.datetime, bool]]
) -> None:
    """Move each (id, next night, next run, whether an upgrade sync was issued) on, at once;
    an issued upgrade sync is no longer pending."""
    await conn.execute(
        """
        UPDATE administrations a SET next_night = m.night, next_run_at = m.at,
            upgrade_full_on = CASE WHEN m.upgraded THEN NULL ELSE a.upgrade_full_on END,
            upgrade_version = CASE WHEN m.upgraded THEN NULL ELSE a.upgrade_version END
        FROM unnest($1::text[], $2::date[], $3::timestamptz[], $4::bool[])
            AS m(id, night, at, upgraded)
        WHERE a.id = m.id
        """,
        [m[0] for m in moves],
        [m[1] for m in moves],
        [m[2] for m in moves],
        [m[3] for m in moves],
    )


async def set_next(
    conn: DbConnection, administration_id: str, night: dt.date, at: dt.datetime
) -> None:
    """Put the administration's next run on ``night`` at ``at``."""
    await conn.execute(
        "UPDATE administrations SET next_night = $2, next_run_at = $3 WHERE id = $1",
        administration_id,
        night,
        at,
    )


async def needing_upgrade(conn: DbConnection, package: str, version: str) -> list[str]:
    rows = await conn.fetch(
        "SELECT id FROM administrations WHERE package = $1 AND enabled"
        " AND connector_version IS DISTINCT FROM $2 AND upgrade_version IS DISTINCT FROM $2",
        package,
        version,
    )
    return [r["id"] for r in rows]


async def mark_upgrade(
    conn: DbConnection, version: str, nights: Sequence[tuple[str, dt.date]]
) -> None:
    await conn.execute(
        """
        UPDATE administrations a SET upgrade_version = $1, upgrade_full_on = u.night
        FROM unnest($2::text[], $3::date[]) AS u(id, night) WHERE a.id = u.id
        """,
        version,
        [n[0] for n in nights],
        [n[1] for n in nights],
    )


async def enabled_windows(
    conn: DbConnection, limit: int, after: str | None, tenant_id: str | None = None
) -> list[dict[str, Any]]:
    """Enabled administrations' windows in id order after ``after``; of one tenant if given."""
    rows = await conn.fetch(
        "SELECT id, timezone, window_start, window_end, upgrade_full_on FROM administrations"
        " WHERE enabled AND ($2::text IS NULL OR id > $2)"
        " AND ($3::text IS NULL OR tenant_id = $3) ORDER BY id LIMIT $1",
        limit,
        after,
        tenant_id,
    )
    return [dict(r) for r in rows]


async def next_night(conn: DbConnection, administration_id: str) -> dt.date | None:
    """The first night not yet issued for the administration."""
    value = await conn.fetchval(
        "SELECT next_night FROM administrations WHERE id = $1", administration_id
    )
    return None if value is None else dt.date.fromordinal(value.toordinal())
