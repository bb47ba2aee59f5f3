"""connector-exact with 1, 2 and 4 administrations synced at once, by 1 replica and by as many.

One Exact sandbox (no rate limits, its own process) serves as many divisions as the
most administrations measured (``EXACT_SANDBOX_DIVISIONS``), each with
``BENCH_SCALING_CONNECTOR_LINES`` transaction lines. Each administration has its own
connection. All the administrations' full syncs are requested at once; the clock runs
from publishing the requests until every sync's ``SyncChangesEnded`` is on
``ledger.changes``; the figure is the records of all of them per second.

Replicas share the job table in one database schema (``FOR UPDATE SKIP LOCKED``), and
each takes the requests of its partitions of ``sync.requests`` (as many partitions as
replicas; the administrations' keys land on different partitions). With several
replicas each runs one sync at a time (``SYNC_CONCURRENCY=1``), so that the one that
claims first does not take them all; one replica runs them all at once (its default
concurrency of 4). Baseline: one administration by one replica; beside it the raw read
of one administration's pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import httpx
from aiokafka import AIOKafkaConsumer

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_contracts import (
    EntityType,
    Envelope,
    Message,
    Package,
    RequestSync,
    SyncChangesEnded,
    SyncMode,
    SyncTrigger,
    from_kafka,
)
from ledgerbus_devtools.bench.common import KAFKA, bench_settings, report
from ledgerbus_devtools.bench.connector import OPERATOR, raw_read
from ledgerbus_devtools.bench.sandbox import unlimited_exact_sandbox
from ledgerbus_devtools.bench.scaling.shared import (
    REPLICAS,
    counter,
    create_schema,
    log_path,
    plural,
    spread_administrations,
)
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_sandboxes.exact.config import numbered_divisions
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import EventPublisher
from ledgerbus_servicekit.testing import eventually

LINES = int(os.environ.get("BENCH_SCALING_CONNECTOR_LINES", "50000"))
"""Transaction lines per administration."""


@dataclass(frozen=True)
class Scaled:
    """One measurement: records of all syncs, seconds, records each replica read."""

    administrations: int
    replicas: int
    records: int
    seconds: float
    per_replica: list[float]

    @property
    def rate(self) -> float:
        """Records per second of all the syncs together."""
        return self.records / self.seconds


def _request(administration: str, division: int, sync_id: str) -> RequestSync:
    return RequestSync(
        administration_id=administration,
        sync_id=sync_id,
        tenant_id="bench",
        package=Package.EXACT,
        external_id=str(division),
        connection_id=f"c-{administration}",
        mode=SyncMode.FULL,
        trigger=SyncTrigger.MANUAL,
        entity_types=(EntityType.TRANSACTION_LINE,),
        requested_at=dt.datetime.now(dt.UTC),
    )


@contextlib.asynccontextmanager
async def _changes(settings: Settings) -> AsyncIterator[AIOKafkaConsumer]:
    """``ledger.changes`` from its start, every partition (no consumer group)."""
    consumer = AIOKafkaConsumer(
        settings.topics.ledger_changes,
        bootstrap_servers=KAFKA,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_bytes=64 * 1024 * 1024,
        max_partition_fetch_bytes=16 * 1024 * 1024,
    )
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


async def _ended(consumer: AIOKafkaConsumer, sync_ids: Sequence[str]) -> int:
    """Wait for every sync's ``SyncChangesEnded``; the records they published in all."""
    pending, records = set(sync_ids), 0
    ended = SyncChangesEnded.event_type.encode()
    while pending:
        for batch in (await consumer.getmany(timeout_ms=1000)).values():
            for record in batch:
                if dict(record.headers or ()).get("ce_type") != ended:
                    continue
                envelope: Envelope[Message] = from_kafka(record.value, record.headers, record.key)
                assert isinstance(envelope.data, SyncChangesEnded)
                if envelope.data.sync_id in pending:
                    pending.discard(envelope.data.sync_id)
                    records += sum(t.records for t in envelope.data.totals.values())
    return records


async def scaled(sandbox_url: str, administrations: int, replicas: int) -> Scaled:
    """Full syncs of ``administrations`` divisions at once by ``replicas`` connectors."""
    names = spread_administrations(administrations)
    divisions = list(numbered_divisions(administrations))
    concurrency = 4 if replicas == 1 else -(-administrations // replicas)
    async with bench_settings(Settings, topic_partitions=replicas) as settings:
        env = environment(settings, EXACT_BASE_URL=sandbox_url, SYNC_CONCURRENCY=str(concurrency))
        await create_schema(settings.database_url, settings.database_schema)
        with contextlib.ExitStack() as stack:
            urls = [
                stack.enter_context(
                    service_process(
                        "ledgerbus_connector_exact",
                        env,
                        "CONNECTOR_EXACT_PORT",
                        log_path(f"ledgerbus_connector_exact-{administrations}-{replicas}-{n}"),
                    )
                )[1]
                for n in range(replicas)
            ]
            for url in urls:
                await eventually(functools.partial(healthy, url), timeout=120, what=url)
            async with httpx.AsyncClient(base_url=urls[0], timeout=30) as api:
                for name in names:
                    connected = await api.put(
                        f"/v1/connections/c-{name}",
                        headers=OPERATOR,
                        json={"code": await authorize(sandbox_url), "tenant_id": "bench"},
                    )
                    connected.raise_for_status()
            sync_ids = [f"scale-{name}" for name in names]
            requests = [
                _request(name, division, sync_id)
                for name, division, sync_id in zip(names, divisions, sync_ids, strict=True)
            ]
            async with (
                _changes(settings) as consumer,
                EventPublisher(KAFKA, settings.topics, source="/bench") as publisher,
            ):
                started = time.perf_counter()
                await publisher.publish_many(requests)
                records = await _ended(consumer, sync_ids)
                seconds = time.perf_counter() - started
            read = [await counter(url, "ledgerbus_records_read_total") for url in urls]
    return Scaled(administrations, replicas, records, seconds, read)


def _print(measured: Scaled, baseline: Scaled, raw: float) -> None:
    name = (
        f"scaling: connector-exact, {plural(measured.administrations, 'administration')},"
        f" {plural(measured.replicas, 'replica')}"
    )
    report(name, measured.rate, "records/s", baseline.rate, "of 1 administration")
    report("    the same against one raw read", measured.rate, "records/s", raw, "of raw read")
    split = " / ".join(f"{r:,.0f}" for r in measured.per_replica)
    print(
        f"    {measured.records:,} records in {measured.seconds:.1f} s;"
        f" records read by each replica: {split}",
        flush=True,
    )


async def run(lines: int = LINES, counts: Sequence[int] = REPLICAS) -> None:
    """Print the figures: each number of administrations by 1 replica and by as many."""
    async with unlimited_exact_sandbox(
        lines, divisions=max(counts), log=log_path("ledgerbus_sandboxes.exact")
    ) as (_, sandbox_url):
        raw_records, raw_seconds = await raw_read(sandbox_url, await authorize(sandbox_url))
        raw = raw_records / raw_seconds
        report(
            f"scaling: connector-exact, raw read of 1 administration, {lines:,} lines",
            raw,
            "records/s",
        )
        baseline: Scaled | None = None
        for administrations in counts:
            for replicas in sorted({1, administrations}):
                measured = await scaled(sandbox_url, administrations, replicas)
                baseline = baseline or measured
                _print(measured, baseline, raw)
