"""The ledger-store with 1, 2 and 4 partitions of ``ledger.changes`` and as many replicas.

The topic is filled first with a full sync of each of four administrations
(``BENCH_SCALING_LINES`` lines in all, a quarter each), keyed by administration as the
connectors key ``ledger.changes``; the four are chosen so that their keys land on four
different partitions, so every partition gets work. Then as many ledger-store replicas
as partitions start (separate processes with their default decode workers, one consumer
group, one database schema); the clock runs from their start until every sync has
succeeded (the ledger-store's ``/v1/syncs/{id}``). Baseline: 1 partition and 1 replica
(the ratio is the speed-up), and a plain COPY of the same rows, as in the ledger-store's
own bench.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from ledgerbus_contracts import Message
from ledgerbus_devtools.bench.common import KAFKA, bench_settings, report
from ledgerbus_devtools.bench.scaling.shared import (
    REPLICAS,
    counter,
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


async def _all_succeeded(url: str, sync_ids: Sequence[str]) -> float:
    """Wait until every sync has succeeded; when the first of them was first seen applying."""
    pending = set(sync_ids)
    seen: list[float] = []

    async def probe() -> bool:
        async with httpx.AsyncClient(base_url=url, timeout=10) as api:
            for sync_id in sorted(pending):
                try:
                    response = await api.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
                except httpx.HTTPError:
                    return False  # the replica is still starting
                if response.status_code != 200:
                    continue
                seen.append(time.perf_counter())
                if response.json()["state"] == "succeeded":
                    pending.discard(sync_id)
        return not pending

    await eventually(probe, timeout=1800, interval=0.05, what=f"syncs {sorted(pending)}")
    return min(seen)


async def _ready(urls: Sequence[str], started: float) -> float:
    """Seconds from ``started`` until every replica answers its readiness check."""
    for url in urls:

        async def up(url: str = url) -> bool:
            return await healthy(url)

        await eventually(up, timeout=300, interval=0.05, what=url)
    return time.perf_counter() - started


@dataclass(frozen=True)
class Scaled:
    """One measurement; seconds from the replicas' start."""

    replicas: int
    changes: int
    seconds: float
    first_applying: float
    """When the first sync was first seen in the ledger-store (its first batch applied)."""
    ready: float
    """When the last replica answered its readiness check."""
    applied: list[float]
    """Changes each replica applied (its ``ledgerbus_records_applied`` counter)."""

    @property
    def rate(self) -> float:
        """Changes per second from the replicas' start."""
        return self.changes / self.seconds

    @property
    def applying_rate(self) -> float:
        """Changes per second from the first batch applied (start-up left out)."""
        return self.changes / (self.seconds - self.first_applying)


async def scaled(lines: int, replicas: int) -> Scaled:
    """``replicas`` ledger-stores on as many partitions, from a filled ``ledger.changes``."""
    administrations = spread_administrations(ADMINISTRATIONS)
    share = lines // len(administrations)
    async with bench_settings(Settings, topic_partitions=replicas) as settings:
        await ensure_topics(KAFKA, settings.topics.all(), partitions=replicas)
        sync_ids = [f"scale-{a}-{uuid.uuid4().hex[:6]}" for a in administrations]
        async with EventPublisher(KAFKA, settings.topics, source="/bench/connector") as publisher:
            for administration, sync_id in zip(administrations, sync_ids, strict=True):
                # built, published and dropped one administration at a time
                await publisher.publish_many(administration_sync(administration, sync_id, share))
        env = environment(settings)
        with contextlib.ExitStack() as stack:
            started = time.perf_counter()
            urls = [
                stack.enter_context(
                    service_process(
                        "ledgerbus_ledger_store",
                        env,
                        "LEDGER_STORE_PORT",
                        log_path(f"ledgerbus_ledger_store-{replicas}-{n}"),
                    )
                )[1]
                for n in range(replicas)
            ]
            ready = asyncio.create_task(_ready(urls, started))
            first = await _all_succeeded(urls[0], sync_ids) - started
            seconds = time.perf_counter() - started
            ready_seconds = await ready
            applied = [await counter(url, "ledgerbus_records_applied_total") for url in urls]
    return Scaled(replicas, share * len(administrations), seconds, first, ready_seconds, applied)


async def run(lines: int = LINES, replicas: Sequence[int] = REPLICAS) -> None:
    """Print the figures at each number of partitions and replicas."""
    total = lines // ADMINISTRATIONS * ADMINISTRATIONS
    copy = await copy_per_second(total)
    report(f"scaling: ledger-store, plain COPY of the same {total:,} rows", copy, "rows/s")
    first: Scaled | None = None
    against = f"of {plural(replicas[0], 'replica')}"
    for count in replicas:
        measured = await scaled(total, count)
        first = first or measured
        name = f"{plural(count, 'partition')}, {plural(count, 'replica')}"
        report(f"scaling: ledger-store, {name}", measured.rate, "changes/s", first.rate, against)
        report(
            "    from the first batch applied",
            measured.applying_rate,
            "changes/s",
            first.applying_rate,
            against,
        )
        report(
            "    the same against the COPY", measured.applying_rate, "changes/s", copy, "of COPY"
        )
        report("    start until every replica was ready", measured.ready, "s", first.ready, against)
        split = " / ".join(f"{a:,.0f}" for a in measured.applied)
        print(
            f"    {total:,} changes in {measured.seconds:.1f} s (first applied at"
            f" {measured.first_applying:.1f} s); applied by each replica: {split}",
            flush=True,
        )
