"""What a tick issues for one due administration (pure functions, no database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_contracts import SyncMode, SyncTrigger
from ledgerbus_scheduler.domain.due import issue_due
from ledgerbus_scheduler.domain.planning import Window, monthly_full_day, run_at

WINDOW = Window("Europe/Amsterdam", dt.time(1, 0), dt.time(5, 0))


def row(admin: str, next_night: dt.date, **fields: Any) -> dict[str, Any]:
    return {
        "id": admin,
        "tenant_id": "t1",
        "package": "exact",
        "external_id": "100001",
        "connection_id": "c1",
        "sync_from": None,
        "timezone": WINDOW.timezone,
        "window_start": WINDOW.start,
        "window_end": WINDOW.end,
        "next_night": next_night,
        "upgrade_full_on": None,
        "upgrade_version": None,
        **fields,
    }


def test_missed_nights_are_one_sync_full_when_a_missed_night_was_full() -> None:
    full_day = monthly_full_day("adm-1", 2026, 11)
    first = dt.date(2026, 11, full_day) - dt.timedelta(days=1)
    if first.month != 11:  # keep the missed nights inside November
        first = dt.date(2026, 11, full_day)
    last = dt.date(2026, 11, full_day) + dt.timedelta(days=1)
    now = run_at("adm-1", WINDOW, last) + dt.timedelta(hours=6)
    issue = issue_due(row("adm-1", first), now)
    assert issue.request is not None
    assert issue.request.sync_id == f"nightly-adm-1-{last:%Y%m%d}-full"
    assert issue.request.trigger is SyncTrigger.MONTHLY_FULL
    assert issue.next_night == last + dt.timedelta(days=1)
    assert issue.next_run_at == run_at("adm-1", WINDOW, issue.next_night)


def test_an_upgrade_night_issues_an_upgrade_sync_with_its_version() -> None:
    night = dt.date(2026, 11, 20)
    now = run_at("adm-1", WINDOW, night)
    issue = issue_due(row("adm-1", night, upgrade_full_on=night, upgrade_version="2.0.0"), now)
    assert issue.request is not None and issue.request.mode is SyncMode.FULL
    assert issue.request.trigger is SyncTrigger.CONNECTOR_UPGRADE
    assert issue.upgrade_version == "2.0.0"


def test_a_stale_row_issues_nothing_and_gets_its_run_time_corrected() -> None:
    night = dt.date(2026, 11, 20)
    now = run_at("adm-1", WINDOW, night) - dt.timedelta(minutes=1)
    issue = issue_due(row("adm-1", night), now)
    assert issue.request is None and issue.upgrade_version is None
    assert (issue.next_night, issue.next_run_at) == (night, run_at("adm-1", WINDOW, night))
