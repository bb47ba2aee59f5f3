"""An injectable clock, so that no test waits for real time to pass."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Tells the time and waits."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware UTC."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> dt.datetime:
        """The current UTC time."""
        return dt.datetime.now(dt.UTC)

    async def sleep(self, seconds: float) -> None:
        """Wait in real time."""
        await asyncio.sleep(seconds)


class FakeClock:
    """A clock that only moves when told to; ``sleep`` advances it at once."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = start

    def now(self) -> dt.datetime:
        """The fake current time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the time forward."""
        self._now += dt.timedelta(seconds=seconds)

    def set(self, when: dt.datetime) -> None:
        """Jump to ``when``."""
        self._now = when

    async def sleep(self, seconds: float) -> None:
        """Advance the time instead of waiting, and let other tasks run."""
        self.advance(max(seconds, 0.0))
        await asyncio.sleep(0)
