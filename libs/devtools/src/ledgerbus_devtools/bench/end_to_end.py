"""A full sync end to end: Exact sandbox → connector-exact → Kafka → ledger-store → PostgreSQL.

The sandbox (no rate limits), connector-exact and the ledger-store each run as their own
process. The clock runs from publishing the ``RequestSync`` until the ledger-store says
the sync ``succeeded``. Beside it, in the same run: reading the same pages raw from the
same sandbox (before and after the sync, the faster of the two), and a plain binary COPY
of as many rows into the ledger's own table.

``python -m ledgerbus_devtools.bench.end_to_end [lines ...]`` (default 20,000 lines).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer

from ledgerbus_connector_exact.core.config import Settings as ExactSettings
from ledgerbus_contracts import (
    EntityType,
    Envelope,
    Message,
    Package,
    RequestSync,
    SyncCompleted,
    SyncFailed,
    SyncMode,
    SyncTrigger,
    from_kafka,
)
from ledgerbus_devtools.bench.common import KAFKA, bench_settings, report
from ledgerbus_devtools.bench.connector import OPERATOR, raw_read
from ledgerbus_devtools.bench.memory import PeakMemory, sampling
from ledgerbus_devtools.bench.sandbox import unlimited_exact_sandbox
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_ledger_store.adapters.tables import TABLES
from ledgerbus_ledger_store.benchdata import transaction_lines
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import EventPublisher
from ledgerbus_servicekit.db import create_pool, migrate, migrations_in
from ledgerbus_servicekit.testing import eventually

TARGET_SECONDS_PER_MILLION = 60.0
TARGET_PEAK_MB = 250.0
SCHEMAS = ("ls", "cx")
COPY_CHUNK = 50_000
LOGS = Path(tempfile.gettempdir()) / "ledgerbus-bench"
"""Each process's output, ``<module>.log`` (overwritten by the next run)."""


@dataclass(frozen=True)
class EndToEnd:
    """One size's figures: seconds, and peak memory per service."""

    lines: int
    seconds: float
    raw_seconds: float
    copy_seconds: float
    memory: dict[str, PeakMemory]

    def print(self) -> None:
        """One figure a line, beside its baselines."""
        n = f"{self.lines:,} lines"
        target = TARGET_SECONDS_PER_MILLION * self.lines / 1_000_000
        report(f"end to end: raw read of the same pages, {n}", self.raw_seconds, "s")
        report(f"end to end: plain COPY of as many rows, {n}", self.copy_seconds, "s")
        report(
            f"end to end: request -> succeeded, {n}",
            self.seconds,
            "s",
            self.raw_seconds,
            "of raw read",
            f"<= {target:,.0f} s",
        )
        report(
            f"end to end: records/s, {n}",
            self.lines / self.seconds,
            "records/s",
            self.lines / self.raw_seconds,
            "of raw read",
        )
        print(
            f"{'':<52} {'':>12} {'':<14} {self.seconds / self.copy_seconds:>6.1f}x the COPY's time"
        )
        for name, meter in self.memory.items():
            print(f"end to end: peak RSS {name:<31} {meter.describe()}  (target <= 250 MB)")


def _throwaway() -> contextlib.AbstractAsyncContextManager[ExactSettings]:
    return bench_settings(ExactSettings, tuple(f"_{suffix}" for suffix in SCHEMAS))


async def copy_seconds(lines: int) -> float:
    """Seconds of a plain binary COPY of ``lines`` rows into the ledger's table (built first)."""
    table = TABLES[EntityType.TRANSACTION_LINE]
    now = dt.datetime.now(dt.UTC)
    async with _throwaway() as settings:
        pool = await create_pool(settings.database_url, f"{settings.database_schema}_ls")
        try:
            await migrate(pool, migrations_in("ledgerbus_ledger_store"))
            spent = 0.0
            async with pool.acquire() as conn:
                for start in range(0, lines, COPY_CHUNK):
                    chunk = transaction_lines(min(COPY_CHUNK, lines - start), first=start)
                    rows = [(*table.row(r, "bench"), now) for r in chunk]
                    started = time.perf_counter()
                    await conn.copy_records_to_table(
                        table.name, records=rows, columns=table.columns
                    )
                    spent += time.perf_counter() - started
            return spent
        finally:
            await pool.close()


@contextlib.asynccontextmanager
async def _status(settings: ExactSettings) -> AsyncIterator[AIOKafkaConsumer]:
    """``sync.status`` from its start (read instead of polling the ledger-store's API)."""
    consumer = AIOKafkaConsumer(
        settings.topics.sync_status,
        bootstrap_servers=KAFKA,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


async def _succeeded(status: AIOKafkaConsumer, ledger_url: str, sync_id: str) -> None:
    """Wait for the ledger-store's ``SyncCompleted`` of the sync; its view says succeeded."""
    finished = {SyncCompleted.event_type.encode(), SyncFailed.event_type.encode()}
    while True:
        for records in (await status.getmany(timeout_ms=1000)).values():
            for record in records:
                if dict(record.headers or ()).get("ce_type") not in finished:
                    continue
                envelope: Envelope[Message] = from_kafka(record.value, record.headers, record.key)
                if getattr(envelope.data, "sync_id", None) != sync_id:
                    continue
                async with httpx.AsyncClient(base_url=ledger_url, timeout=10) as api:
                    view = (await api.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)).json()
                if view["state"] != "succeeded":
                    raise RuntimeError(f"sync {sync_id} ended {view['state']}: {view}")
                return


def _request(sync_id: str) -> RequestSync:
    return RequestSync(
        administration_id="bench",
        sync_id=sync_id,
        tenant_id="bench",
        package=Package.EXACT,
        external_id="100001",
        connection_id="c1",
        mode=SyncMode.FULL,
        trigger=SyncTrigger.MANUAL,
        entity_types=(EntityType.TRANSACTION_LINE,),
        requested_at=dt.datetime.now(dt.UTC),
    )


def _log(module: str) -> Path:
    LOGS.mkdir(exist_ok=True)
    path = LOGS / f"{module}.log"
    path.unlink(missing_ok=True)
    return path


async def end_to_end(lines: int) -> EndToEnd:
    """Every figure of one size, measured in this run."""
    async with _throwaway() as settings:
        base = environment(settings)
        schema = settings.database_schema
        async with contextlib.AsyncExitStack() as stack:
            sandbox, sandbox_url = await stack.enter_async_context(
                unlimited_exact_sandbox(lines, log=_log("ledgerbus_sandboxes.exact"), timeout=600)
            )
            raw_records, raw = await raw_read(sandbox_url, await authorize(sandbox_url))
            assert raw_records == lines, (raw_records, lines)
            ledger, ledger_url = stack.enter_context(
                service_process(
                    "ledgerbus_ledger_store",
                    {**base, "DATABASE_SCHEMA": f"{schema}_ls"},
                    "LEDGER_STORE_PORT",
                    _log("ledgerbus_ledger_store"),
                )
            )
            connector, connector_url = stack.enter_context(
                service_process(
                    "ledgerbus_connector_exact",
                    {**base, "DATABASE_SCHEMA": f"{schema}_cx", "EXACT_BASE_URL": sandbox_url},
                    "CONNECTOR_EXACT_PORT",
                    _log("ledgerbus_connector_exact"),
                )
            )
            for url in (ledger_url, connector_url):
                await eventually(functools.partial(healthy, url), timeout=120, what=url)
            async with httpx.AsyncClient(base_url=connector_url) as api:
                connected = await api.put(
                    "/v1/connections/c1",
                    headers=OPERATOR,
                    json={"code": await authorize(sandbox_url), "tenant_id": "bench"},
                )
                connected.raise_for_status()
            meters = {
                "connector-exact": PeakMemory(connector.pid),
                "ledger-store": PeakMemory(ledger.pid),
                "exact sandbox": PeakMemory(sandbox.pid),
            }
            sync_id = f"bench-{uuid.uuid4().hex[:8]}"
            async with (
                _status(settings) as status,
                sampling(list(meters.values())),
                EventPublisher(KAFKA, settings.topics, source="/bench") as publisher,
            ):
                started = time.perf_counter()
                await publisher.publish(_request(sync_id))
                await _succeeded(status, ledger_url, sync_id)
                seconds = time.perf_counter() - started
            # Read once more after the sync: on a loaded machine the faster of the two
            # reads is the fairer baseline.
            _, again = await raw_read(sandbox_url, await authorize(sandbox_url))
            raw = min(raw, again)
    return EndToEnd(lines, seconds, raw, await copy_seconds(lines), meters)


async def run(sizes: tuple[int, ...] = (20_000,)) -> None:
    """Print the figures of every size; two sizes show whether memory stays flat."""
    for lines in sizes:
        (await end_to_end(lines)).print()


if __name__ == "__main__":
    asyncio.run(run(tuple(int(a) for a in sys.argv[1:]) or (20_000,)))
