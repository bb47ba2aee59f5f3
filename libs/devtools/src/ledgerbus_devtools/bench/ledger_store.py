"""Applied changes per second from Kafka into PostgreSQL, against a plain COPY of the same rows."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import time
from decimal import Decimal

import asyncpg
import httpx
from aiokafka import AIOKafkaProducer

from ledgerbus_contracts import (
    EntitiesUpserted,
    EntityType,
    EntityTypeTotals,
    Envelope,
    Message,
    Package,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncMode,
    SyncTrigger,
    to_kafka,
)
from ledgerbus_contracts.entities import TransactionLine
from ledgerbus_devtools.bench.common import bench_settings, report
from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_ledger_store.main import create_app
from ledgerbus_servicekit.testing import running_app

PAGE = 500
AT = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
OPERATOR = {"Authorization": "Bearer dev-operator-token"}


def lines(count: int) -> list[TransactionLine]:
    return [
        TransactionLine(
            administration_id="bench",
            source_id=f"line-{n:08d}",
            source_version=n + 1,
            entry_id=f"entry-{n // 4}",
            entry_number=n // 4,
            line_number=n % 4 + 1,
            date=dt.date(2026, 1 + n % 12, 1 + n % 28),
            fiscal_year=2026,
            fiscal_period=1 + n % 12,
            daybook_code="MEM",
            gl_account_code=f"{4000 + n % 60 * 10}",
            description=f"Regel {n}",
            amount=Decimal(n % 100_000) / 100 - 500,
            raw={"ID": f"line-{n:08d}", "AmountDC": n},
        )
        for n in range(count)
    ]


async def copy_baseline(records: list[TransactionLine], schema: str, url: str) -> float:
    """Rows per second of one plain COPY of the same rows (typed columns and raw JSON)."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        await conn.execute(
            f'CREATE TABLE "{schema}".copy_baseline (source_id text, version'
            " bigint, entry_id text, date date, gl text, amount numeric,"
            " fields jsonb, raw jsonb)"
        )
        rows = [
            (
                r.source_id,
                r.source_version,
                r.entry_id,
                r.date,
                r.gl_account_code,
                r.amount,
                json.dumps(r.model_dump(mode="json", exclude={"raw"})),
                json.dumps(r.raw),
            )
            for r in records
        ]
        started = time.perf_counter()
        await conn.copy_records_to_table("copy_baseline", records=rows, schema_name=schema)
        return len(rows) / (time.perf_counter() - started)
    finally:
        await conn.close()


def sync_events(sync_id: str, records: list[TransactionLine]) -> list[Message]:
    """A full sync of transaction lines as a connector frames it."""
    events: list[Message] = [
        SyncChangesStarted(
            administration_id="bench",
            sync_id=sync_id,
            mode=SyncMode.FULL,
            entity_types=(EntityType.TRANSACTION_LINE,),
            started_at=AT,
            tenant_id="bench",
            package=Package.EXACT,
            trigger=SyncTrigger.MANUAL,
        )
    ]
    events += [
        EntitiesUpserted(
            administration_id="bench",
            sync_id=sync_id,
            entity_type=EntityType.TRANSACTION_LINE,
            page_seq=n // PAGE,
            records=list(records[n : n + PAGE]),
        )
        for n in range(0, len(records), PAGE)
    ]
    events.append(
        SyncChangesEnded(
            administration_id="bench",
            sync_id=sync_id,
            mode=SyncMode.FULL,
            started_at=AT,
            ended_at=AT,
            totals={
                EntityType.TRANSACTION_LINE: EntityTypeTotals(
                    records=len(records), pages=len(events) - 1
                )
            },
        )
    )
    return events


async def wait_for(api: httpx.AsyncClient, sync_id: str) -> None:
    while True:
        body = (await api.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)).json()
        if body.get("state") == "succeeded":
            return
        await asyncio.sleep(0.05)


async def run(count: int = 200_000) -> None:
    records = lines(count)
    batch = int(os.environ.get("BENCH_CONSUMER_BATCH", "500"))
    async with bench_settings(Settings, consumer_batch_size=batch) as settings:
        baseline = await copy_baseline(records, settings.database_schema, settings.database_url)
        encoded = [
            to_kafka(Envelope(data=e, source="/bench")) for e in sync_events("bench-1", records)
        ]
        topic = settings.topics.ledger_changes
        producer = AIOKafkaProducer(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            max_request_size=16 * 1024 * 1024,
            linger_ms=5,
        )
        await producer.start()
        try:
            async with running_app(create_app(settings)) as api:
                warm = [
                    to_kafka(Envelope(data=e, source="/bench"))
                    for e in sync_events("warm-up", records[:10])
                ]
                for m in warm:
                    await producer.send(topic, m.value, key=m.key, headers=list(m.headers))
                await wait_for(api, "warm-up")
                started = time.perf_counter()
                for m in encoded:
                    await producer.send(topic, m.value, key=m.key, headers=list(m.headers))
                await wait_for(api, "bench-1")
                elapsed = time.perf_counter() - started
        finally:
            await producer.stop()
    report("ledger-store: COPY baseline (same rows)", baseline, "rows/s")
    report(
        f"ledger-store: apply {count:,} upserts from Kafka",
        count / elapsed,
        "changes/s",
        baseline,
        "of COPY",
        ">= 40,000 changes/s",
    )
