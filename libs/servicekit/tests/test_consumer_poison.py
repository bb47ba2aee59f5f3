"""Whatever a producer puts on a topic, the consumer dead-letters it and goes on; a loop that
dies anyway fails /readyz and is restarted from the committed offsets."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaProducer, ConsumerRecord
from fastapi import FastAPI

from ledgerbus_contracts import (
    EntityType,
    Envelope,
    Package,
    SyncMode,
    SyncStarted,
    SyncTrigger,
    Topics,
    to_kafka,
)
from ledgerbus_contracts.commands import RequestSync
from ledgerbus_servicekit import Delivery, EventConsumer, EventPublisher, Runtime, ServiceSettings
from ledgerbus_servicekit.app import create_service_app
from ledgerbus_servicekit.kafka import ensure_topics
from ledgerbus_servicekit.kafka.consumer import decode
from ledgerbus_servicekit.testing import TopicReader, eventually, free_port, running_app

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
Headers = list[tuple[str, bytes | None]]


def request(sync_id: str) -> RequestSync:
    return RequestSync(
        administration_id="adm-1",
        sync_id=sync_id,
        tenant_id="t",
        package=Package.EXACT,
        external_id="1",
        mode=SyncMode.INCREMENTAL,
        trigger=SyncTrigger.MANUAL,
        requested_at=NOW,
    )


def valid_headers() -> Headers:
    return list(to_kafka(Envelope(data=request("poison"), source="/rogue")).headers)


def replaced(name: str, value: bytes | None) -> Headers:
    return [(k, value if k == name else v) for k, v in valid_headers()]


async def no_wait(_: float) -> None:
    await asyncio.sleep(0)


async def prepared(kafka: str, prefix: str) -> Topics:
    """The topics of a test consumer: sync.requests and its dead-letter topic, one partition."""
    topics = Topics(prefix)
    await ensure_topics(kafka, [topics.sync_requests, topics.dead_letter("test")], partitions=1)
    return topics


class Recorder:
    """A handler that keeps the sync ids it was handed."""

    def __init__(self) -> None:
        self.handled: list[str] = []

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        self.handled.extend(d.message.sync_id for d in batch)  # type: ignore[attr-defined]

    async def count(self, count: int) -> bool:
        return len(self.handled) >= count


def make_consumer(
    kafka: str, topics: Topics, handler: Callable[[Sequence[Delivery]], object], **options: object
) -> EventConsumer:
    return EventConsumer(
        bootstrap_servers=kafka,
        topics=[topics.sync_requests],
        group_id=f"{topics.prefix}test",
        dead_letter_topic=topics.dead_letter("test"),
        handler=handler,  # type: ignore[arg-type]
        sleep=no_wait,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.fault("poison records of every kind on a consumed topic")
async def test_every_kind_of_poison_is_dead_lettered_with_its_reason_and_the_consumer_goes_on(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = await prepared(kafka_bootstrap, topic_prefix)
    value = to_kafka(Envelope(data=request("poison"), source="/rogue")).value
    wrong_topic = to_kafka(
        Envelope(
            data=SyncStarted(
                administration_id="adm-1",
                sync_id="s",
                tenant_id="t",
                package="exact",
                at=NOW,
                mode=SyncMode.FULL,
                trigger=SyncTrigger.MANUAL,
                entity_types=(EntityType.GL_ACCOUNT,),
            ),
            source="/rogue",
        )
    )
    poison: list[tuple[bytes | None, bytes | None, Headers, str]] = [
        (value, b"adm-1", replaced("ce_type", None), "header 'ce_type' has a null value"),
        (value, b"adm-1", [*valid_headers(), ("tracestate", None)], "'tracestate' has a null"),
        (value, b"adm-1", replaced("ce_id", b"\xc3\x28"), "header 'ce_id' is not UTF-8"),
        (value, None, valid_headers(), "null key"),
        (None, b"adm-1", valid_headers(), "empty value"),
        (b"\x00\xff not json", b"adm-1", valid_headers(), "payload is invalid"),
        (b"{}", b"adm-1", replaced("ce_type", b"ledgerbus.nothing.v1"), "unknown ce_type"),
        (
            wrong_topic.value,
            wrong_topic.key,
            list(wrong_topic.headers),
            "ledgerbus.sync.started.v1 does not travel on 'sync.requests'",
        ),
    ]
    recorder = Recorder()
    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher:
        await publisher.publish(request("before"))
        raw = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await raw.start()
        try:
            for poison_value, key, headers, _ in poison:
                await raw.send_and_wait(
                    topics.sync_requests,
                    poison_value,
                    key=key,
                    headers=headers,  # type: ignore[arg-type]
                    partition=0,
                )
        finally:
            await raw.stop()
        await publisher.publish(request("after"))

    consumer = make_consumer(kafka_bootstrap, topics, recorder, topic_prefix=topic_prefix)
    async with consumer, TopicReader(kafka_bootstrap, topics.dead_letter("test")) as dlq:
        records = await dlq.wait_for(lambda rs: len(rs) == len(poison))
        await eventually(lambda: recorder.count(2), what="both valid requests handled")

    assert recorder.handled == ["before", "after"]
    assert consumer.restarts == 0
    for record, (poison_value, key, _, reason) in zip(records, poison, strict=True):
        headers = dict(record.headers)
        assert reason in headers["dlq_reason"].decode(), headers["dlq_reason"]
        assert headers["dlq_original_topic"] == topics.sync_requests.encode()
        assert (record.value, record.key) == (poison_value, key)
    offsets = [int(dict(r.headers)["dlq_original_offset"]) for r in records]
    assert offsets == list(range(1, 1 + len(poison)))


@pytest.mark.fault("a null header value on a consumed topic")
async def test_a_null_header_value_is_dead_lettered_and_the_consumer_goes_on(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topics = await prepared(kafka_bootstrap, topic_prefix)
    poison = to_kafka(Envelope(data=request("poison"), source="/rogue"))
    recorder = Recorder()
    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher:
        await publisher.producer.send_and_wait(
            topics.sync_requests,
            poison.value,
            key=poison.key,
            headers=replaced("ce_subject", None),  # type: ignore[arg-type]
        )
        await publisher.publish(request("after"))
    consumer = make_consumer(kafka_bootstrap, topics, recorder)
    async with consumer, TopicReader(kafka_bootstrap, topics.dead_letter("test")) as dlq:
        [record] = await dlq.wait_for(lambda rs: len(rs) == 1)
        await eventually(lambda: recorder.count(1), what="the valid request handled")
    assert recorder.handled == ["after"]
    assert dict(record.headers)["dlq_reason"] == b"header 'ce_subject' has a null value"


@pytest.mark.fault("PostgreSQL refusing connections while an event is handled")
async def test_a_database_that_refuses_connections_is_retried_not_dead_lettered(
    kafka_bootstrap: str, topic_prefix: str, database_url: str
) -> None:
    topics = await prepared(kafka_bootstrap, topic_prefix)
    parts = urlsplit(database_url)
    credentials, _, host = parts.netloc.rpartition("@")
    netloc = f"{host.split(':')[0]}:{free_port()}"
    down = parts._replace(netloc=f"{credentials}@{netloc}" if credentials else netloc).geturl()
    attempts: list[str] = []
    recorder = Recorder()

    async def handle(batch: Sequence[Delivery]) -> None:
        attempts.append("x")
        # Nothing listens on the port: the operating system refuses, as when PostgreSQL is down.
        url = down if len(attempts) <= 5 else database_url
        conn = await asyncpg.connect(url, timeout=10)
        try:
            await recorder(batch)
        finally:
            await conn.close()

    async with EventPublisher(kafka_bootstrap, topics, "/test") as publisher:
        await publisher.publish(request("x"))
    consumer = make_consumer(kafka_bootstrap, topics, handle, max_retries=2)
    async with consumer, TopicReader(kafka_bootstrap, topics.dead_letter("test")) as dlq:
        await eventually(lambda: recorder.count(1), what="the request once the database is up")
        assert await dlq.poll() == []
    assert (recorder.handled, len(attempts)) == (["x"], 6)


class CrashOnce:
    """A decoder whose first call fails as nothing in the loop expects."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, records: list[ConsumerRecord]) -> list[Delivery | str]:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("the decoder crashed")
        return decode(records)


class Gate:
    """A sleep that waits until the test opens the gate (and keeps the delays asked for)."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.opened = asyncio.Event()

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await self.opened.wait()


def consumer_app(
    settings: ServiceSettings, handler: Callable[[Sequence[Delivery]], object], gate: Gate
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(settings)
        app.state.readiness_checks = runtime.readiness_checks
        try:
            app.state.consumer = await runtime.consumer(
                name="test",
                topics=[settings.topics.sync_requests],
                handler=handler,  # type: ignore[arg-type]
                sleep=gate,
                decoder=CrashOnce(),
            )
            yield
        finally:
            await runtime.stop()

    return create_service_app(title="test", settings=settings, lifespan=lifespan, routers=[])


@pytest.mark.fault("a consumer loop that dies (readyz fails, restarted)")
async def test_a_consumer_loop_that_dies_fails_readyz_and_is_restarted_without_loss(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    settings = service_settings()
    await ensure_topics(
        settings.kafka_bootstrap_servers, [settings.topics.sync_requests], partitions=1
    )
    recorder = Recorder()
    gate = Gate()
    app = consumer_app(settings, recorder, gate)
    async with running_app(app) as client:
        assert (await client.get("/readyz")).status_code == 200
        async with EventPublisher(
            settings.kafka_bootstrap_servers, settings.topics, "/test"
        ) as publisher:
            await publisher.publish(request("x"))

        async def not_ready() -> httpx.Response | None:
            response = await client.get("/readyz")
            return response if response.status_code == 503 else None

        down = await eventually(not_ready, what="/readyz to fail while the loop is dead")
        assert down.json()["checks"] == {"consumer:test": False}
        consumer: EventConsumer = app.state.consumer
        assert isinstance(consumer.failure, RuntimeError)
        assert recorder.handled == []

        gate.opened.set()
        await eventually(lambda: recorder.count(1), what="the request after the restart")

        async def ready() -> bool:
            return (await client.get("/readyz")).status_code == 200

        await eventually(ready, what="/readyz to pass again")
    assert recorder.handled == ["x"]
    assert consumer.restarts == 1
    assert gate.delays == [0.5]
