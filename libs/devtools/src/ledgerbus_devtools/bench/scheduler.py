"""One scheduling tick with 100,000 administrations registered, against a full scan."""

from __future__ import annotations

import datetime as dt
import time

from ledgerbus_devtools.bench.common import bench_settings, report
from ledgerbus_scheduler.core.config import Settings
from ledgerbus_scheduler.domain.planning import Window, first_night, run_at
from ledgerbus_scheduler.scheduling import NightlyScheduler
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.db import create_pool, migrate, migrations_in

WINDOW = Window("Europe/Amsterdam", dt.time(1, 0), dt.time(5, 0))
NOW = dt.datetime(2026, 11, 16, 23, 0, tzinfo=dt.UTC)


async def run(count: int = 100_000) -> None:
    async with bench_settings(Settings) as settings:
        pool = await create_pool(settings.database_url, settings.database_schema, max_size=4)
        try:
            await migrate(pool, migrations_in("ledgerbus_scheduler"))
            rows = []
            for n in range(count):
                admin = f"adm-{n:06d}"
                night = first_night(admin, WINDOW, NOW)
                rows.append(
                    (
                        admin,
                        "t1",
                        "exact",
                        "c1",
                        str(100000 + n),
                        f"Administratie {n}",
                        WINDOW.timezone,
                        WINDOW.start,
                        WINDOW.end,
                        True,
                        NOW,
                        NOW,
                        night,
                        run_at(admin, WINDOW, night),
                    )
                )
            async with pool.acquire() as conn:
                await conn.copy_records_to_table(
                    "administrations",
                    records=rows,
                    columns=(
                        "id",
                        "tenant_id",
                        "package",
                        "connection_id",
                        "external_id",
                        "name",
                        "timezone",
                        "window_start",
                        "window_end",
                        "enabled",
                        "created_at",
                        "updated_at",
                        "next_night",
                        "next_run_at",
                    ),
                )
                await conn.execute("ANALYZE administrations")
                started = time.perf_counter()
                await conn.fetchval("SELECT count(*) FROM administrations WHERE enabled")
                scan = time.perf_counter() - started
            clock = FakeClock(NOW)
            scheduler = NightlyScheduler(pool, None, clock)
            started = time.perf_counter()
            idle = await scheduler.tick()
            idle_seconds = time.perf_counter() - started
            clock.set(dt.datetime(2026, 11, 17, 0, 1, tzinfo=dt.UTC))  # one minute into the window
            started = time.perf_counter()
            issued = await scheduler.tick()
            busy_seconds = time.perf_counter() - started
        finally:
            await pool.close()
    report(f"scheduler: full scan of {count:,} administrations", scan * 1000, "ms")
    report(
        f"scheduler: tick, {idle} due of {count:,}",
        idle_seconds * 1000,
        "ms",
        scan * 1000,
        "of a scan",
    )
    report(
        f"scheduler: tick, {issued} due of {count:,}",
        busy_seconds * 1000,
        "ms",
        scan * 1000,
        "of a scan",
    )
