"""One scheduling tick with many administrations registered, beside a full scan.

``await run(count)`` (or ``python -m ledgerbus_scheduler.bench [count]``) works in a
throwaway schema of ``DATABASE_URL`` and measures, in one run:

- *register*: ``count`` administrations written with COPY, already scheduled;
- *full scan*: counting every enabled administration (what a tick must not cost);
- *tick*: one tick when nothing is due, one minute into the window (the syncs due that
  minute), and after ten minutes without a tick (ten minutes' worth, caught up at once).

The ticks write their requests to the outbox without publishing them (no Kafka needed).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable

from ledgerbus_scheduler.domain.planning import Window, first_night, run_at
from ledgerbus_scheduler.scheduling import NightlyScheduler
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.db import create_pool, migrate, migrations_in

DATABASE = os.environ.get(
    "DATABASE_URL", "postgresql://ledgerbus:ledgerbus@127.0.0.1:5432/ledgerbus"
)
WINDOW = Window("Europe/Amsterdam", dt.time(1, 0), dt.time(5, 0))
NOW = dt.datetime(2026, 11, 16, 23, 0, tzinfo=dt.UTC)  # midnight in Amsterdam
COLUMNS = (
    "id", "tenant_id", "package", "connection_id", "external_id", "name", "timezone",
    "window_start", "window_end", "enabled", "created_at", "updated_at", "next_night",
    "next_run_at",
)  # fmt: skip


def administrations(count: int) -> list[tuple[object, ...]]:
    """``count`` enabled Exact administrations on their first night after ``NOW``."""
    rows: list[tuple[object, ...]] = []
    for n in range(count):
        admin = f"adm-{n:07d}"
        night = first_night(admin, WINDOW, NOW)
        rows.append(
            (admin, "t1", "exact", "c1", str(100000 + n), f"Administratie {n}", WINDOW.timezone,
             WINDOW.start, WINDOW.end, True, NOW, NOW, night, run_at(admin, WINDOW, night))
        )  # fmt: skip
    return rows


async def timed(call: Callable[[], Awaitable[object]]) -> tuple[float, object]:
    """(milliseconds, result) of one call."""
    started = time.perf_counter()
    result = await call()
    return (time.perf_counter() - started) * 1000, result


async def run(count: int = 100_000) -> list[str]:
    """Measure; returns the report lines (and prints them)."""
    schema = f"bench_scheduler_{uuid.uuid4().hex[:8]}"
    rows = administrations(count)
    pool = await create_pool(DATABASE, schema, max_size=4)
    try:
        await migrate(pool, migrations_in("ledgerbus_scheduler"))
        async with pool.acquire() as conn:
            copy_ms, _ = await timed(
                lambda: conn.copy_records_to_table("administrations", records=rows, columns=COLUMNS)
            )
            await conn.execute("ANALYZE administrations")
            scan_ms, _ = await timed(
                lambda: conn.fetchval("SELECT count(*) FROM administrations WHERE enabled")
            )
        clock = FakeClock(NOW)
        scheduler = NightlyScheduler(pool, None, clock)
        ticks = []
        for label, moment in (
            ("nothing due", NOW),
            ("one minute into the window", dt.datetime(2026, 11, 17, 0, 1, tzinfo=dt.UTC)),
            ("after ten minutes without a tick", dt.datetime(2026, 11, 17, 0, 11, tzinfo=dt.UTC)),
        ):
            clock.set(moment)
            ticks.append((label, *await timed(scheduler.tick)))
    finally:
        async with pool.acquire() as conn:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await pool.close()
    lines = [
        f"scheduler: register {count:,} administrations (COPY)  {copy_ms:>9,.0f} ms"
        f"  {count / copy_ms * 1000:>9,.0f} rows/s",
        f"scheduler: full scan of {count:,} administrations     {scan_ms:>9,.1f} ms  (baseline)",
    ]
    for label, ms, issued in ticks:
        lines.append(
            f"scheduler: one tick, {label}: {issued} due  {ms:>9,.1f} ms"
            f"  {ms / scan_ms:.2f}x of the scan"
        )
    for line in lines:
        print(line)
    return lines


if __name__ == "__main__":
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
