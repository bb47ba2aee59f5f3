"""SnelStart's rate limit as on-call sees it: a 429's wait on /metrics, no remaining budget.

SnelStart documents no limits and announces no budget in its responses (it is behind
Azure API Management; ``accounting-apis.md`` §3.5): all there is to report is the 429,
whose ``Retry-After`` the connector waits (``ledgerbus_rate_limit_pauses_total`` with
``kind="wait"``), and a budget gauge would be invented, so SnelStart has none. Played
by the sandbox, on the test's clock, at one request a minute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx
from pydantic import SecretStr

from ledgerbus_connector_snelstart.snelstart import errors
from ledgerbus_connector_snelstart.snelstart.auth import SnelStartAuthenticator
from ledgerbus_connectorkit import RestClient
from ledgerbus_sandboxes.common.control import FollowingClock
from ledgerbus_sandboxes.snelstart import create_app as create_sandbox
from ledgerbus_sandboxes.snelstart.app import SnelStartSandboxConfig
from ledgerbus_servicekit import FakeClock, ServiceSettings
from ledgerbus_servicekit.metrics import package_calls_for
from ledgerbus_servicekit.testing import running_app, served_app
from ledgerbus_servicekit.testing.metrics import metric, metrics_only_app, scrape_metrics

NOON = dt.datetime(2026, 12, 2, 12, 0, 10, tzinfo=dt.UTC)


async def test_a_429_is_a_wait_on_metrics_and_snelstart_reports_no_budget(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    clock = FakeClock(NOON)
    config = SnelStartSandboxConfig(requests_per_minute=1)
    _, client_key = next(iter(config.administrations.values()))
    waits = {"package": "snelstart", "kind": "wait"}
    async with (
        served_app(create_sandbox(config, FollowingClock(clock))) as url,
        httpx.AsyncClient(base_url=url) as http,
        running_app(metrics_only_app(service_settings(ServiceSettings))) as app,
    ):
        before = metric(await scrape_metrics(app), "ledgerbus_rate_limit_pauses_total", **waits)
        key, subscription = SecretStr(client_key), SecretStr(config.subscription_key)
        client = RestClient(
            http=http,
            authenticator=SnelStartAuthenticator(http, url, key, subscription, clock),
            error_handler=errors.resolver(clock),
            clock=clock,
        )
        with package_calls_for("snelstart"):
            assert await client.get_json("/v2/companyInfo")
            assert await client.get_json("/v2/companyInfo")  # 429 first, then the next minute
        samples = await scrape_metrics(app)
    assert clock.now() >= dt.datetime(2026, 12, 2, 12, 1, tzinfo=dt.UTC)
    waited = metric(samples, "ledgerbus_rate_limit_pauses_total", **waits)
    assert waited == (before or 0) + 1
    calls = metric(samples, "ledgerbus_package_calls_total", package="snelstart", status="429")
    assert calls and calls >= 1
    assert metric(samples, "ledgerbus_rate_limit_remaining", package="snelstart") is None
