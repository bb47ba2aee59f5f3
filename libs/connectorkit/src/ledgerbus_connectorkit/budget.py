"""Rate budgets: wait before the package says no, and pause when the day is spent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import httpx

from ledgerbus_servicekit.clock import Clock
from ledgerbus_servicekit.metrics import count_rate_limit_stop, observe_rate_limits


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


class CreditBudget:
    """A per-minute credit budget the connector counts itself, for a package that
    announces none (Twinfield's fair use: credits per minute, a call's cost by kind).

    ``cost`` prices a request; each response spends its request's cost in the clock's
    current minute and reports what is left on ``ledgerbus_rate_limit_remaining``
    (window ``minute``). ``before_request`` waits for the next minute (counted as a
    ``wait``) when fewer than ``reserve`` credits are left, so the package's 429 stays
    the exception; a 429 all the same spends the rest of the minute. One budget is
    shared by every sync of a process (the package counts per client id), so it is a
    lower bound when other processes use the same client id.
    """

    def __init__(
        self,
        clock: Clock,
        *,
        per_minute: int,
        cost: Callable[[httpx.Request], int],
        reserve: int = 3,
    ) -> None:
        self.clock, self.per_minute, self.cost, self.reserve = clock, per_minute, cost, reserve
        self._minute: int | None = None
        self.spent = 0

    @property
    def remaining(self) -> int:
        """Credits left in the clock's current minute."""
        self._roll()
        return max(self.per_minute - self.spent, 0)

    def _roll(self) -> None:
        minute = int(self.clock.now().timestamp() // 60)
        if minute != self._minute:
            self._minute, self.spent = minute, 0

    async def before_request(self) -> None:
        """Wait for the next minute when this one's credits are (nearly) spent."""
        if self.remaining >= self.reserve:
            return
        count_rate_limit_stop("wait")
        now = self.clock.now().timestamp()
        await self.clock.sleep(60 - now % 60 + 0.05)
        self._roll()

    def observe(self, response: httpx.Response) -> None:
        """Spend the request's credits (all of the minute's on a 429) and report the rest."""
        self._roll()
        if response.status_code == 429:
            self.spent = self.per_minute
        else:
            self.spent += self.cost(response.request)
        observe_rate_limits({"minute": self.remaining})
