"""eAccounting's call limit: 600 requests a minute per client and endpoint (URL).

developer.vismaonline.com/docs/rate-limits: "600 requests per minute; limit is registered
per client and endpoint/URL"; over it, 429 with ``ErrorCode`` 4010 and "API calls quota
exceeded! maximum admitted 600 per Minute. Try again in N seconds.". The sandbox counts per
client and request path (the query apart; all the companies a client reaches share it) in
minutes of the sandbox clock. UNCONFIRMED: the window is the clock's minute; the 429 also
carries ``Retry-After`` with the same seconds as its message; a refused call does not count.
There is no daily limit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field


@dataclass
class RateLimits:
    """Calls per (client, path) in the current minute; ``take`` says whether one may go."""

    per_minute: int
    used: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    caps: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Company -> (minute, calls left) set by the control API for tests."""

    def take(self, client: str, company: str, path: str, now: dt.datetime) -> int | None:
        """Count a client's call to a path for a company; None when allowed, else the
        seconds until the window resets."""
        minute = int(now.timestamp() // 60)
        wait = max(math.ceil((minute + 1) * 60 - now.timestamp()), 1)
        window, count = self.used.get((client, path), (minute, 0))
        if window != minute:
            count = 0
        cap = self.caps.get(company)
        if cap is not None and cap[0] == minute and cap[1] <= 0:
            return wait
        if count >= self.per_minute:
            return wait
        self.used[(client, path)] = (minute, count + 1)
        if cap is not None and cap[0] == minute:
            self.caps[company] = (minute, cap[1] - 1)
        return None

    def set_remaining(
        self,
        key: int | str,
        now: dt.datetime,
        *,
        daily: int | None = None,
        minutely: int | None = None,
    ) -> None:
        """For tests: leave only ``minutely`` calls to the company in the current minute
        (over all its endpoints). eAccounting has no daily limit: ``daily`` is ignored."""
        if minutely is not None:
            self.caps[str(key)] = (int(now.timestamp() // 60), minutely)
