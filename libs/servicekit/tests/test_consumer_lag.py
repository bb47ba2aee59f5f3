"""The consumer-lag gauge follows the broker while a consumer is stuck, idle or catching up.

Against the real broker: a handler that holds its first batch keeps the group's committed
offset where it is while messages keep arriving. The lag read from the broker's end
offsets rises with them (before, the gauge moved only when a batch was committed, so a
stuck consumer showed its last, small lag forever), and falls to zero once the handler
lets go and the group has caught up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

from aiokafka import TopicPartition
from prometheus_client import REGISTRY

from ledgerbus_contracts import Package, SyncMode, SyncTrigger, Topics
from ledgerbus_contracts.commands import RequestSync
from ledgerbus_servicekit import Delivery, EventConsumer, EventPublisher
from ledgerbus_servicekit.kafka import ensure_topics
from ledgerbus_servicekit.testing import eventually


def request(sync_id: str) -> RequestSync:
    return RequestSync(
        administration_id="adm-1",
        sync_id=sync_id,
        tenant_id="t",
        package=Package.EXACT,
        external_id="1",
        mode=SyncMode.INCREMENTAL,
        trigger=SyncTrigger.MANUAL,
        requested_at=dt.datetime(2026, 12, 2, tzinfo=dt.UTC),
    )


async def no_wait(_: float) -> None:
    await asyncio.sleep(0)


def gauge(group: str, topic: str) -> float | None:
    labels = {"consumer_group": group, "topic": topic, "partition": "0"}
    return REGISTRY.get_sample_value("ledgerbus_consumer_lag", labels)


class Held:
    """A handler that holds every batch until released."""

    def __init__(self) -> None:
        self.started, self.released = asyncio.Event(), asyncio.Event()
        self.handled: list[str] = []

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        self.started.set()
        await self.released.wait()
        self.handled.extend(d.message.sync_id for d in batch)  # type: ignore[attr-defined]


def stuck_consumer(
    kafka: str, topics: Topics, handler: Held, lag_interval: float | None
) -> EventConsumer:
    return EventConsumer(
        bootstrap_servers=kafka,
        topics=[topics.sync_requests],
        group_id=f"{topics.prefix}lag",
        dead_letter_topic=topics.dead_letter("lag"),
        handler=handler,
        batch_size=1,
        sleep=no_wait,
        lag_interval=lag_interval,
    )


async def test_the_lag_rises_while_a_consumer_is_stuck_and_falls_when_it_catches_up(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = Topics(topic_prefix)
    await ensure_topics(
        kafka_bootstrap, [topics.sync_requests, topics.dead_letter("lag")], partitions=1
    )
    tp = TopicPartition(topics.sync_requests, 0)
    held = Held()
    consumer = stuck_consumer(kafka_bootstrap, topics, held, lag_interval=None)
    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher, consumer:
        await publisher.publish(request("first"))
        await asyncio.wait_for(held.started.wait(), 60)
        await publisher.publish_many([request(f"more-{n}") for n in range(4)])
        assert await consumer.refresh_lag() == {tp: 5}
        assert gauge(consumer.group_id, tp.topic) == 5
        await publisher.publish(request("later"))
        assert await consumer.refresh_lag() == {tp: 6}
        assert gauge(consumer.group_id, tp.topic) == 6
        held.released.set()

        async def all_handled() -> bool:
            return len(held.handled) == 6

        await eventually(all_handled, timeout=60, what="the handler to catch up")
        caught_up = await eventually(
            lambda: _zero(consumer), timeout=60, what="the committed offset to reach the end"
        )
        assert caught_up == {tp: 0}
        assert gauge(consumer.group_id, tp.topic) == 0


async def test_the_timer_refreshes_the_lag_of_a_consumer_that_commits_nothing(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = Topics(topic_prefix)
    await ensure_topics(
        kafka_bootstrap, [topics.sync_requests, topics.dead_letter("lag")], partitions=1
    )
    held = Held()
    consumer = stuck_consumer(kafka_bootstrap, topics, held, lag_interval=0.05)
    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher, consumer:
        await publisher.publish_many([request(f"sync-{n}") for n in range(3)])
        await asyncio.wait_for(held.started.wait(), 60)

        async def published() -> bool:
            return gauge(consumer.group_id, topics.sync_requests) == 3

        await eventually(
            published,
            timeout=30,
            what="the timer to publish the stuck consumer's lag",
        )
        held.released.set()


async def _zero(consumer: EventConsumer) -> dict[TopicPartition, int] | None:
    lags = await consumer.refresh_lag()
    return lags if lags and not any(lags.values()) else None
