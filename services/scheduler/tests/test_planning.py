"""The plan over a simulated month of 10,000 administrations (pure functions, no waiting)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter

from ledgerbus_contracts import SyncMode, SyncTrigger
from ledgerbus_scheduler.domain.planning import (
    Window,
    due_nights,
    first_night,
    monthly_full_day,
    offset_in_window,
    plan_night,
    run_at,
    upgrade_night,
)

WINDOW = Window("Europe/Amsterdam", dt.time(1, 0), dt.time(5, 0))
IDS = [f"adm-{n:05d}" for n in range(10_000)]
NOVEMBER = [dt.date(2026, 11, d) for d in range(1, 31)]


def test_every_administration_gets_one_full_sync_in_the_month() -> None:
    fulls = Counter()
    for admin in IDS:
        plans = [plan_night(admin, WINDOW, night) for night in NOVEMBER]
        assert [p.night for p in plans] == NOVEMBER  # one sync per night
        full = [p for p in plans if p.mode is SyncMode.FULL]
        assert len(full) == 1 and full[0].trigger is SyncTrigger.MONTHLY_FULL
        fulls[full[0].night] += 1
    average = len(IDS) / len(NOVEMBER)
    assert set(fulls) == set(NOVEMBER)
    assert max(fulls.values()) <= 2 * average
    assert min(fulls.values()) >= average / 2


def test_requests_are_spread_evenly_over_the_window() -> None:
    quarters = Counter(int(offset_in_window(a, WINDOW) / dt.timedelta(hours=1)) for a in IDS)
    assert sorted(quarters) == [0, 1, 2, 3]
    assert all(abs(n - 2500) < 2500 * 0.1 for n in quarters.values())
    minutes = Counter(int(offset_in_window(a, WINDOW) / dt.timedelta(minutes=1)) for a in IDS)
    assert max(minutes.values()) <= 3 * len(IDS) / 240


def test_the_plan_is_the_same_after_a_restart() -> None:
    night = dt.date(2026, 11, 17)
    assert [plan_night(a, WINDOW, night).sync_id for a in IDS[:100]] == [
        plan_night(a, WINDOW, night).sync_id for a in IDS[:100]
    ]


def test_run_times_follow_the_local_window_across_daylight_saving() -> None:
    winter = run_at("adm-1", WINDOW, dt.date(2026, 11, 17))
    summer = run_at("adm-1", WINDOW, dt.date(2026, 7, 17))
    offset = offset_in_window("adm-1", WINDOW)
    assert winter == dt.datetime(2026, 11, 17, 0, 0, tzinfo=dt.UTC) + offset
    assert summer == dt.datetime(2026, 7, 16, 23, 0, tzinfo=dt.UTC) + offset


def test_missed_nights_and_the_first_night() -> None:
    now = run_at("adm-1", WINDOW, dt.date(2026, 11, 20)) + dt.timedelta(minutes=1)
    assert due_nights("adm-1", WINDOW, dt.date(2026, 11, 17), now) == [
        dt.date(2026, 11, 17),
        dt.date(2026, 11, 18),
        dt.date(2026, 11, 19),
        dt.date(2026, 11, 20),
    ]
    assert first_night("adm-1", WINDOW, now) == dt.date(2026, 11, 21)


def test_connector_upgrades_are_spread_over_the_following_nights() -> None:
    announced = dt.date(2026, 11, 10)
    nights = Counter(upgrade_night(a, "2.0.0", announced, 7) for a in IDS)
    assert sorted(nights) == [announced + dt.timedelta(days=d) for d in range(1, 8)]
    assert max(nights.values()) <= 2 * len(IDS) / 7
    night = upgrade_night("adm-00001", "2.0.0", announced, 7)
    plan = plan_night("adm-00001", WINDOW, night, upgrade_on=night)
    assert (plan.mode, plan.trigger) == (SyncMode.FULL, SyncTrigger.CONNECTOR_UPGRADE)


def test_full_sync_days_are_even_in_every_month_of_a_year() -> None:
    for month in range(1, 13):
        days = calendar.monthrange(2027, month)[1]
        per_day = Counter(monthly_full_day(a, 2027, month) for a in IDS)
        assert sorted(per_day) == list(range(1, days + 1)), f"a night of 2027-{month} has none"
        assert max(per_day.values()) <= 2 * len(IDS) / days, f"2027-{month} bunches"
