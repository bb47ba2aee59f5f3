"""Exact's rate limits: 60 calls a minute and 5,000 a day per app and division.

The budget learns the remaining calls and reset times from the ``X-RateLimit-*``
headers of every response (resets are UTC epoch milliseconds). It waits for the
minutely reset before the minute's calls run out, so normal operation never
receives a 429, and pauses the sync until the daily reset when the day's calls
fall to the reserve.
"""

from __future__ import annotations

import datetime as dt

import httpx

from ledgerbus_connectorkit import SyncPausedUntil
from ledgerbus_servicekit import Clock
from ledgerbus_servicekit.metrics import count_rate_limit_stop, observe_rate_limits


def reset_time(header: str | None) -> dt.datetime | None:
    """A reset header (epoch milliseconds) as a UTC time."""
    if not header:
        return None
    try:
        return dt.datetime.fromtimestamp(int(header) / 1000, dt.UTC)
    except ValueError:
        return None


class ExactRateBudget:
    """The call budget of one (app, division)."""

    def __init__(self, clock: Clock, *, daily_reserve: int = 10, minutely_reserve: int = 0) -> None:
        self.clock = clock
        self.daily_reserve = daily_reserve
        self.minutely_reserve = minutely_reserve
        self.minutely_remaining: int | None = None
        self.minutely_reset: dt.datetime | None = None
        self.daily_remaining: int | None = None
        self.daily_reset: dt.datetime | None = None

    async def before_request(self) -> None:
        """Pause when the day is spent; wait for the next minute when this one is."""
        now = self.clock.now()
        if self.daily_reset is not None and now >= self.daily_reset:
            self.daily_remaining = None
        if (
            self.daily_remaining is not None
            and self.daily_remaining <= self.daily_reserve
            and self.daily_reset is not None
        ):
            raise SyncPausedUntil(
                self.daily_reset,
                f"Exact's daily call limit is nearly spent ({self.daily_remaining} left)",
            )
        if self.minutely_reset is not None and now >= self.minutely_reset:
            self.minutely_remaining = None
        if (
            self.minutely_remaining is not None
            and self.minutely_remaining <= self.minutely_reserve
            and self.minutely_reset is not None
        ):
            count_rate_limit_stop("wait")
            await self.clock.sleep((self.minutely_reset - now).total_seconds() + 0.05)
            self.minutely_remaining = None
        if self.minutely_remaining is not None:
            self.minutely_remaining -= 1  # count our own call before the answer says so
        if self.daily_remaining is not None:
            self.daily_remaining -= 1

    def observe(self, response: httpx.Response) -> None:
        """Learn the budget from the ``X-RateLimit-*`` headers."""
        headers = response.headers
        if (value := headers.get("X-RateLimit-Minutely-Remaining")) is not None:
            self.minutely_remaining = int(value)
            self.minutely_reset = reset_time(headers.get("X-RateLimit-Minutely-Reset"))
        if (value := headers.get("X-RateLimit-Remaining")) is not None:
            self.daily_remaining = int(value)
            self.daily_reset = reset_time(headers.get("X-RateLimit-Reset"))
        budget = {"minute": self.minutely_remaining, "day": self.daily_remaining}
        observe_rate_limits({w: n for w, n in budget.items() if n is not None})
