"""Two running scheduler replicas over one simulated night: each sync once, none lost.

Both replicas are the real app (lifespan, leader loop, outbox relay, Kafka consumer)
on one schema and one fake clock. Mid-window the leader dies hard: its lock's session
is terminated in PostgreSQL (as when its process is killed) and the app goes away.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AsyncExitStack

import asyncpg
import pytest
from fastapi import FastAPI

from ledgerbus_contracts import RequestSync
from ledgerbus_scheduler.core.config import Settings as SchedulerSettings
from ledgerbus_scheduler.main import create_app
from ledgerbus_scheduler.testing import OPERATOR, START
from ledgerbus_servicekit import FakeClock, ServiceSettings
from ledgerbus_servicekit.testing import TopicReader, eventually, running_app

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]
NIGHT_END = dt.datetime(2026, 11, 1, 4, 30, tzinfo=dt.UTC)
KILL_AT = dt.datetime(2026, 11, 1, 1, 30, tzinfo=dt.UTC)


async def leader_of(apps: list[FastAPI]) -> FastAPI | None:
    leaders = [app for app in apps if app.state.scheduler.is_leader]
    assert len(leaders) <= 1, "two replicas lead at once"
    return leaders[0] if leaders else None


async def test_two_replicas_publish_each_sync_once_and_survive_a_killed_leader(
    service_settings: Settings,
) -> None:
    clock = FakeClock(START)
    settings = service_settings(SchedulerSettings, tick_seconds=0.05, relay_interval_seconds=0.2)
    assert isinstance(settings, SchedulerSettings)
    apps = [create_app(settings, clock, start_scheduling=True) for _ in range(2)]
    admins = [f"adm-{n:02d}" for n in range(60)]
    async with AsyncExitStack() as stack:
        replicas = {id(app): AsyncExitStack() for app in apps}
        clients = [await replicas[id(app)].enter_async_context(running_app(app)) for app in apps]
        for app in apps:
            stack.push_async_callback(replicas[id(app)].aclose)
        for admin in admins:
            body = {"id": admin, "tenant_id": "t1", "package": "exact", "external_id": "1"}
            created = await clients[0].post(
                "/v1/administrations", json={**body, "name": admin}, headers=OPERATOR
            )
            assert created.status_code == 201
        db = await asyncpg.connect(settings.database_url)
        stack.push_async_callback(db.close)
        table = f'"{settings.database_schema}".administrations'
        requests = f'"{settings.database_schema}".sync_requests'

        async def caught_up() -> bool:
            due = await db.fetchval(
                f"SELECT count(*) FROM {table} WHERE next_run_at <= $1",  # noqa: S608
                clock.now(),
            )
            unpublished = await db.fetchval(
                f"SELECT count(*) FROM {requests} WHERE published_at IS NULL"  # noqa: S608
            )
            return due == 0 and unpublished == 0

        alive, takeover_seconds = list(apps), None
        while clock.now() < NIGHT_END:
            clock.advance(10 * 60)
            if len(alive) == 2 and clock.now() >= KILL_AT:
                dead = await eventually(lambda: leader_of(alive), what="a leader")
                pid = dead.state.scheduler.leadership.backend_pid()
                await db.execute("SELECT pg_terminate_backend($1)", pid)
                alive.remove(dead)
                await replicas[id(dead)].aclose()
                killed = time.monotonic()
                await eventually(lambda: leader_of(alive), what="the standby to take over")
                takeover_seconds = time.monotonic() - killed
            await eventually(caught_up, what=f"the syncs due by {clock.now():%H:%M} to go out")
        async with TopicReader(
            settings.kafka_bootstrap_servers, settings.topics.sync_requests
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= len(admins))
            await reader.poll()
            ids = [e.data.sync_id for e in reader.envelopes() if isinstance(e.data, RequestSync)]
    assert takeover_seconds is not None and takeover_seconds < 5
    assert not [i for i, n in Counter(ids).items() if n > 1], "a sync was published twice"
    per_admin = Counter(i.removeprefix("nightly-").split("-20261101")[0] for i in ids)
    assert per_admin == Counter(dict.fromkeys(admins, 1))
