"""Nightly scheduling against the real PostgreSQL and Kafka, with a fake clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Callable

import pytest

from ledgerbus_contracts import RequestSync
from ledgerbus_scheduler.outbox import Outbox
from ledgerbus_scheduler.scheduling import NightlyScheduler
from ledgerbus_scheduler.testing import running_scheduler
from ledgerbus_servicekit import EventPublisher, ServiceSettings
from ledgerbus_servicekit.testing import TopicReader

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]


async def test_a_month_of_ticks_issues_one_sync_a_night_and_one_full(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        admins = await rig.register_many(200)
        async with rig.pool() as pool:
            scheduler = NightlyScheduler(pool, None, rig.clock, batch=50)
            while rig.clock.now() < dt.datetime(2026, 11, 30, 22, 0, tzinfo=dt.UTC):
                rig.clock.advance(20 * 60)
                await scheduler.tick()
        issued = await rig.issued()
    per_admin = Counter(r["administration_id"] for r in issued)
    assert set(per_admin) == set(admins) and set(per_admin.values()) == {30}
    fulls = Counter(r["administration_id"] for r in issued if r["mode"] == "full")
    assert set(fulls.values()) == {1} and len(fulls) == len(admins)
    assert {r["trigger"] for r in issued} == {"nightly", "monthly-full"}


async def test_missed_nights_are_caught_up_once(service_settings: Settings) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1")
        rig.clock.advance(3 * 86_400)  # the scheduler was down for three nights
        async with rig.pool() as pool:
            scheduler = NightlyScheduler(pool, None, rig.clock)
            first, second = await scheduler.tick(), await scheduler.tick()
        issued = await rig.issued()
    assert (first, second) == (1, 0)
    assert [r["sync_id"].rsplit("-", 2)[1] for r in issued] == ["20261103"]


async def test_two_replicas_issue_each_sync_once_and_a_standby_takes_over(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        admins = await rig.register_many(40)
        settings = rig.settings
        async with (
            rig.pool() as pool_a,
            rig.pool() as pool_b,
            EventPublisher(
                settings.kafka_bootstrap_servers, settings.topics, source="/scheduler-a"
            ) as pub_a,
            EventPublisher(
                settings.kafka_bootstrap_servers, settings.topics, source="/scheduler-b"
            ) as pub_b,
        ):
            a = NightlyScheduler(pool_a, Outbox(pool_a, pub_a, rig.clock, 1), rig.clock, batch=7)
            b = NightlyScheduler(pool_b, Outbox(pool_b, pub_b, rig.clock, 1), rig.clock, batch=7)
            assert await a.try_lead() and not await b.try_lead()
            night_end = dt.datetime(2026, 11, 1, 4, 0, tzinfo=dt.UTC)
            alive = [a, b]
            while rig.clock.now() < night_end:
                rig.clock.advance(15 * 60)
                if a in alive and rig.clock.now() >= dt.datetime(2026, 11, 1, 1, 30, tzinfo=dt.UTC):
                    await a.resign()  # the leader dies mid-window
                    alive.remove(a)
                for replica in alive:
                    if await replica.try_lead():
                        await replica.tick()
            assert b.is_leader and not a.is_leader
            await b.resign()
        async with TopicReader(
            settings.kafka_bootstrap_servers, settings.topics.sync_requests
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= len(admins))
            await reader.poll()
            ids = [e.data.sync_id for e in reader.envelopes() if isinstance(e.data, RequestSync)]
    assert sorted(ids) == sorted(set(ids)), "a sync was published twice"
    assert {i.split("-20261101")[0].removeprefix("nightly-") for i in ids} == set(admins)


async def test_the_running_service_issues_the_nightly_sync_when_it_is_due(
    service_settings: Settings,
) -> None:
    async with running_scheduler(
        service_settings, scheduling_enabled=True, tick_seconds=0.05
    ) as rig:
        await rig.register("adm-1")
        rig.clock.set(dt.datetime(2026, 11, 1, 4, 0, tzinfo=dt.UTC))  # after the window
        settings = rig.settings
        async with TopicReader(
            settings.kafka_bootstrap_servers, settings.topics.sync_requests
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= 1)
            requested = [e.data for e in reader.envelopes() if isinstance(e.data, RequestSync)]
    assert [r.sync_id for r in requested] == [requested[0].sync_id]
    assert requested[0].sync_id.startswith("nightly-adm-1-20261101-")


async def test_a_month_published_to_kafka_is_one_sync_a_night_each_and_one_full(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        admins = await rig.register_many(20)
        settings = rig.settings
        async with (
            rig.pool() as pool,
            EventPublisher(settings.kafka_bootstrap_servers, settings.topics, "/s") as publisher,
        ):
            scheduler = NightlyScheduler(pool, Outbox(pool, publisher, rig.clock, 1), rig.clock)
            while rig.clock.now() < dt.datetime(2026, 11, 30, 22, 0, tzinfo=dt.UTC):
                rig.clock.advance(30 * 60)
                await scheduler.tick()
        async with TopicReader(
            settings.kafka_bootstrap_servers, settings.topics.sync_requests
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= 30 * len(admins))
            await reader.poll()
            requests = [e.data for e in reader.envelopes() if isinstance(e.data, RequestSync)]
    assert len(requests) == len({r.sync_id for r in requests}) == 30 * len(admins)
    nights = Counter((r.administration_id, r.sync_id.rsplit("-", 2)[1]) for r in requests)
    assert set(nights.values()) == {1} and len(nights) == 30 * len(admins)
    fulls = Counter(r.administration_id for r in requests if r.mode == "full")
    assert fulls == Counter(dict.fromkeys(admins, 1))
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    local_hours = {r.requested_at.astimezone(amsterdam).time() for r in requests}
    assert all(dt.time(1, 0) <= t <= dt.time(5, 30) for t in local_hours)
