"""Exact's call limits per (app, division): a minute window and a day window.

Every API response carries the ``X-RateLimit-*`` headers (resets in UTC epoch
milliseconds). A request over either limit answers 429. UNCONFIRMED, chosen here:
the 429 carries the headers too (picqer reads them from error responses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Window:
    limit: int
    start: dt.datetime
    length: dt.timedelta
    used: int = 0

    def roll(self, now: dt.datetime) -> None:
        while now >= self.start + self.length:
            self.start += self.length
            self.used = 0

    @property
    def reset_ms(self) -> int:
        return int((self.start + self.length).timestamp() * 1000)


@dataclass
class RateLimits:
    """Windows by division; ``take`` counts a call and says whether it is allowed."""

    minutely: int
    daily: int
    windows: dict[int, tuple[Window, Window]] = field(default_factory=dict)

    def _of(self, division: int, now: dt.datetime) -> tuple[Window, Window]:
        if division not in self.windows:
            minute = now.replace(second=0, microsecond=0)
            day = now.replace(hour=0, minute=0, second=0, microsecond=0)
            self.windows[division] = (
                Window(self.minutely, minute, dt.timedelta(minutes=1)),
                Window(self.daily, day, dt.timedelta(days=1)),
            )
        minute_window, day_window = self.windows[division]
        minute_window.roll(now)
        day_window.roll(now)
        return minute_window, day_window

    def take(self, division: int, now: dt.datetime) -> tuple[bool, dict[str, str]]:
        minute, day = self._of(division, now)
        allowed = minute.used < minute.limit and day.used < day.limit
        if allowed:
            minute.used += 1
            day.used += 1
        return allowed, {
            "X-RateLimit-Limit": str(day.limit),
            "X-RateLimit-Remaining": str(max(day.limit - day.used, 0)),
            "X-RateLimit-Reset": str(day.reset_ms),
            "X-RateLimit-Minutely-Limit": str(minute.limit),
            "X-RateLimit-Minutely-Remaining": str(max(minute.limit - minute.used, 0)),
            "X-RateLimit-Minutely-Reset": str(minute.reset_ms),
        }

    def set_remaining(
        self,
        division: int | str,
        now: dt.datetime,
        *,
        daily: int | None = None,
        minutely: int | None = None,
    ) -> None:
        """For tests: leave only this many calls in the current windows (capped at the limit)."""
        minute, day = self._of(int(division), now)
        if daily is not None:
            day.used = max(day.limit - daily, 0)
        if minutely is not None:
            minute.used = max(minute.limit - minutely, 0)
