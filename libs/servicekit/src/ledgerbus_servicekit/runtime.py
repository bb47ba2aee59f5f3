"""The I/O a service owns (pool, publisher, consumers), started and stopped together.

A service's lifespan builds one :class:`Runtime`, asks it for what it needs, and
stops it on shutdown; readiness checks are registered as a side effect.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence

import asyncpg

from ledgerbus_servicekit.db import create_pool, migrate
from ledgerbus_servicekit.gc_tuning import tune_garbage_collector
from ledgerbus_servicekit.health import ReadinessCheck
from ledgerbus_servicekit.kafka import EventConsumer, EventPublisher, ensure_topics
from ledgerbus_servicekit.kafka.consumer import Decoder, Handler, Sleep
from ledgerbus_servicekit.settings import ServiceSettings
from ledgerbus_servicekit.telemetry import setup_tracing


class Runtime:
    """Starts a service's connections in order and stops them in reverse order."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.readiness_checks: dict[str, ReadinessCheck] = {}
        self._stack = contextlib.AsyncExitStack()
        setup_tracing(settings.service_name, settings.otel_exporter, settings.otel_endpoint)
        tune_garbage_collector(settings.gc_young_threshold)

    async def ensure_topics(self, extra: Sequence[str] = ()) -> None:
        """Create every contract topic (and ``extra`` ones) that is missing."""
        s = self.settings
        await ensure_topics(
            s.kafka_bootstrap_servers,
            [*s.topics.all(), *extra],
            partitions=s.topic_partitions,
            replication_factor=s.topic_replication_factor,
            retention_ms=s.topic_retention_ms,
            security=s.kafka_security,
        )

    async def database(self, migrations: list[tuple[str, str]]) -> asyncpg.Pool:
        """A pool on the service's schema, with its migrations applied."""
        s = self.settings
        pool = await create_pool(s.database_dsn, s.database_schema, max_size=s.database_pool_size)
        self._stack.push_async_callback(pool.close)
        await migrate(pool, migrations)

        async def database_ready() -> bool:
            return bool(await pool.fetchval("SELECT 1"))

        self.readiness_checks["postgres"] = database_ready
        return pool

    async def publisher(self, *, transactional_id: str | None = None) -> EventPublisher:
        """A started publisher whose events name this service as their source."""
        s = self.settings
        publisher = EventPublisher(
            s.kafka_bootstrap_servers,
            s.topics,
            source=f"/ledgerbus/{s.service_name}",
            transactional_id=transactional_id,
            security=s.kafka_security,
        )
        await publisher.start()
        self._stack.push_async_callback(publisher.stop)

        async def kafka_ready() -> bool:
            return publisher.started

        self.readiness_checks["kafka"] = kafka_ready
        return publisher

    async def consumer(
        self,
        *,
        name: str,
        topics: Sequence[str],
        handler: Handler,
        sleep: Sleep | None = None,
        decoder: Decoder | None = None,
    ) -> EventConsumer:
        """A started consumer group ``<prefix><name>`` with its own dead-letter topic.

        The consumer restarts its loop if it ever dies; its readiness check fails until
        it is back. A message whose type does not travel on its topic is dead-lettered.

        ``decoder`` replaces the in-process decoding of each batch (see :data:`Decoder`).
        """
        s = self.settings
        dead_letter = s.topics.dead_letter(name)
        await self.ensure_topics([dead_letter])
        consumer = EventConsumer(
            bootstrap_servers=s.kafka_bootstrap_servers,
            topics=topics,
            group_id=f"{s.topic_prefix}{name}",
            dead_letter_topic=dead_letter,
            handler=handler,
            max_retries=s.consumer_max_retries,
            batch_size=s.consumer_batch_size,
            sleep=sleep or asyncio.sleep,
            decoder=decoder,
            topic_prefix=s.topic_prefix,
            security=s.kafka_security,
        )
        await consumer.start()
        self._stack.push_async_callback(consumer.stop)

        async def consumer_ready() -> bool:
            return consumer.running

        self.readiness_checks[f"consumer:{name}"] = consumer_ready
        return consumer

    def add_stop(self, stop: Callable[[], Awaitable[None]]) -> None:
        """Run ``stop`` on shutdown, before what was started earlier."""
        self._stack.push_async_callback(stop)

    async def stop(self) -> None:
        """Stop everything, most recently started first."""
        await self._stack.aclose()
