"""Poison events on every consumed topic: each consumer dead-letters them with a reason and
still handles the valid event that follows (a property test over generated records).

Every service (a connector per declared package) runs in-process on one topic prefix. An
example puts a few poison records and then the topic's valid events on partition 0 of one
topic; every consumer of that topic must then have dead-lettered exactly the poison (by
original offset, with a reason) and committed its offset past the valid events without
dead-lettering them, which it does only after its handler returned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from importlib import import_module

import pytest
from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerbus_contracts import Envelope, Topics, to_kafka
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader, eventually, running_app
from tests.e2e.poison import CONSUMERS, PACKAGES, TRACEPARENT, Record, poison, valid_events

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
EXAMPLES = 30
PARTITION = 0


def service_apps(build: Callable[..., ServiceSettings]) -> list[FastAPI]:
    """Every service that consumes a topic, workers and schedules off (only consumers run):
    a connector per declared package, and the other services."""
    from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
    from ledgerbus_ledger_store.main import create_app as ledger_store
    from ledgerbus_notifier.core.config import Settings as NotifierSettings
    from ledgerbus_notifier.main import create_app as notifier
    from ledgerbus_scheduler.core.config import Settings as SchedulerSettings
    from ledgerbus_scheduler.main import create_app as scheduler

    connectors = [import_module(f"{p.connector_module}.main") for p in PACKAGES]
    return [
        *(main.create_app(build(main.Settings), start_worker=False) for main in connectors),
        ledger_store(build(LedgerSettings, decode_workers=1)),
        scheduler(build(SchedulerSettings), start_scheduling=False),
        notifier(build(NotifierSettings)),
    ]


@dataclass
class Platform:
    """The running consumers, a raw producer, and what each dead-letter topic holds."""

    topics: Topics
    producer: AIOKafkaProducer
    admin: AIOKafkaAdminClient
    readers: dict[str, TopicReader]
    dead: dict[str, dict[tuple[str, int], str]] = field(default_factory=lambda: defaultdict(dict))

    async def consumer_groups(self) -> set[str]:
        """The consumer groups on the broker under this test's prefix, without it."""
        prefix = self.topics.prefix
        return {
            str(group[0]).removeprefix(prefix)
            for group in await self.admin.list_consumer_groups()
            if str(group[0]).startswith(prefix)
        }

    async def put(self, topic: str, record: Record) -> int:
        """Put a record on partition 0 of ``topic``; its offset."""
        metadata = await self.producer.send_and_wait(
            self.topics.name(topic),
            record.value,
            key=record.key,
            headers=list(record.headers),  # type: ignore[arg-type]
            partition=PARTITION,
        )
        return int(metadata.offset)

    async def committed(self, consumer: str, topic: str) -> int:
        """The next offset the consumer group reads from partition 0 of ``topic``."""
        tp = TopicPartition(self.topics.name(topic), PARTITION)
        offsets = await self.admin.list_consumer_group_offsets(
            f"{self.topics.prefix}{consumer}", partitions=[tp]
        )
        found = offsets.get(tp)
        return found.offset if found is not None else -1

    async def read_dead_letters(self) -> None:
        """Record (original topic, offset) -> reason of what each consumer dead-lettered."""
        for consumer, reader in self.readers.items():
            for record in (await reader.poll())[len(self.dead[consumer]) :]:
                headers = dict(record.headers)
                where = (
                    headers["dlq_original_topic"].decode(),
                    int(headers["dlq_original_offset"]),
                )
                self.dead[consumer][where] = headers["dlq_reason"].decode()


@pytest.fixture
async def platform(service_settings: Callable[..., ServiceSettings]) -> AsyncIterator[Platform]:
    async with AsyncExitStack() as stack:
        for app in service_apps(service_settings):
            await stack.enter_async_context(running_app(app))
        settings = service_settings()
        topics = settings.topics
        producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
        await producer.start()
        stack.push_async_callback(producer.stop)
        admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
        await admin.start()
        stack.push_async_callback(admin.close)
        readers = {}
        for consumer in {c for group in CONSUMERS.values() for c in group}:
            reader = TopicReader(settings.kafka_bootstrap_servers, topics.dead_letter(consumer))
            readers[consumer] = await stack.enter_async_context(reader)
        platform = Platform(topics, producer, admin, readers)
        # CONSUMERS names every consumer group the services start, none missing, none more.
        everyone = {c for group in CONSUMERS.values() for c in group}

        async def all_joined() -> bool:
            return await platform.consumer_groups() == everyone

        await eventually(all_joined, what=f"the consumer groups {sorted(everyone)}")
        yield platform


@pytest.mark.fault("poison events on every consumed topic (property test)")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    example=st.sampled_from(sorted(CONSUMERS)).flatmap(
        lambda topic: st.tuples(st.just(topic), st.lists(poison(topic), min_size=1, max_size=4))
    )
)
async def test_every_consumer_dead_letters_poison_and_handles_the_valid_event_after_it(
    platform: Platform, example: tuple[str, list[Record]]
) -> None:
    topic, records = example
    poisoned = {await platform.put(topic, record): record for record in records}
    valid = []
    for message in valid_events(topic):
        kafka = to_kafka(Envelope(data=message, source="/test", traceparent=TRACEPARENT))
        headers = (*kafka.headers, ("x-not-ours", None))  # headers outside the binding pass
        valid.append(await platform.put(topic, Record(kafka.value, kafka.key, headers, "valid")))
    physical = platform.topics.name(topic)

    async def settled() -> bool:
        await platform.read_dead_letters()
        for consumer in CONSUMERS[topic]:
            dead = platform.dead[consumer]
            if await platform.committed(consumer, topic) <= valid[-1]:
                return False
            if any((physical, offset) not in dead for offset in poisoned):
                return False
        return True

    await eventually(settled, timeout=60, interval=0.05, what=f"the consumers of {topic}")
    for consumer in CONSUMERS[topic]:
        dead = platform.dead[consumer]
        for offset, record in poisoned.items():
            assert dead[(physical, offset)], f"{consumer}: no reason for {record.kind}"
        refused = [dead[(physical, offset)] for offset in valid if (physical, offset) in dead]
        assert not refused, f"{consumer} dead-lettered a valid event: {refused}"
