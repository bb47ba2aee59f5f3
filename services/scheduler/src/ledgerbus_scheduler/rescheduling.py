"""Putting an administration on the schedule when it is registered or its window changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_scheduler.adapters import schedule
from ledgerbus_scheduler.domain.planning import Window, first_night, run_at
from ledgerbus_servicekit.db import DbConnection

SCHEDULE_FIELDS = frozenset({"timezone", "nightly_window_start", "nightly_window_end", "enabled"})


def _window(administration: dict[str, Any]) -> Window:
    return Window(
        administration["timezone"],
        administration["nightly_window_start"],
        administration["nightly_window_end"],
    )


async def reschedule(
    conn: DbConnection,
    administration: dict[str, Any],
    now: dt.datetime,
    next_night: dt.date | None = None,
) -> None:
    """Put the administration (API field names) on its next night.

    A new (or re-enabled) administration starts at the first night whose run is still
    to come. A changed window keeps ``next_night``, the first night not yet issued, and
    only moves its time; if that time has passed the next tick issues it (sync ids are
    deterministic, so a night is never issued twice).
    """
    window = _window(administration)
    night = next_night or first_night(administration["id"], window, now)
    await schedule.set_next(
        conn, administration["id"], night, run_at(administration["id"], window, night)
    )


async def after_change(
    conn: DbConnection,
    before: dict[str, Any],
    after: dict[str, Any],
    next_night: dt.date | None,
    now: dt.datetime,
) -> None:
    """Reschedule when a PATCH touched the window, timezone or enabled flag."""
    if all(before.get(f) == after.get(f) for f in SCHEDULE_FIELDS):
        return
    re_enabled = after["enabled"] and not before["enabled"]
    await reschedule(conn, after, now, None if re_enabled else next_night)
