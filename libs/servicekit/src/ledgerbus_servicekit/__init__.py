"""ledgerbus servicekit: what every service shares.

Settings, the aiokafka publisher and consumer loop (retries and a dead-letter
topic), PostgreSQL pools and migrations, OpenTelemetry, health endpoints, bearer-token
authentication, an injectable clock and encryption of secrets at rest.
"""

from ledgerbus_servicekit.auth import Principal, PrincipalDep
from ledgerbus_servicekit.clock import Clock, FakeClock, SystemClock
from ledgerbus_servicekit.kafka import (
    Delivery,
    EventConsumer,
    EventPublisher,
    RetryableError,
    ensure_topics,
)
from ledgerbus_servicekit.runtime import Runtime
from ledgerbus_servicekit.settings import ServiceSettings

__all__ = [
    "Clock",
    "Delivery",
    "EventConsumer",
    "EventPublisher",
    "FakeClock",
    "Principal",
    "PrincipalDep",
    "RetryableError",
    "Runtime",
    "ServiceSettings",
    "SystemClock",
    "ensure_topics",
]
