"""Exact's rate limits, played by the sandbox on the test's clock: no 429s, pause and resume."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import EntityType, Package, SyncMode, SyncPaused
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.control import Behaviour, FollowingClock
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import FakeClock, ServiceSettings
from ledgerbus_servicekit.testing import running_app, served_app

pytestmark = pytest.mark.integration
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@asynccontextmanager
async def exact_rig(
    service_settings: Callable[..., ServiceSettings], clock: FakeClock, lines: int
) -> AsyncIterator[tuple[ConformanceRig, object]]:
    config = ExactSandboxConfig(sizes=DataSizes(transaction_lines=lines))
    sandbox = create_sandbox(config, FollowingClock(clock))
    async with served_app(sandbox) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url)
        async with running_app(create_app(settings, clock=clock)) as connector:  # type: ignore[arg-type]
            response = await connector.put(
                "/v1/connections/c1",
                json={"code": await authorize(sandbox_url), "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            assert response.status_code == 200, response.text
            yield (
                ConformanceRig(
                    Package.EXACT,
                    sandbox_url,
                    "100001",
                    "c1",
                    settings.kafka_bootstrap_servers,
                    settings.topics,
                ),
                sandbox,
            )


@pytest.mark.slow
async def test_a_full_sync_of_200000_lines_receives_no_429(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    clock = FakeClock(NOON)
    async with exact_rig(service_settings, clock, 200_000) as (rig, sandbox):
        result = await rig.sync(SyncMode.FULL, timeout=600)
        stats = sandbox.state.sandbox.stats.as_json()  # type: ignore[attr-defined]
    assert len(result.upserts[EntityType.TRANSACTION_LINE]) == 200_000
    assert stats["rate_limited"] == 0
    calls = stats["total"]
    assert clock.now() - NOON >= dt.timedelta(minutes=(calls - 60) // 60), "it did not wait"


async def test_a_spent_daily_budget_pauses_the_sync_until_the_reset(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    clock = FakeClock(NOON)
    async with exact_rig(service_settings, clock, 2_000) as (rig, sandbox):
        limits = sandbox.state.limits  # type: ignore[attr-defined]
        limits.set_remaining(100001, clock.now(), daily=16)
        sync_id = await rig.request(SyncMode.FULL)
        paused = await rig.status_events(sync_id, SyncPaused)
        assert paused.resume_at == dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
        assert "daily" in paused.reason
        clock.set(paused.resume_at + dt.timedelta(seconds=1))
        result = await rig.collect(sync_id)
        stats = sandbox.state.sandbox.stats.as_json()  # type: ignore[attr-defined]
    assert len(result.upserts[EntityType.TRANSACTION_LINE]) == 2_000
    assert stats["rate_limited"] == 0


async def test_503s_and_truncated_pages_are_retried_and_the_sync_is_complete(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    clock = FakeClock(NOON)
    async with exact_rig(service_settings, clock, 5_000) as (rig, sandbox):
        sandbox.state.sandbox.behaviour = Behaviour(  # type: ignore[attr-defined]
            error_rate=0.15, malformed_rate=0.15
        )
        result = await rig.sync(SyncMode.FULL)
        stats = sandbox.state.sandbox.stats.as_json()  # type: ignore[attr-defined]
    lines = {e.source_id for e in result.upserts[EntityType.TRANSACTION_LINE]}
    assert len(lines) == 5_000
    served = stats["endpoints"]["GET /api/v1/{division}/sync/{service}/{resource}"]
    assert served.get("503", 0) > 0
