"""The states of a sync and the moves between them."""

from __future__ import annotations

import datetime as dt

from ledgerbus_contracts import SyncState

TERMINAL = frozenset({SyncState.SUCCEEDED, SyncState.FAILED, SyncState.NEEDS_ATTENTION})


def may_move(current: str | None, new: SyncState) -> bool:
    """A sync never leaves a terminal state through a status event (they may arrive late)."""
    return current is None or SyncState(current) not in TERMINAL or SyncState(current) == new


def duration_seconds(started: dt.datetime | None, finished: dt.datetime | None) -> float | None:
    """Seconds from start to finish, when both are known."""
    if started is None or finished is None:
        return None
    return max((finished - started).total_seconds(), 0.0)


def eta(
    started: dt.datetime | None, previous_duration: float | None, now: dt.datetime
) -> dt.datetime | None:
    """When a running sync should end, judging by the previous one's duration."""
    if started is None or previous_duration is None:
        return None
    return max(started + dt.timedelta(seconds=previous_duration), now)


def percent(records: int, expected: int | None) -> float | None:
    """Progress in percent where the expected total is known."""
    if not expected:
        return None
    return round(min(records / expected, 1.0) * 100, 1)
