"""What the night bench stands on: the platform as processes, its administrations, a watch.

:func:`night_platform` starts a package's sandbox (as many small administrations as
asked, its default rate limits), the ledger-store, the package's connector and the
scheduler (its nightly loop on, ticking every second) as separate processes on a
throwaway prefix and schemas, and makes the connections (:mod:`.night_packages`).
:class:`Watch` reads ``sync.requests`` and ``sync.status`` from their start and keeps,
per sync id, when it was requested and how it ended (Kafka's record times, so a slow
reader does not stretch a figure).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import tempfile
import zoneinfo
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer

from ledgerbus_contracts import (
    Envelope,
    InvalidMessage,
    Message,
    RequestSync,
    SyncCompleted,
    SyncFailed,
    SyncNeedsAttention,
    from_kafka,
)
from ledgerbus_devtools.bench.common import KAFKA, bench_settings
from ledgerbus_devtools.bench.night_packages import OPERATOR, TENANT, NightPackage
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_scheduler.domain.planning import monthly_full_day
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, free_port

SCHEMAS = ("_ls", "_cx", "_sc")
LOGS = Path(tempfile.gettempdir()) / "ledgerbus-bench"
ENDED = {
    SyncCompleted.event_type: "succeeded",
    SyncFailed.event_type: "failed",
    SyncNeedsAttention.event_type: "needs attention",
}


def midday_zone(now: dt.datetime) -> zoneinfo.ZoneInfo:
    """A fixed-offset zone in which ``now`` is between 12:00 and 13:00: a window moved to
    "in a few seconds" then never crosses midnight, whenever the bench runs."""
    offset = 12 - now.astimezone(dt.UTC).hour
    return zoneinfo.ZoneInfo("Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}")


@dataclass(frozen=True)
class Administration:
    """One administration of the slice: its scheduler id, its package id, its connection."""

    id: str
    external_id: str
    connection_id: str


def slice_of(package: NightPackage, count: int, night: dt.date) -> list[Administration]:
    """The package's first ``count`` administrations; each id is chosen so that its sync
    on ``night`` is the nightly incremental, not its monthly full sync (which the bench
    measures on its own)."""
    chosen = []
    for n, external_id in enumerate(package.external_ids(count)):
        admin = f"night-{package.name}-{n:05d}"
        if monthly_full_day(admin, night.year, night.month) == night.day:
            admin += "-b"
        chosen.append(Administration(admin, external_id, package.connection_of(n)))
    return chosen


@dataclass(frozen=True)
class Calls:
    """The sandbox's request counts at one moment: all, refused with 429, per endpoint."""

    total: int
    refused: int
    endpoints: dict[str, int]

    def since(self, earlier: Calls) -> Calls:
        """The calls made after ``earlier``."""
        return Calls(
            self.total - earlier.total,
            self.refused - earlier.refused,
            {k: n - earlier.endpoints.get(k, 0) for k, n in self.endpoints.items()},
        )


@dataclass
class Watch:
    """Per sync id: its request's record time and its end (state, record time, duration)."""

    requested: dict[str, float] = field(default_factory=dict)
    ended: dict[str, tuple[str, float, float]] = field(default_factory=dict)

    def see(self, ce_type: bytes | None, envelope: Envelope[Message], at: float) -> None:
        data = envelope.data
        sync_id = getattr(data, "sync_id", None)
        if sync_id is None:
            return
        if isinstance(data, RequestSync):
            self.requested.setdefault(sync_id, at)
        elif (state := ENDED.get((ce_type or b"").decode())) is not None:
            duration = float(getattr(data, "duration_seconds", 0.0))
            self.ended.setdefault(sync_id, (state, at, duration))

    async def until_ended(self, sync_ids: Iterable[str], timeout: float) -> None:
        """Wait until every sync ended (any way); TimeoutError names how many did not."""
        wanted = set(sync_ids)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while missing := wanted - self.ended.keys():
            if loop.time() > deadline:
                raise TimeoutError(f"{len(missing)} of {len(wanted)} syncs did not end")
            await asyncio.sleep(0.2)

    def failures(self, sync_ids: Iterable[str]) -> list[str]:
        """The syncs that ended other than succeeded, with their state."""
        return [f"{s}: {self.ended[s][0]}" for s in sync_ids if self.ended[s][0] != "succeeded"]


@contextlib.asynccontextmanager
async def watching(topics: list[str]) -> AsyncIterator[Watch]:
    """A :class:`Watch` filled in the background from the start of ``topics``."""
    watch = Watch()
    consumer = AIOKafkaConsumer(
        *topics, bootstrap_servers=KAFKA, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()

    async def loop() -> None:
        while True:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    ce_type = dict(record.headers or ()).get("ce_type")
                    with contextlib.suppress(InvalidMessage):  # not one of ours to read
                        envelope = from_kafka(record.value, record.headers, record.key)
                        watch.see(ce_type, envelope, record.timestamp / 1000)

    task = asyncio.create_task(loop())
    try:
        yield watch
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await consumer.stop()


@dataclass(frozen=True)
class NightPlatform:
    """The running processes' URLs, the watch and the topics' settings."""

    package: NightPackage
    sandbox: httpx.AsyncClient
    scheduler: httpx.AsyncClient
    watch: Watch

    async def calls(self) -> Calls:
        """The API calls the sandbox served so far."""
        stats = (await self.sandbox.get("/_sandbox/stats")).json()
        endpoints = {
            name: sum(by_status.values()) for name, by_status in stats["endpoints"].items()
        }
        return Calls(int(stats["total"]), int(stats["rate_limited"]), endpoints)

    async def register(self, admins: list[Administration], zone: str) -> None:
        """Register each through the scheduler's API, its window later tonight (local
        20:00-23:00; nothing is due until the window is moved)."""
        for admin in admins:
            created = await self.scheduler.post(
                "/v1/administrations",
                headers=OPERATOR,
                json={
                    "id": admin.id,
                    "tenant_id": TENANT,
                    "package": self.package.name,
                    "connection_id": admin.connection_id,
                    "external_id": admin.external_id,
                    "name": f"Administratie {admin.external_id}",
                    "timezone": zone,
                    "nightly_window_start": "20:00",
                    "nightly_window_end": "23:00",
                },
            )
            created.raise_for_status()

    async def request_full(self, admins: list[Administration]) -> list[str]:
        """A manual full sync of each (the scheduler's API); their sync ids."""
        ids = []
        for admin in admins:
            requested = await self.scheduler.post(
                f"/v1/administrations/{admin.id}/syncs", headers=OPERATOR, json={"mode": "full"}
            )
            requested.raise_for_status()
            ids.append(str(requested.json()["sync_id"]))
        return ids

    async def mutate(self, admins: list[Administration]) -> None:
        """A small change set per administration, as its users would make it (the
        package's ``mutations``: one entry booked, one entry's amount changed, one relation
        renamed)."""
        for admin in admins:
            for body in self.package.mutations:
                changed = await self.sandbox.post(
                    f"/_sandbox/administrations/{admin.external_id}/mutations", json=body
                )
                changed.raise_for_status()

    async def latency(self, milliseconds: int) -> None:
        """Standing latency on every API call from now on."""
        set_ = await self.sandbox.put("/_sandbox/faults", json={"latency_ms": milliseconds})
        set_.raise_for_status()

    async def move_windows(
        self, admins: list[Administration], zone: zoneinfo.ZoneInfo, lead_seconds: float
    ) -> None:
        """Move every window to a 2-second window starting ``lead_seconds`` from now, so
        that the scheduler's own tick finds tonight's syncs due at once."""
        start = dt.datetime.now(zone) + dt.timedelta(seconds=lead_seconds)
        end = start + dt.timedelta(seconds=2)
        body = {
            "nightly_window_start": start.strftime("%H:%M:%S"),
            "nightly_window_end": end.strftime("%H:%M:%S"),
        }
        for admin in admins:
            moved = await self.scheduler.patch(
                f"/v1/administrations/{admin.id}", headers=OPERATOR, json=body
            )
            moved.raise_for_status()


def _log(name: str) -> Path:
    LOGS.mkdir(exist_ok=True)
    path = LOGS / f"night-{name}.log"
    path.unlink(missing_ok=True)
    return path


@contextlib.asynccontextmanager
async def night_platform(package: NightPackage, count: int) -> AsyncIterator[NightPlatform]:
    """Every process of the package's night, ready, with the connections made (output in
    ``ledgerbus-bench/night-<name>.log`` in the temp dir)."""
    declared = package.declaration
    async with bench_settings(ServiceSettings, SCHEMAS) as settings:
        base = environment(settings)
        schema = settings.database_schema
        sandbox_port, connector_port = free_port(), free_port()
        sandbox_url = f"http://127.0.0.1:{sandbox_port}"
        connector_url = f"http://127.0.0.1:{connector_port}"
        connector_env = {
            k: v.replace("{sandbox_url}", sandbox_url) for k, v in declared.connector_env.items()
        }
        processes = {
            f"{package.name}-sandbox": (
                declared.sandbox_module,
                declared.sandbox_port_variable,
                sandbox_port,
                package.sandbox_env(count),
            ),
            "ledger-store": (
                "ledgerbus_ledger_store",
                "LEDGER_STORE_PORT",
                None,
                {"DATABASE_SCHEMA": f"{schema}_ls"},
            ),
            declared.service: (
                declared.connector_module,
                declared.connector_port_variable,
                connector_port,
                {
                    "DATABASE_SCHEMA": f"{schema}_cx",
                    declared.base_url_variable: sandbox_url,
                    **connector_env,
                },
            ),
            "scheduler": (
                "ledgerbus_scheduler",
                "SCHEDULER_PORT",
                None,
                {
                    "DATABASE_SCHEMA": f"{schema}_sc",
                    "CONNECTOR_URLS": json.dumps({package.name: connector_url}),
                    "SCHEDULING_ENABLED": "true",
                    "TICK_SECONDS": "1",
                },
            ),
        }
        with contextlib.ExitStack() as stack:
            urls = {}
            for name, (module, variable, port, extra) in processes.items():
                _, urls[name] = stack.enter_context(
                    service_process(module, {**base, **extra}, variable, _log(name), port=port)
                )
            await eventually(
                lambda: healthy(sandbox_url, declared.sandbox_health_path),
                timeout=600,
                what="the sandbox",
            )
            for name in ("ledger-store", declared.service, "scheduler"):
                await eventually(functools.partial(healthy, urls[name]), timeout=120, what=name)
            async with httpx.AsyncClient(base_url=connector_url, timeout=30) as connector:
                await package.connect(connector, sandbox_url, package.external_ids(count))
            topics = [settings.topics.sync_requests, settings.topics.sync_status]
            async with (
                httpx.AsyncClient(base_url=sandbox_url, timeout=60) as sandbox,
                httpx.AsyncClient(base_url=urls["scheduler"], timeout=60) as scheduler,
                watching(topics) as watch,
            ):
                yield NightPlatform(package, sandbox, scheduler, watch)
