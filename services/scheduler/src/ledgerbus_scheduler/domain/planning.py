"""When each administration is synced: pure functions of its id, window and the night.

Everything is derived deterministically from the administration id (a SHA-256 hash),
so a restart or another replica always computes the same plan:

- the nightly incremental runs at an offset inside the local window, spread evenly
  over the window across administrations;
- once a month, on a day chosen per administration and month, that run is a full
  sync; the days are spread evenly over the month's nights;
- a connector upgrade that requires a full sync turns the run of one of the next
  ``spread_nights`` nights into a full sync, again spread by the id.

A "night" is the local calendar date on which the window starts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import zoneinfo
from dataclasses import dataclass

from ledgerbus_contracts import SyncMode, SyncTrigger


def _fraction(*parts: str) -> float:
    """A stable number in [0, 1) from the parts."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class Window:
    """An administration's nightly window in its own timezone."""

    timezone: str
    start: dt.time
    end: dt.time

    def length(self) -> dt.timedelta:
        today = dt.date(2000, 1, 1)
        return dt.datetime.combine(today, self.end) - dt.datetime.combine(today, self.start)


@dataclass(frozen=True)
class PlannedSync:
    """One scheduled sync."""

    administration_id: str
    night: dt.date
    at: dt.datetime
    mode: SyncMode
    trigger: SyncTrigger

    @property
    def sync_id(self) -> str:
        """Deterministic per (administration, night, kind): publishing twice is one sync."""
        return f"nightly-{self.administration_id}-{self.night:%Y%m%d}-{self.mode}"


def offset_in_window(administration_id: str, window: Window) -> dt.timedelta:
    """Where in the window this administration's sync starts."""
    return window.length() * _fraction("offset", administration_id)


def monthly_full_day(administration_id: str, year: int, month: int) -> int:
    """The day of the month whose nightly run is the full sync."""
    days = calendar.monthrange(year, month)[1]
    return 1 + int(_fraction("full", administration_id, f"{year}-{month:02d}") * days)


def upgrade_night(
    administration_id: str, version: str, announced: dt.date, spread_nights: int
) -> dt.date:
    """The night (after the announcement) on which a connector upgrade's full sync runs."""
    return announced + dt.timedelta(
        days=1 + int(_fraction("upgrade", administration_id, version) * spread_nights)
    )


def run_at(administration_id: str, window: Window, night: dt.date) -> dt.datetime:
    """The UTC time of the night's run."""
    zone = zoneinfo.ZoneInfo(window.timezone)
    local = dt.datetime.combine(night, window.start, tzinfo=zone)
    return (local + offset_in_window(administration_id, window)).astimezone(dt.UTC)


def plan_night(
    administration_id: str, window: Window, night: dt.date, upgrade_on: dt.date | None = None
) -> PlannedSync:
    """The sync of one administration on one night."""
    at = run_at(administration_id, window, night)
    if upgrade_on is not None and night >= upgrade_on:
        return PlannedSync(
            administration_id, night, at, SyncMode.FULL, SyncTrigger.CONNECTOR_UPGRADE
        )
    if night.day == monthly_full_day(administration_id, night.year, night.month):
        return PlannedSync(administration_id, night, at, SyncMode.FULL, SyncTrigger.MONTHLY_FULL)
    return PlannedSync(administration_id, night, at, SyncMode.INCREMENTAL, SyncTrigger.NIGHTLY)


def first_night(administration_id: str, window: Window, now: dt.datetime) -> dt.date:
    """The first night whose run is not yet past, for a newly registered administration."""
    local_today = now.astimezone(zoneinfo.ZoneInfo(window.timezone)).date()
    for night in (local_today - dt.timedelta(days=1), local_today):
        if run_at(administration_id, window, night) > now:
            return night
    return local_today + dt.timedelta(days=1)


def due_nights(
    administration_id: str, window: Window, next_night: dt.date, now: dt.datetime
) -> list[dt.date]:
    """Every night from ``next_night`` whose run time has come."""
    nights = []
    night = next_night
    while run_at(administration_id, window, night) <= now:
        nights.append(night)
        night += dt.timedelta(days=1)
    return nights
