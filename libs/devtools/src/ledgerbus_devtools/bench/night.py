"""A night: a slice of administrations' nightly incremental syncs, scaled to 10,000.

Per package (Exact, eAccounting, Twinfield, SnelStart; :mod:`.night_packages`) every
part runs as its own process (:mod:`.night_setup`): the package's sandbox with one small
administration (30 transaction lines) per administration of the slice and the package's
real limits (the sandbox's defaults: Exact 60 calls a minute and 5,000 a day per
division, eAccounting 600 a minute per endpoint for all companies together, Twinfield
1,000 a minute for the organisation, SnelStart 600 a minute for the app's subscription
key), the ledger-store, one replica of the package's connector (its default concurrency)
and the scheduler, on Kafka and PostgreSQL. The run:

1. registers the administrations with the scheduler's API (window 20:00-23:00 in a zone
   where it is now midday) and requests a manual full sync of each, which puts the
   connector's cursors in place; the sandbox's request count over these is the package
   calls of one full sync of such an administration;
2. changes a few records per administration through the sandbox's control API (one entry
   booked, one entry's amount changed, one relation renamed), and puts a standing
   50 ms latency on every API call;
3. moves every administration's window (the scheduler's PATCH) to a 2-second window a
   few seconds ahead: the scheduler's own nightly tick, on its real clock, finds
   tonight's incremental syncs due and publishes them (the ids are chosen so that
   tonight is no administration's monthly full night). The night runs from the first
   published request to the last ``SyncCompleted`` of the ledger-store (Kafka's record
   times).

Figures, each beside a baseline of the same run: syncs per minute of the one replica
against the latency-only ideal (each sync's calls one after the other at 50 ms, as many
syncs at once as the replica runs), a sync's own duration against its calls x 50 ms,
package calls per sync; derived, the replicas 10,000 administrations need in a 6-hour
night, and the monthly full syncs spread over the month (10,000 / 30 a night) against
the package's limits: Exact's daily budget per division and in total; the minute limits
of eAccounting, Twinfield and SnelStart, which all administrations share, as the syncs a
minute they allow. A slice scales linearly: syncs are independent, and (Exact) each
division's limits see only its own calls, so 10,000 administrations take 10,000 / (syncs
per minute) minutes on one replica, or as many times fewer on more, until a shared limit
(eAccounting's, Twinfield's, SnelStart's) caps them.

``python -m ledgerbus_devtools.bench.night [administrations [package ...]]`` (default
100, or ``BENCH_NIGHT_ADMINISTRATIONS``; every package of :data:`PACKAGES`, or
``BENCH_NIGHT_PACKAGES=exact,twinfield``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import os
import sys
from dataclasses import dataclass

from ledgerbus_connectorkit.settings import ConnectorSettings
from ledgerbus_contracts import SyncMode, SyncTrigger
from ledgerbus_devtools.bench.common import report
from ledgerbus_devtools.bench.night_packages import PACKAGES, NightPackage
from ledgerbus_devtools.bench.night_setup import (
    NightPlatform,
    midday_zone,
    night_platform,
    slice_of,
)
from ledgerbus_scheduler.domain.planning import PlannedSync

LATENCY_MS = 50
ADMINISTRATIONS = 10_000
NIGHT_HOURS = 6
DEFAULT_SIZE = int(os.environ.get("BENCH_NIGHT_ADMINISTRATIONS", "100"))
DEFAULT_PACKAGES = tuple(os.environ.get("BENCH_NIGHT_PACKAGES", ",".join(PACKAGES)).split(","))


@dataclass(frozen=True)
class Night:
    """One slice's measurements."""

    package: NightPackage
    administrations: int
    concurrency: int
    full_calls: float
    """Package calls of one full sync, on average over the slice's first syncs."""
    calls: float
    """Package calls of one nightly incremental sync."""
    rate_limited: int
    busiest_endpoint: tuple[str, float]
    """The endpoint a sync calls most, and how often."""
    seconds: float
    """From the first published request to the last completed sync."""
    sync_seconds: float
    """A sync's mean duration, from the connector's start to the ledger-store's end."""

    @property
    def per_minute(self) -> float:
        return self.administrations / self.seconds * 60

    @property
    def ideal_sync_seconds(self) -> float:
        return self.calls * LATENCY_MS / 1000

    @property
    def ideal_per_minute(self) -> float:
        return self.concurrency * 60 / self.ideal_sync_seconds

    def print(self) -> None:
        """One figure a line, beside its baseline."""
        p, n = self.package.name, f"{self.administrations:,} adm."
        ideal = f"of ideal ({LATENCY_MS} ms a call, {self.concurrency} at once)"
        report(f"night {p}: calls per incremental sync, {n}", self.calls, "calls")
        report(
            f"night {p}: syncs/min, one replica, {n}",
            self.per_minute,
            "syncs/min",
            self.ideal_per_minute,
            ideal,
        )
        report(
            f"night {p}: one sync, connector start to applied",
            self.sync_seconds,
            "s",
            self.ideal_sync_seconds,
            f"of its calls x {LATENCY_MS} ms",
        )
        if self.rate_limited:
            report(f"night {p}: calls refused with 429", self.rate_limited, "calls")
            print(f"{'':<52} the package's shared limit, not the replica, set this pace")
        window = NIGHT_HOURS * 60
        report(
            f"night {p}: adm. one replica syncs in {NIGHT_HOURS} h",
            self.per_minute * window,
            "adm.",
            self.ideal_per_minute * window,
            "of ideal",
        )
        needed = ADMINISTRATIONS / (self.per_minute * window)
        at_best = ADMINISTRATIONS / (self.ideal_per_minute * window)
        label = f"night {p}: replicas for {ADMINISTRATIONS:,} adm. in {NIGHT_HOURS} h"
        print(
            f"{label:<52} "
            f"{math.ceil(needed):>12,} {'replica(s)':<14} {needed:.2f} of one replica's night "
            f"(ideal {at_best:.2f}); one replica runs them in "
            f"{ADMINISTRATIONS / self.per_minute:,.0f} min",
            flush=True,
        )
        self.print_budget()

    def print_budget(self) -> None:
        """The monthly full syncs spread over the month, against the package's limits."""
        name, fulls = self.package.name, ADMINISTRATIONS / 30
        report(
            f"night {name}: calls of one full sync",
            self.full_calls,
            "calls",
            self.calls,
            "of incremental",
        )
        budget = self.package.daily_budget
        if budget is None:
            endpoint, calls = self.busiest_endpoint
            limit = self.package.minute_limit
            counted = f"{calls:.1f} a sync to {endpoint}"
            if not self.package.per_endpoint:
                calls, counted = self.calls, f"{self.calls:.1f} a sync"
            print(
                f"{f'night {name}: syncs/min its minute limit allows':<52} "
                f"{limit / calls:>12,.1f} {'syncs/min':<14} {limit:,} calls a minute "
                f"{self.package.minute_limit_scope}, {counted}; "
                f"{ADMINISTRATIONS:,} in {NIGHT_HOURS} h need "
                f"{ADMINISTRATIONS / (NIGHT_HOURS * 60):,.1f}",
                flush=True,
            )
            full = self.full_calls * calls / self.calls  # the same share to that endpoint
            night = fulls * full + (ADMINISTRATIONS - fulls) * calls
            print(
                f"{f'night {name}: calls of {ADMINISTRATIONS:,} adm. ({fulls:,.0f} full)':<52} "
                f"{night:>12,.1f} {'calls':<14} {100 * night / (limit * NIGHT_HOURS * 60):>6.2f}% "
                f"of {limit:,} a minute for {NIGHT_HOURS} h",
                flush=True,
            )
            return
        share(f"night {name}: calls of an adm. on its full night", self.full_calls, budget)
        share(f"night {name}: calls of an adm. on other nights", self.calls, budget)
        total = fulls * self.full_calls + (ADMINISTRATIONS - fulls) * self.calls
        share(
            f"night {name}: calls of {ADMINISTRATIONS:,} adm. ({fulls:,.0f} full)",
            total,
            ADMINISTRATIONS * budget,
        )


def share(name: str, calls: float, budget: int) -> None:
    """Calls beside the daily budget they draw on, as a share of it."""
    print(
        f"{name:<52} {calls:>12,.1f} {'calls':<14} {100 * calls / budget:>6.2f}% "
        f"of {budget:,} a day",
        flush=True,
    )


def nightly_id(administration_id: str, night: dt.date) -> str:
    """The id the scheduler gives tonight's incremental sync of an administration."""
    return PlannedSync(
        administration_id,
        night,
        dt.datetime.now(dt.UTC),
        SyncMode.INCREMENTAL,
        SyncTrigger.NIGHTLY,
    ).sync_id


async def measure(platform: NightPlatform, count: int) -> Night:
    """Set the slice up, run its night and take the figures."""
    zone = midday_zone(dt.datetime.now(dt.UTC))
    night = dt.datetime.now(zone).date()
    admins = slice_of(platform.package, count, night)
    await platform.register(admins, str(zone))
    before = await platform.calls()
    fulls = await platform.request_full(admins)
    await platform.watch.until_ended(fulls, timeout=60 + 4 * count)
    if failed := platform.watch.failures(fulls):
        raise RuntimeError(f"first full syncs did not succeed: {failed[:5]}")
    full_calls = (await platform.calls()).since(before)
    await platform.mutate(admins)
    await platform.latency(LATENCY_MS)
    start = await platform.calls()
    await platform.move_windows(admins, zone, lead_seconds=5 + count * 0.1)
    nightly = [nightly_id(a.id, night) for a in admins]
    await platform.watch.until_ended(nightly, timeout=120 + 10 * count)
    if failed := platform.watch.failures(nightly):
        raise RuntimeError(f"nightly syncs did not succeed: {failed[:5]}")
    calls = (await platform.calls()).since(start)
    watch = platform.watch
    first = min(watch.requested[s] for s in nightly)
    last = max(watch.ended[s][1] for s in nightly)
    busiest = max(calls.endpoints.items(), key=lambda item: item[1])
    return Night(
        package=platform.package,
        administrations=count,
        concurrency=ConnectorSettings().sync_concurrency,
        full_calls=full_calls.total / count,
        calls=calls.total / count,
        rate_limited=calls.refused,
        busiest_endpoint=(busiest[0], busiest[1] / count),
        seconds=last - first,
        sync_seconds=sum(watch.ended[s][2] for s in nightly) / count,
    )


async def run(
    administrations: int = DEFAULT_SIZE, packages: tuple[str, ...] = DEFAULT_PACKAGES
) -> None:
    """Print the night's figures for a slice of ``administrations``, package by package."""
    for name in packages:
        async with night_platform(PACKAGES[name], administrations) as platform:
            (await measure(platform, administrations)).print()


if __name__ == "__main__":
    size = int(sys.argv[1]) if sys.argv[1:] else DEFAULT_SIZE
    asyncio.run(run(size, tuple(sys.argv[2:]) or DEFAULT_PACKAGES))
