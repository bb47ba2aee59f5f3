"""What a tick issues for one due administration: the request, and where it moves next.

Missed nights (the scheduler was down) are caught up once: the latest missed night's
sync is issued, as a full sync if any missed night was due one, since an incremental
sync reads everything since its cursor anyway.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ledgerbus_contracts import Package, RequestSync, SyncMode, SyncTrigger
from ledgerbus_scheduler.domain.planning import PlannedSync, Window, due_nights, plan_night, run_at


@dataclass(frozen=True)
class Issue:
    """One sync to issue now, and the administration's next night and run time."""

    request: RequestSync | None
    upgrade_version: str | None
    next_night: dt.date
    next_run_at: dt.datetime


def window_of(row: dict[str, Any]) -> Window:
    """The window of a schedule row (database column names)."""
    return Window(row["timezone"], row["window_start"], row["window_end"])


def request_for(row: dict[str, Any], plan: PlannedSync, now: dt.datetime) -> RequestSync:
    """The command of a planned sync of the administration ``row``."""
    return RequestSync(
        administration_id=row["id"],
        sync_id=plan.sync_id,
        tenant_id=row["tenant_id"],
        package=Package(row["package"]),
        external_id=row["external_id"],
        connection_id=row["connection_id"],
        mode=plan.mode,
        trigger=plan.trigger,
        sync_from=row["sync_from"],
        requested_at=now,
    )


def issue_due(row: dict[str, Any], now: dt.datetime) -> Issue:
    """The one sync for every night of ``row`` that is due by ``now``.

    A row whose stored run time is stale (nothing is due after all) gets no request,
    only its run time corrected.
    """
    window = window_of(row)
    nights = due_nights(row["id"], window, row["next_night"], now)
    if not nights:
        at = run_at(row["id"], window, row["next_night"])
        return Issue(None, None, row["next_night"], at)
    plans = [plan_night(row["id"], window, n, row["upgrade_full_on"]) for n in nights]
    chosen = plans[-1]
    full = next((p for p in reversed(plans) if p.mode is SyncMode.FULL), None)
    if full is not None:
        chosen = PlannedSync(row["id"], chosen.night, chosen.at, SyncMode.FULL, full.trigger)
    upgrade = row["upgrade_version"] if chosen.trigger is SyncTrigger.CONNECTOR_UPGRADE else None
    following = nights[-1] + dt.timedelta(days=1)
    return Issue(
        request_for(row, chosen, now), upgrade, following, run_at(row["id"], window, following)
    )
