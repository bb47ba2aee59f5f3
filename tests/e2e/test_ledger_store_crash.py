"""SIGKILL the ledger-store while it applies a large sync: after a restart nothing is lost or
counted twice."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx
import pytest

from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_ledger_store.benchdata import sync_events, transaction_lines
from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_servicekit import EventPublisher, ServiceSettings
from ledgerbus_servicekit.testing import eventually

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
COUNT = 60_000


async def sync_state(url: str) -> dict[str, Any] | None:
    try:
        async with httpx.AsyncClient(base_url=url, timeout=5) as client:
            response = await client.get("/v1/syncs/bench-1", headers=OPERATOR)
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == 200 else None


async def test_a_killed_ledger_store_resumes_without_loss_or_double_counts(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    settings = service_settings(Settings, consumer_batch_size=20)
    env = environment(settings, CONSUMER_BATCH_SIZE="20")
    async with EventPublisher(
        settings.kafka_bootstrap_servers, settings.topics, source="/test/connector"
    ) as publisher:
        with service_process("ledgerbus_ledger_store", env, "LEDGER_STORE_PORT") as (first, url):
            await eventually(lambda: healthy(url), timeout=60, what="the ledger-store")
            await publisher.publish_many(sync_events("bench-1", transaction_lines(COUNT)))

            async def part_applied() -> bool:
                state = await sync_state(url)
                return bool(state and 0 < state["applied"].get("transaction_line", 0) < COUNT)

            await eventually(part_applied, timeout=120, what="part of the sync to be applied")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        with service_process("ledgerbus_ledger_store", env, "LEDGER_STORE_PORT") as (_, url):
            await eventually(lambda: healthy(url), timeout=60, what="the ledger-store again")

            async def done() -> dict[str, Any] | None:
                state = await sync_state(url)
                return state if state and state["state"] == "succeeded" else None

            final = await eventually(done, timeout=300, what="the sync to succeed")
    conn = await asyncpg.connect(settings.database_url)
    try:
        stored = await conn.fetchval(
            f'SELECT count(*) FROM "{settings.database_schema}".entities'  # noqa: S608
            " WHERE deleted_at IS NULL"
        )
    finally:
        await conn.close()
    assert final["applied"] == {"transaction_line": COUNT}
    assert stored == COUNT
