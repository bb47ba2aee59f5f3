"""Rate budgets: wait before the package says no, and pause when the day is spent."""

from __future__ import annotations

from typing import Protocol

import httpx


class RateBudget(Protocol):
    """Tracks a package's rate limits for one administration.

    ``before_request`` waits (with the injectable clock) when the short-term budget
    is spent and raises :class:`~ledgerbus_connectorkit.errors.SyncPausedUntil` when the
    long-term budget is; ``observe`` learns the limits from each response.
    """

    async def before_request(self) -> None:
        """Wait or pause as the budget requires."""
        ...

    def observe(self, response: httpx.Response) -> None:
        """Update the budget from a response's headers."""
        ...


class UnlimitedBudget:
    """For packages without documented limits: never waits."""

    async def before_request(self) -> None:
        """Never waits."""

    def observe(self, response: httpx.Response) -> None:
        """Learns nothing."""
