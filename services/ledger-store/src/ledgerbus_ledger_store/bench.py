"""Applied changes per second from Kafka into PostgreSQL, beside a plain COPY of the same rows.

``await run(count)`` (or ``python -m ledgerbus_ledger_store.bench [count]``) works on a
throwaway topic prefix and schema and measures, in one run:

- *applied*: a full sync of ``count`` transaction lines is put on ``ledger.changes``
  first (as a connector in another process would), then the ledger-store starts and
  applies it; the clock runs from the end of its start-up until the sync has succeeded
  (consumer group join, fetching, decoding, COPY, merge, reconciliation, tracking);
- *applied while produced*: the same, with the events produced by this process while
  the ledger-store consumes them (both compete for the same cores);
- *COPY*: the same rows, already built, copied into a table shaped like the ledger's;
- *the database's share*: the same pages, already staged, written as the ledger-store
  writes them (``COPY`` into the staging table and the idempotent merge, in
  transactions of 50 pages) with nothing else running: the ceiling of this design.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
import httpx

from ledgerbus_contracts import EntityType
from ledgerbus_ledger_store.adapters import apply
from ledgerbus_ledger_store.adapters.staging import stage_page
from ledgerbus_ledger_store.adapters.tables import TABLES
from ledgerbus_ledger_store.benchdata import OPERATOR, PAGE, sync_events, transaction_lines
from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_ledger_store.main import create_app
from ledgerbus_servicekit import EventPublisher
from ledgerbus_servicekit.db import DbConnection, create_pool, migrate, migrations_in
from ledgerbus_servicekit.kafka import delete_topics_with_prefix, ensure_topics
from ledgerbus_servicekit.testing import eventually, running_app

TARGET = 40_000.0


@dataclass(frozen=True)
class BenchResult:
    """Figures of one run; rates per second."""

    count: int
    applied: float
    applied_while_produced: float
    copy: float
    merge: float

    def lines(self) -> list[str]:
        """The report, one figure a line, each beside the COPY baseline."""
        return [
            f"ledger-store: plain COPY of the same {self.count:,} rows  {self.copy:>10,.0f} rows/s",
            f"ledger-store: its database's share alone          {self.merge:>10,.0f} rows/s"
            f"  {self.merge / self.copy:.2f}x of COPY (staging COPY + merge)",
            f"ledger-store: applied from Kafka                  {self.applied:>10,.0f} changes/s"
            f"  {self.applied / self.copy:.2f}x of COPY, {self.applied / self.merge:.2f}x of"
            f" the database's share  (target >= {TARGET:,.0f})",
            f"ledger-store: applied while produced in-process   "
            f"{self.applied_while_produced:>10,.0f} changes/s"
            f"  {self.applied_while_produced / self.copy:.2f}x of COPY",
        ]


@asynccontextmanager
async def _settings(**environment: str) -> AsyncIterator[Settings]:
    unique = uuid.uuid4().hex[:8]
    settings = Settings.model_validate(
        {
            **environment,
            "LEDGERBUS_ENV": "local",
            "database_schema": f"bench_{unique}",
            "topic_prefix": f"bench.{unique}.",
            "topic_partitions": 1,
        }
    )
    try:
        yield settings
    finally:
        await delete_topics_with_prefix(settings.kafka_bootstrap_servers, settings.topic_prefix)
        conn = await asyncpg.connect(settings.database_url)
        try:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{settings.database_schema}" CASCADE')
        finally:
            await conn.close()


async def _succeeded(api: httpx.AsyncClient, sync_id: str) -> None:
    async def probe() -> bool:
        response = await api.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
        return response.status_code == 200 and response.json()["state"] == "succeeded"

    await eventually(probe, timeout=600, interval=0.02, what=f"sync {sync_id}")


async def applied_per_second(count: int, *, produce_while_consuming: bool) -> float:
    """Changes per second the ledger-store applies from ``ledger.changes``."""
    built = sync_events("bench", transaction_lines(count)) if produce_while_consuming else []
    async with _settings() as settings:
        source = "/bench/connector"
        async with EventPublisher(
            settings.kafka_bootstrap_servers, settings.topics, source=source
        ) as publisher:
            if not produce_while_consuming:
                await ensure_topics(
                    settings.kafka_bootstrap_servers, settings.topics.all(), partitions=1
                )
                # Built and published before the ledger-store starts, and dropped, as a
                # connector in another process would: they are not in the service's heap.
                await publisher.publish_many(sync_events("bench", transaction_lines(count)))
            async with running_app(create_app(settings)) as api:
                started = time.perf_counter()
                if produce_while_consuming:
                    await publisher.publish_many(built)
                await _succeeded(api, "bench")
                return count / (time.perf_counter() - started)


@asynccontextmanager
async def _migrated_connection() -> AsyncIterator[DbConnection]:
    """A connection to a throwaway schema holding the ledger's tables."""
    async with _settings() as settings:
        pool = await create_pool(settings.database_url, settings.database_schema, max_size=1)
        try:
            await migrate(pool, migrations_in("ledgerbus_ledger_store"))
            async with pool.acquire() as conn:
                yield conn
        finally:
            await pool.close()


async def copy_per_second(count: int) -> float:
    """Rows per second of one plain COPY of the same rows into the ledger's own table."""
    table = TABLES[EntityType.TRANSACTION_LINE]
    now = dt.datetime.now(dt.UTC)
    rows = [(*table.row(r, "bench"), now) for r in transaction_lines(count)]
    async with _migrated_connection() as conn:
        started = time.perf_counter()
        await conn.copy_records_to_table(table.name, records=rows, columns=table.columns)
        return count / (time.perf_counter() - started)


async def merge_per_second(count: int, pages_per_transaction: int = 50) -> float:
    """Rows per second of the ledger-store's own write, alone: staged pages copied into the
    staging table and merged (a full sync's), with no Kafka and no decoding."""
    lines = transaction_lines(count)
    pages = [
        stage_page("bench", "bench", EntityType.TRANSACTION_LINE, n // PAGE, lines[n : n + PAGE])
        for n in range(0, count, PAGE)
    ]
    now = dt.datetime.now(dt.UTC)
    async with _migrated_connection() as conn:
        started = time.perf_counter()
        for n in range(0, len(pages), pages_per_transaction):
            async with conn.transaction():
                await apply.upsert(conn, pages[n : n + pages_per_transaction], ["bench"], now)
        return count / (time.perf_counter() - started)


async def run(count: int = 200_000) -> BenchResult:
    """Every figure, measured in this run (Kafka and PostgreSQL from the environment)."""
    return BenchResult(
        count=count,
        copy=await copy_per_second(count),
        merge=await merge_per_second(count),
        applied=await applied_per_second(count, produce_while_consuming=False),
        applied_while_produced=await applied_per_second(count, produce_while_consuming=True),
    )


def main() -> None:
    """Print the figures (``python -m ledgerbus_ledger_store.bench [count]``)."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    for line in asyncio.run(run(count)).lines():
        print(line, flush=True)


if __name__ == "__main__":
    main()
