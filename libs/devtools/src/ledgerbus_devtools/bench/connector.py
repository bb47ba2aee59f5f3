"""connector-exact: records per second into Kafka and peak memory, against reading the API raw.

The sandbox runs without rate limits in its own process; the connector runs in its own
process too, so its peak resident memory (``VmHWM``) is its alone. Two sizes show that
memory does not grow with the administration.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import httpx
from aiokafka import AIOKafkaConsumer

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.exact.streams import TransactionLines
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
from ledgerbus_devtools.bench.common import bench_settings, report
from ledgerbus_devtools.bench.memory import peak_memory_mb
from ledgerbus_devtools.bench.sandbox import unlimited_exact_sandbox
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_sandboxes.exact.consent import DEMO_REDIRECT_URI, authorize
from ledgerbus_servicekit import EventPublisher
from ledgerbus_servicekit.testing import eventually

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
LINES_PATH = "/api/v1/100001/sync/Financial/TransactionLines"


async def raw_read(sandbox_url: str, code: str) -> tuple[int, float]:
    """(records, seconds) of reading every transaction-line page without processing."""
    async with httpx.AsyncClient(base_url=sandbox_url, timeout=120) as client:
        token = (
            await client.post(
                "/api/oauth2/token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "client_id": "ledgerbus-demo",
                    "client_secret": "demo-secret",
                    "redirect_uri": DEMO_REDIRECT_URI,
                },
            )
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        url: str | None = LINES_PATH
        params: dict[str, str] | None = {
            "$filter": "Timestamp gt 1L",
            "$select": ",".join(TransactionLines.select),
        }
        records, started = 0, time.perf_counter()
        while url:
            body = (await client.get(url, params=params, headers=headers)).json()["d"]
            records += len(body["results"])
            url, params = body.get("__next"), None
        return records, time.perf_counter() - started


async def sync_once(lines: int) -> tuple[float, float, float]:
    """(connector records/s, raw read records/s, connector peak MB) for one size."""
    async with (
        bench_settings(Settings) as settings,
        unlimited_exact_sandbox(lines) as (_, sandbox_url),
    ):
        raw_records, raw_seconds = await raw_read(sandbox_url, await authorize(sandbox_url))
        env = environment(settings, EXACT_BASE_URL=sandbox_url)
        with service_process("ledgerbus_connector_exact", env, "CONNECTOR_EXACT_PORT") as (
            process,
            url,
        ):
            await eventually(lambda: healthy(url), timeout=60, what="connector-exact")
            async with httpx.AsyncClient(base_url=url) as api:
                await api.put(
                    "/v1/connections/c1",
                    headers=OPERATOR,
                    json={"code": await authorize(sandbox_url), "tenant_id": "bench"},
                )
            seconds = await timed_sync(settings)
            peak = peak_memory_mb(process.pid)
    return lines / seconds, raw_records / raw_seconds, peak


async def timed_sync(settings: Settings) -> float:
    consumer = AIOKafkaConsumer(
        settings.topics.ledger_changes,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        auto_offset_reset="latest",
        fetch_max_bytes=64 * 1024 * 1024,
        max_partition_fetch_bytes=16 * 1024 * 1024,
    )
    await consumer.start()
    try:
        await consumer.getmany(timeout_ms=500)  # be assigned before the sync starts
        request = RequestSync(
            administration_id="bench",
            sync_id="bench-sync",
            tenant_id="bench",
            package=Package.EXACT,
            external_id="100001",
            connection_id="c1",
            mode=SyncMode.FULL,
            trigger=SyncTrigger.MANUAL,
            entity_types=(EntityType.TRANSACTION_LINE,),
            requested_at=dt.datetime.now(dt.UTC),
        )
        started = time.perf_counter()
        async with EventPublisher(
            settings.kafka_bootstrap_servers, settings.topics, source="/bench"
        ) as publisher:
            await publisher.publish(request)
        while True:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                for record in records:
                    headers = dict(record.headers or ())
                    if headers.get("ce_type") == SyncChangesEnded.event_type.encode():
                        envelope: Envelope[Message] = from_kafka(
                            record.value, record.headers, record.key
                        )
                        assert isinstance(envelope.data, SyncChangesEnded)
                        return time.perf_counter() - started
    finally:
        await consumer.stop()


async def run(sizes: tuple[int, ...] = (100_000, 1_000_000)) -> None:
    peaks = []
    for lines in sizes:
        rate, raw, peak = await sync_once(lines)
        peaks.append(peak)
        report(f"connector-exact: API read raw, {lines:,} lines", raw, "records/s")
        report(
            f"connector-exact: full sync into Kafka, {lines:,} lines",
            rate,
            "records/s",
            raw,
            "of raw read",
        )
        report(
            f"connector-exact: peak memory, {lines:,} lines",
            peak,
            "MB",
            peaks[0],
            f"of {sizes[0]:,} lines",
        )
    await asyncio.sleep(0)
