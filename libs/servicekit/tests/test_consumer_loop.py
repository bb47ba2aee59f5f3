"""The consumer loop against the real broker: delivery, dead letters, poison isolation."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence

from aiokafka import AIOKafkaProducer, ConsumerRecord, TopicPartition

from ledgerbus_contracts import Envelope, Package, SyncMode, SyncTrigger, Topics
from ledgerbus_contracts.commands import RequestSync
from ledgerbus_servicekit import Delivery, EventConsumer, EventPublisher, RetryableError
from ledgerbus_servicekit.kafka import ensure_topics
from ledgerbus_servicekit.testing import TopicReader, eventually

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def request(sync_id: str, administration: str = "adm-1") -> RequestSync:
    return RequestSync(
        administration_id=administration,
        sync_id=sync_id,
        tenant_id="t",
        package=Package.EXACT,
        external_id="1",
        mode=SyncMode.INCREMENTAL,
        trigger=SyncTrigger.MANUAL,
        requested_at=NOW,
    )


async def request_topics(kafka: str, prefix: str) -> Topics:
    """The environment's topics, with ``sync.requests`` and its dead-letter topic created."""
    topics = Topics(prefix)
    await ensure_topics(kafka, [topics.sync_requests, topics.dead_letter("test")], partitions=1)
    return topics


def recorder() -> tuple[list[str], Callable[[Sequence[Delivery]], Awaitable[None]]]:
    """A handler that records the sync ids it is given, and the list it records them in."""
    handled: list[str] = []

    async def handle(batch: Sequence[Delivery]) -> None:
        handled.extend(d.message.sync_id for d in batch)  # type: ignore[attr-defined]

    return handled, handle


async def no_wait(_: float) -> None:
    await asyncio.sleep(0)


def consumer(
    kafka: str, topics: Topics, handler: Callable[[Sequence[Delivery]], object]
) -> EventConsumer:
    return EventConsumer(
        bootstrap_servers=kafka,
        topics=[topics.sync_requests],
        group_id=f"{topics.prefix}test",
        dead_letter_topic=topics.dead_letter("test"),
        handler=handler,  # type: ignore[arg-type]
        max_retries=2,
        sleep=no_wait,
    )


async def test_malformed_event_goes_to_dead_letter_and_consumer_keeps_going(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = await request_topics(kafka_bootstrap, topic_prefix)
    handled, handle = recorder()

    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher:
        await publisher.publish(request("before"))
        raw = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await raw.start()
        await raw.send_and_wait(
            topics.sync_requests,
            b"{broken",
            key=b"adm-1",
            headers=[
                ("ce_specversion", b"1.0"),
                ("ce_id", b"x"),
                ("ce_type", b"ledgerbus.sync.requested.v1"),
                ("ce_source", b"/rogue"),
            ],
        )
        await raw.stop()
        await publisher.publish(request("after"))

    async with (
        consumer(kafka_bootstrap, topics, handle),
        TopicReader(kafka_bootstrap, topics.dead_letter("test")) as dlq,
    ):
        await eventually(lambda: _done(handled, 2), what="both valid requests handled")
        records = await dlq.wait_for(lambda rs: len(rs) == 1)

    assert handled == ["before", "after"]
    headers = dict(records[0].headers)
    assert b"payload is invalid" in headers["dlq_reason"]
    assert headers["dlq_original_topic"] == topics.sync_requests.encode()
    assert records[0].value == b"{broken"


async def test_poison_message_is_isolated_and_the_rest_of_the_batch_applied(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = await request_topics(kafka_bootstrap, topic_prefix)
    applied: list[str] = []

    async def handle(batch: Sequence[Delivery]) -> None:
        ids = [d.message.sync_id for d in batch]  # type: ignore[attr-defined]
        if "poison" in ids:
            raise ValueError("cannot apply sync 'poison'")
        applied.extend(ids)

    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher:
        await publisher.publish_many([request("a"), request("poison"), request("b")])

    async with (
        consumer(kafka_bootstrap, topics, handle),
        TopicReader(kafka_bootstrap, topics.dead_letter("test")) as dlq,
    ):
        records = await dlq.wait_for(lambda rs: len(rs) == 1)
        await eventually(lambda: _done(applied, 2), what="the healthy messages applied")

    assert sorted(applied) == ["a", "b"]
    assert dict(records[0].headers)["dlq_reason"] == b"ValueError: cannot apply sync 'poison'"


async def test_infrastructure_failures_are_retried_not_dead_lettered(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = await request_topics(kafka_bootstrap, topic_prefix)
    attempts: list[int] = []
    applied: list[str] = []

    async def handle(batch: Sequence[Delivery]) -> None:
        attempts.append(len(batch))
        if len(attempts) <= 6:  # more failures than max_retries allows for a poison message
            raise RetryableError("database is restarting")
        applied.extend(d.message.sync_id for d in batch)  # type: ignore[attr-defined]

    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher:
        await publisher.publish(request("x"))
    async with consumer(kafka_bootstrap, topics, handle):
        await eventually(lambda: _done(applied, 1), what="the request applied after retries")

    assert applied == ["x"]
    assert len(attempts) == 7


async def test_offsets_are_committed_so_a_restart_does_not_redeliver(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = await request_topics(kafka_bootstrap, topic_prefix)
    seen: list[str] = []

    async def handle(batch: Sequence[Delivery]) -> None:
        seen.extend(d.message.sync_id for d in batch)  # type: ignore[attr-defined]

    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher:
        await publisher.publish(request("one"))
        async with consumer(kafka_bootstrap, topics, handle):
            await eventually(lambda: _done(seen, 1), what="first message")
        await publisher.publish(request("two"))
    async with consumer(kafka_bootstrap, topics, handle):
        await eventually(lambda: _done(seen, 2), what="second message")
    assert seen == ["one", "two"]


async def _done(items: list[str], count: int) -> bool:
    return len(items) >= count


async def test_a_batch_whose_partition_was_taken_away_is_left_to_redelivery(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    """A rebalance may take the partition while its batch is applied: the commit is then
    refused (aiokafka's IllegalStateError), and the loop goes on without restarting."""
    topics = await request_topics(kafka_bootstrap, topic_prefix)
    handled, handle = recorder()

    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher:
        await publisher.publish(request("first"))
        async with consumer(kafka_bootstrap, topics, handle) as running:
            await eventually(lambda: _done(handled, 1), what="the first request handled")
            taken = TopicPartition(topics.sync_requests, 7)  # a partition it does not hold
            record = ConsumerRecord(taken.topic, 7, 0, 0, 0, b"adm-1", b"{}", None, 5, 2, [])
            delivery = Delivery(Envelope(data=request("taken"), source="/test"), taken.topic, 7, 0)
            await running._process(taken, [record], [delivery])
            await publisher.publish(request("after"))
            await eventually(lambda: _done(handled, 3), what="the next request handled")
            assert running.restarts == 0
    assert handled == ["first", "taken", "after"]
