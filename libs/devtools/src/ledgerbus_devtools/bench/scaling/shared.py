"""What both scaling benches use: administrations spread over partitions, logs, counters."""

from __future__ import annotations

import os
import re
from pathlib import Path

import asyncpg
import httpx
from aiokafka.partitioner import murmur2

from ledgerbus_devtools.bench.end_to_end import LOGS

REPLICAS = tuple(int(n) for n in os.environ.get("BENCH_SCALING_REPLICAS", "1,2,4").split(","))
"""The numbers of partitions and replicas measured; the first is the baseline."""


def spread_administrations(count: int) -> tuple[str, ...]:
    """``count`` administration ids whose Kafka keys land on ``count`` different partitions
    of a topic with ``count`` partitions (Kafka's murmur2 partitioner), and so evenly on
    any number of partitions that divides ``count``."""
    chosen: dict[int, str] = {}
    n = 0
    while len(chosen) < count:
        name = f"bench-{n}"
        chosen.setdefault(partition_of(name, count), name)
        n += 1
    return tuple(chosen[p] for p in range(count))


def partition_of(administration: str, partitions: int) -> int:
    """The partition (of ``partitions``) that an administration's messages are keyed to."""
    return int((murmur2(administration.encode()) & 0x7FFFFFFF) % partitions)


def log_path(name: str) -> Path:
    """A fresh log file for one process of these benches, in the temp dir's ``ledgerbus-bench/``."""
    LOGS.mkdir(exist_ok=True)
    path = LOGS / f"scaling-{name}.log"
    path.unlink(missing_ok=True)
    return path


async def counter(url: str, name: str) -> float:
    """The sum over its labels of one counter in a process's ``/metrics`` (0 if absent)."""
    async with httpx.AsyncClient(timeout=10) as client:
        return counter_sum((await client.get(f"{url}/metrics")).text, name)


def counter_sum(exposition: str, name: str) -> float:
    """The sum over its labels of one metric in Prometheus's text format (0 if absent)."""
    pattern = re.compile(rf"^{re.escape(name)}(\{{[^}}]*\}})? (\S+)$", re.MULTILINE)
    return sum(float(m.group(2)) for m in pattern.finditer(exposition))


async def create_schema(database_url: str, schema: str) -> None:
    """Create the replicas' schema before they start: replicas that start at the same moment
    on a missing schema race in ``CREATE SCHEMA IF NOT EXISTS`` and one of them fails."""
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    finally:
        await conn.close()


def plural(count: int, word: str) -> str:
    """``1 replica``, ``2 replicas``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
