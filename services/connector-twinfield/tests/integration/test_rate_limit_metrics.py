"""A Twinfield sync reports the fair-use credits it left on the connector's /metrics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ledgerbus_connector_twinfield.testing import twinfield_rig
from ledgerbus_contracts import SyncMode
from ledgerbus_servicekit.testing.metrics import metric, scrape_metrics

pytestmark = pytest.mark.integration


async def test_a_sync_leaves_its_remaining_credits_on_metrics(
    service_settings: Callable[..., Any],
) -> None:
    async with twinfield_rig(service_settings) as (rig, connector):
        await rig.sync(SyncMode.FULL)
        samples = await scrape_metrics(connector)
    calls = metric(samples, "ledgerbus_package_calls_total", package="twinfield")
    remaining = metric(
        samples, "ledgerbus_rate_limit_remaining", package="twinfield", window="minute"
    )
    assert calls and calls > 0
    assert remaining is not None and 0 < remaining < 1000
