"""Fixtures of the notifier tests: a real SMTP sink, a fake clock, the settings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.testing import START
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import free_port


@pytest.fixture
async def sink() -> AsyncIterator[SmtpSink]:
    """A real SMTP server (aiosmtpd) on a free port, keeping what it receives."""
    async with SmtpSink(port=free_port()) as smtp:
        yield smtp


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def notifier_settings(
    service_settings: Callable[..., Settings], sink: SmtpSink
) -> Callable[..., Settings]:
    """Settings with short polls and no real waiting; overrides per test."""

    def build(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "smtp_port": sink.port,
            "delivery_poll_seconds": 0.05,
            "smtp_attempts": 2,
            "smtp_retry_wait_seconds": 0,
            "requeue_base_seconds": 30,
            "requeue_max_seconds": 300,
            "storm_threshold": 3,
            "storm_window_seconds": 3600,
            "digest_delay_seconds": 60,
            **overrides,
        }
        return service_settings(Settings, **values)

    return build
