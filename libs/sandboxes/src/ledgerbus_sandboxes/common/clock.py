"""Sandbox time: real time plus an offset, or a test's own clock to follow."""

from __future__ import annotations

import datetime as dt
from typing import Any


class SandboxClock:
    """Real time plus an offset the control API can move forward."""

    def __init__(self, offset: dt.timedelta = dt.timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += dt.timedelta(seconds=seconds)


class FollowingClock(SandboxClock):
    """A sandbox clock that reads (and moves) another clock, e.g. a test's fake clock, so a
    client that waits for a rate-limit reset on that clock finds the sandbox there too."""

    def __init__(self, source: Any) -> None:
        super().__init__()
        self.source = source

    def now(self) -> dt.datetime:
        now: dt.datetime = self.source.now()
        return now

    def advance(self, seconds: float) -> None:
        self.source.advance(seconds)
