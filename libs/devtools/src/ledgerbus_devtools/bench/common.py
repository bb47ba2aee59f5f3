"""What every benchmark shares: settings on a throwaway prefix and schema, and a report line."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import asyncpg

from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.kafka import delete_topics_with_prefix

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
DATABASE = os.environ.get(
    "DATABASE_URL", "postgresql://ledgerbus:ledgerbus@127.0.0.1:5432/ledgerbus"
)
S = TypeVar("S", bound=ServiceSettings)


@asynccontextmanager
async def bench_settings(
    cls: type[S], schema_suffixes: tuple[str, ...] = ("",), **overrides: object
) -> AsyncIterator[S]:
    """Settings on a fresh topic prefix and schema, dropped afterwards (with each of
    ``schema_suffixes`` appended: services of one bench keep their own schemas)."""
    unique = uuid.uuid4().hex[:8]
    schema = f"bench_{unique}"
    settings = cls.model_validate(
        {
            "LEDGERBUS_ENV": "local",
            "kafka_bootstrap_servers": KAFKA,
            "database_url": DATABASE,
            "database_schema": schema,
            "topic_prefix": f"bench.{unique}.",
            "topic_partitions": 1,
            "database_pool_size": 8,
            **overrides,
        }
    )
    try:
        yield settings
    finally:
        await delete_topics_with_prefix(KAFKA, settings.topic_prefix)
        conn = await asyncpg.connect(DATABASE)
        try:
            for suffix in schema_suffixes:
                await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}{suffix}" CASCADE')
        finally:
            await conn.close()


async def timed(call: Callable[[], Awaitable[object]]) -> float:
    """Seconds one call took."""
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


def report(
    name: str,
    value: float,
    unit: str,
    baseline: float | None = None,
    baseline_name: str = "",
    target: str = "",
) -> None:
    line = f"{name:<52} {value:>12,.1f} {unit:<14}"
    if baseline:
        line += f" {value / baseline:>6.2f}x {baseline_name}"
    if target:
        line += f"  (target {target})"
    print(line, flush=True)
