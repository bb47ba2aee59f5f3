"""Two replicas share one connection safely; a slow division does not hold up another."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import httpx
import pytest

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import Package, SyncMode
from ledgerbus_sandboxes.common.control import FollowingClock
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import FakeClock, ServiceSettings
from ledgerbus_servicekit.testing import running_app, served_app

pytestmark = pytest.mark.integration
OPERATOR = {"Authorization": "Bearer dev-operator-token"}


async def test_two_replicas_refreshing_at_once_spend_the_refresh_token_once(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    clock = FakeClock(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC))
    sandbox = create_sandbox(clock=FollowingClock(clock))
    async with served_app(sandbox) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url)
        one = create_app(settings, clock=clock, start_worker=False)  # type: ignore[arg-type]
        two = create_app(settings, clock=clock, start_worker=False)  # type: ignore[arg-type]
        async with running_app(one) as api, running_app(two):
            await api.put(
                "/v1/connections/c1",
                json={"code": await authorize(sandbox_url), "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            clock.advance(601)  # the access token expired; both replicas need a new one
            headers = await asyncio.gather(
                *(
                    app.state.connector.authenticator("c1").headers()
                    for app in (one, two)
                    for _ in range(3)
                )
            )
            divisions = await api.get("/v1/connections/c1/administrations", headers=OPERATOR)
            state = await one.state.connector.pool.fetchval(
                "SELECT state FROM connections WHERE id = 'c1'"
            )
        stats = sandbox.state.sandbox.stats.as_json()
    assert len({h["Authorization"] for h in headers}) == 1, "the replicas hold different tokens"
    assert stats["endpoints"]["POST /api/oauth2/token"] == {"200": 2}  # the code, one refresh
    assert state == "active" and divisions.status_code == 200


async def test_a_slow_division_does_not_hold_up_another(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with served_app(create_sandbox()) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url, sync_concurrency=2)
        app = create_app(settings)  # type: ignore[arg-type]
        async with running_app(app) as api:
            await api.put(
                "/v1/connections/c1",
                json={"code": await authorize(sandbox_url), "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            async with httpx.AsyncClient(base_url=sandbox_url) as control:
                await control.put(
                    "/_sandbox/faults", json={"latency_ms": 300, "path_contains": "/100001/"}
                )
            slow = ConformanceRig(
                Package.EXACT,
                sandbox_url,
                "100001",
                "c1",
                settings.kafka_bootstrap_servers,
                settings.topics,
                administration_id="slow",
            )
            fast = ConformanceRig(
                Package.EXACT,
                sandbox_url,
                "100002",
                "c1",
                settings.kafka_bootstrap_servers,
                settings.topics,
                administration_id="fast",
            )
            slow_id = await slow.request(SyncMode.FULL)
            fast_id = await fast.request(SyncMode.FULL)
            fast_result = await fast.collect(fast_id)
            slow_done_first = await app.state.jobs.store.state_of(slow_id)
            slow_result = await slow.collect(slow_id)
    assert fast_result.end is not None and slow_result.end is not None
    assert slow_done_first == "running", "the fast division waited for the slow one"
