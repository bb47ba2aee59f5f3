"""The outbox: a crash between deciding and publishing neither loses nor duplicates a sync."""

from __future__ import annotations

import asyncio
import datetime as dt
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


async def test_requests_decided_before_a_crash_are_published_once_by_racing_relays(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        admins = await rig.register_many(120)
        rig.clock.set(dt.datetime(2026, 11, 1, 4, 0, tzinfo=dt.UTC))  # the window is over
        settings = rig.settings
        async with rig.pool() as pool_a, rig.pool() as pool_b:
            # The leader decides and writes, then dies before it publishes anything.
            assert await NightlyScheduler(pool_a, None, rig.clock).tick() == len(admins)
            assert all(r["published_at"] is None for r in await rig.issued())
            async with (
                EventPublisher(settings.kafka_bootstrap_servers, settings.topics, "/a") as pub_a,
                EventPublisher(settings.kafka_bootstrap_servers, settings.topics, "/b") as pub_b,
            ):
                relays = [
                    Outbox(pool_a, pub_a, rig.clock, 1, batch=7),
                    Outbox(pool_b, pub_b, rig.clock, 1, batch=11),
                ]
                counts = await asyncio.gather(*(relay.relay() for relay in relays * 2))
                again = await relays[0].relay()
        async with TopicReader(
            settings.kafka_bootstrap_servers, settings.topics.sync_requests
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= len(admins))
            await reader.poll()
            ids = [e.data.sync_id for e in reader.envelopes() if isinstance(e.data, RequestSync)]
        issued = await rig.issued()
    assert sum(counts) == len(admins) and again == 0
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"published more than once: {duplicates[:5]}"
    assert set(ids) == {r["sync_id"] for r in issued} and len(ids) == len(admins)
    assert all(r["published_at"] is not None for r in issued)
