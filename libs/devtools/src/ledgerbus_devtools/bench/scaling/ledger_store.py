"""The ledger-store with 1, 2 and 4 partitions of ``ledger.changes`` and as many replicas.

Each run puts a full sync of each of four administrations on ``ledger.changes``
(``BENCH_SCALING_LINES`` lines in all, a quarter each), keyed by administration as the
connectors key it; the four are chosen so that their keys land on four different
partitions, so every partition gets work. The replicas are separate processes with their
default decode workers, in one consumer group, on one database schema. The clock stops
when every sync has succeeded (the ledger-store's ``/v1/syncs/{id}``). Two ways:

- *started on the filled topic*: the topic is filled first, then the replicas start;
  the clock runs from their start, so it holds their start-up and the group's
  rebalances as each one joins (the first one up takes every partition until the next
  joins), as when replicas are added to work through a backlog;
- *running*: the replicas run and their group is stable first; the changes are then
  published in one Kafka transaction, which the replicas (``read_committed``) see only
  when it commits, and the clock runs from the commit: the filled topic appears at once
  to replicas that each hold their partitions.

Baselines: 1 partition and 1 replica measured the same way (the ratio is the speed-up),
and a plain COPY of the same rows, as in the ledger-store's own bench.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from aiokafka.admin import AIOKafkaAdminClient

from ledgerbus_contracts import Message
from ledgerbus_devtools.bench.common import KAFKA, bench_settings, report
from ledgerbus_devtools.bench.scaling.shared import (
    REPLICAS,
    counter,
    create_schema,
    log_path,
    plural,
    spread_administrations,
)
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_ledger_store.bench import copy_per_second
from ledgerbus_ledger_store.benchdata import OPERATOR, sync_events, transaction_lines
from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_servicekit import EventPublisher
from ledgerbus_servicekit.kafka import ensure_topics
from ledgerbus_servicekit.testing import eventually

LINES = int(os.environ.get("BENCH_SCALING_LINES", "200000"))
"""Transaction lines in all, over the four administrations."""
ADMINISTRATIONS = 4


def administration_sync(administration: str, sync_id: str, lines: int) -> list[Message]:
    """A full sync of ``lines`` transaction lines of one administration, framed as a
    connector frames it (the ledger-store bench's data, with this administration's id)."""
    records = [
        r.model_copy(update={"administration_id": administration}) for r in transaction_lines(lines)
    ]
    return [
        m.model_copy(update={"administration_id": administration})
        for m in sync_events(sync_id, records)
    ]


async def _all_succeeded(urls: Sequence[str], sync_ids: Sequence[str]) -> float:
    """Wait until every sync has succeeded (asking whichever replica answers); return when
    one of them was first seen in the ledger-store (its first batch applied)."""
    pending = set(sync_ids)
    seen: list[float] = []

    async def ask(api: httpx.AsyncClient) -> None:
        for sync_id in sorted(pending):
            response = await api.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
            if response.status_code == 200:
                seen.append(time.perf_counter())
                if response.json()["state"] == "succeeded":
                    pending.discard(sync_id)

    async def probe() -> bool:
        for url in urls:
            try:
                async with httpx.AsyncClient(base_url=url, timeout=10) as api:
                    await ask(api)
                return not pending
            except httpx.HTTPError:
                continue  # this replica is still starting
        return False

    await eventually(probe, timeout=1800, interval=0.05, what=f"syncs {sorted(pending)}")
    return min(seen)


async def _ready(urls: Sequence[str], started: float) -> float:
    """Seconds from ``started`` until every replica answers its readiness check."""
    for url in urls:

        async def up(url: str = url) -> bool:
            return await healthy(url)

        await eventually(up, timeout=300, interval=0.05, what=url)
    return time.perf_counter() - started


async def _settled(group: str, members: int) -> None:
    """Wait until the consumer group is stable with ``members`` members."""
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:

        async def stable() -> bool:
            described = (await admin.describe_consumer_groups([group]))[0]
            _, _, state, _, _, joined = described.groups[0][:6]
            return bool(state == "Stable" and len(joined) == members)

        await eventually(stable, timeout=300, interval=0.2, what=f"group {group}")
    finally:
        await admin.close()


@dataclass(frozen=True)
class Scaled:
    """One measurement; seconds from the start of the clock."""

    replicas: int
    changes: int
    seconds: float
    """Until every sync had succeeded."""
    first_applying: float
    """When a sync was first seen in the ledger-store (its first batch applied)."""
    ready: float
    """When the last replica answered its readiness check (0: ready before the clock)."""
    applied: list[float]
    """Changes each replica applied (its ``ledgerbus_records_applied`` counter)."""

    @property
    def rate(self) -> float:
        """Changes per second from the start of the clock."""
        return self.changes / self.seconds


class _Run:
    """One run's settings, syncs and replicas."""

    def __init__(self, settings: Settings, lines: int, replicas: int) -> None:
        self.settings, self.replicas = settings, replicas
        self.administrations = spread_administrations(ADMINISTRATIONS)
        self.share = lines // len(self.administrations)
        self.sync_ids = [f"scale-{a}-{uuid.uuid4().hex[:6]}" for a in self.administrations]

    async def fill(self, publisher: EventPublisher) -> None:
        """Every administration's sync, built, published and dropped one at a time."""
        for administration, sync_id in zip(self.administrations, self.sync_ids, strict=True):
            await publisher.publish_many(administration_sync(administration, sync_id, self.share))

    def start(self, stack: contextlib.ExitStack, tag: str) -> list[str]:
        """Start the replicas (their processes end with ``stack``); their URLs."""
        return [
            stack.enter_context(
                service_process(
                    "ledgerbus_ledger_store",
                    environment(self.settings),
                    "LEDGER_STORE_PORT",
                    log_path(f"ledgerbus_ledger_store-{tag}-{self.replicas}-{n}"),
                )
            )[1]
            for n in range(self.replicas)
        ]

    async def measured(self, urls: Sequence[str], started: float, ready: float) -> Scaled:
        """Wait for the syncs; the figures from ``started``."""
        first = await _all_succeeded(urls, self.sync_ids) - started
        seconds = time.perf_counter() - started
        await _ready(urls, started)  # a replica may start after the others did all the work
        applied = [await counter(url, "ledgerbus_records_applied_total") for url in urls]
        changes = self.share * len(self.administrations)
        return Scaled(self.replicas, changes, seconds, first, ready, applied)


async def cold(lines: int, replicas: int) -> Scaled:
    """The topic is filled, then the replicas start; the clock runs from their start."""
    async with bench_settings(Settings, topic_partitions=replicas) as settings:
        run = _Run(settings, lines, replicas)
        await create_schema(settings.database_url, settings.database_schema)
        await ensure_topics(KAFKA, settings.topics.all(), partitions=replicas)
        async with EventPublisher(KAFKA, settings.topics, source="/bench/connector") as publisher:
            await run.fill(publisher)
        with contextlib.ExitStack() as stack:
            started = time.perf_counter()
            urls = run.start(stack, "cold")
            ready = asyncio.create_task(_ready(urls, started))
            result = await run.measured(urls, started, 0.0)
            return dataclasses.replace(result, ready=await ready)


async def warm(lines: int, replicas: int) -> Scaled:
    """The replicas run and their group is stable; the changes are published in one Kafka
    transaction, which the replicas (``read_committed``) see only when it commits: the
    clock runs from the commit, as if the filled topic appeared at once."""
    async with bench_settings(Settings, topic_partitions=replicas) as settings:
        run = _Run(settings, lines, replicas)
        await create_schema(settings.database_url, settings.database_schema)
        with contextlib.ExitStack() as stack:
            urls = run.start(stack, "warm")
            await _ready(urls, time.perf_counter())
            await _settled(f"{settings.topic_prefix}{settings.service_name}", replicas)
            async with EventPublisher(
                KAFKA,
                settings.topics,
                source="/bench/connector",
                transactional_id=f"{settings.topic_prefix}bench",
            ) as publisher:
                await publisher.producer.begin_transaction()
                await run.fill(publisher)
                started = time.perf_counter()
                await publisher.producer.commit_transaction()
            return await run.measured(urls, started, 0.0)


async def run(lines: int = LINES, replicas: Sequence[int] = REPLICAS) -> None:
    """Print the figures at each number of partitions and replicas."""
    total = lines // ADMINISTRATIONS * ADMINISTRATIONS
    copy = await copy_per_second(total)
    report(f"scaling: ledger-store, plain COPY of the same {total:,} rows", copy, "rows/s")
    against = f"of {plural(replicas[0], 'replica')}"
    first: tuple[Scaled, Scaled] | None = None
    for count in replicas:
        started_cold, running = await cold(total, count), await warm(total, count)
        first = first or (started_cold, running)
        base_cold, base_warm = first
        name = f"{plural(count, 'partition')}, {plural(count, 'replica')}"
        report(f"scaling: ledger-store, {name}", running.rate, "changes/s", base_warm.rate, against)
        report("    the same against the COPY", running.rate, "changes/s", copy, "of COPY")
        report(
            "    started on the filled topic",
            started_cold.rate,
            "changes/s",
            base_cold.rate,
            against,
        )
        report(
            "    start until every replica was ready",
            started_cold.ready,
            "s",
            base_cold.ready,
            against,
        )
        for label, measured in (("running", running), ("started", started_cold)):
            split = " / ".join(f"{a:,.0f}" for a in measured.applied)
            print(
                f"    {label}: {total:,} changes in {measured.seconds:.1f} s, the first batch"
                f" applied at {measured.first_applying:.1f} s; applied by each replica: {split}",
                flush=True,
            )
