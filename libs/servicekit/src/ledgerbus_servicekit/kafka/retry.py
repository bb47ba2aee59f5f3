"""Which failures are worth retrying forever: the infrastructure, never the message."""

from __future__ import annotations

import asyncio

import asyncpg
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError


class RetryableError(Exception):
    """A failure of something outside the message (a database down, a broker away).

    The consumer retries it with backoff for as long as it takes; the message is
    never sent to the dead-letter topic for it.
    """


_INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    RetryableError,
    OSError,
    asyncio.TimeoutError,
    KafkaConnectionError,
    KafkaTimeoutError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.SerializationError,
    asyncpg.exceptions.DeadlockDetectedError,
    asyncpg.exceptions.AdminShutdownError,
)


def is_infrastructure_failure(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the infrastructure failed rather than the message."""
    return isinstance(exc, _INFRASTRUCTURE_ERRORS)
