"""pytest fixtures: the real Kafka and PostgreSQL, unique names, and captured spans."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable

import asyncpg
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from ledgerbus_servicekit.instrumentation import NoRootQueries
from ledgerbus_servicekit.kafka import delete_topics_with_prefix
from ledgerbus_servicekit.settings import ServiceSettings

DEFAULT_KAFKA = "127.0.0.1:9092"
DEFAULT_DATABASE = "postgresql://ledgerbus:ledgerbus@127.0.0.1:5432/ledgerbus"


@pytest.fixture(scope="session")
def span_exporter() -> InMemorySpanExporter:
    """Every span of the test session, in memory (installed before any service starts)."""
    exporter = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider(sampler=NoRootQueries())  # as the services sample
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture(scope="session")
async def kafka_bootstrap(span_exporter: InMemorySpanExporter) -> str:
    """The real broker (``KAFKA_BOOTSTRAP_SERVERS``); the session fails if it is not up."""
    servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_KAFKA)
    admin = AIOKafkaAdminClient(bootstrap_servers=servers, request_timeout_ms=10_000)
    try:
        await admin.start()
        await admin.list_topics()
    except Exception as exc:
        pytest.fail(f"Kafka is not reachable at {servers} ({exc}); run `make infra-up`")
    finally:
        await admin.close()
    return servers


@pytest.fixture(scope="session")
async def database_url() -> str:
    """The real PostgreSQL (``DATABASE_URL``); the session fails if it is not up."""
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    try:
        conn = await asyncpg.connect(url, timeout=10)
        await conn.close()
    except Exception as exc:
        pytest.fail(f"PostgreSQL is not reachable at {url} ({exc}); run `make infra-up`")
    return url


@pytest.fixture
def unique() -> str:
    """A short unique name part for this test."""
    return uuid.uuid4().hex[:10]


@pytest.fixture
async def topic_prefix(kafka_bootstrap: str, unique: str) -> AsyncIterator[str]:
    """A topic prefix no other test uses; its topics are deleted after the test.

    Without the clean-up every test run would leave a dozen topics on the shared
    broker, and thousands of partitions slow its start-up and exhaust its heap.
    """
    prefix = f"test.{unique}."
    yield prefix
    await delete_topics_with_prefix(kafka_bootstrap, prefix)


@pytest.fixture
async def db_schema(database_url: str, unique: str) -> AsyncIterator[Callable[[str], str]]:
    """Makes unique schema names (``schema("ledger")``) and drops them after the test."""
    made: list[str] = []

    def make(base: str) -> str:
        name = f"t_{unique}_{base}"
        made.append(name)
        return name

    yield make
    conn = await asyncpg.connect(database_url)
    try:
        for name in made:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        await conn.close()


@pytest.fixture
def service_settings(
    kafka_bootstrap: str, database_url: str, topic_prefix: str, db_schema: Callable[[str], str]
) -> Callable[..., ServiceSettings]:
    """Builds settings of one service for this test's topics and schema."""

    def build(cls: type[ServiceSettings] = ServiceSettings, **overrides: object) -> ServiceSettings:
        name = str(overrides.pop("service_name", cls.model_fields["service_name"].default))
        values: dict[str, object] = {
            "service_name": name,
            "LEDGERBUS_ENV": "local",
            "kafka_bootstrap_servers": kafka_bootstrap,
            "database_url": database_url,
            "database_schema": db_schema(name.replace("-", "_")),
            "topic_prefix": topic_prefix,
            "topic_partitions": 3,
            "database_pool_size": 4,
        }
        values.update(overrides)
        return cls.model_validate(values)

    return build
