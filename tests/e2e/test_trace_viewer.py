"""One trace per sync, read back from the trace viewer (the Zipkin server `make run` starts).

The scheduler, connector-exact, the ledger-store and the notifier run as processes exporting
to Zipkin, as in `make run`; a manual full sync's trace is found by its sync id through
Zipkin's HTTP API and holds spans of all four services, every parent inside the trace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from ledgerbus_devtools.platform.traces import telemetry_env, zipkin_url
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually
from tests.e2e.process_platform import process_platform

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
SERVICES = {"scheduler", "connector-exact", "ledger-store", "notifier"}


async def zipkin_up() -> bool:
    try:
        async with httpx.AsyncClient(base_url=zipkin_url(), timeout=5) as client:
            return (await client.get("/health")).status_code == 200
    except httpx.HTTPError:
        return False


async def trace_of(sync_id: str) -> list[dict[str, Any]] | None:
    """The one trace that holds the sync, once spans of all four services are in and every
    span's parent is too (services export in batches; a long span ends last)."""
    query = {"annotationQuery": f"ledgerbus.sync_id={sync_id}", "limit": "10"}
    async with httpx.AsyncClient(base_url=zipkin_url(), timeout=10) as client:
        found = (await client.get("/api/v2/traces", params=query)).json()
        if len(found) != 1:
            return None
        trace_id = found[0][0]["traceId"]
        spans: list[dict[str, Any]] = (await client.get(f"/api/v2/trace/{trace_id}")).json()
    services = {s.get("localEndpoint", {}).get("serviceName") for s in spans}
    ids = {s["id"] for s in spans}
    complete = all(s["parentId"] in ids for s in spans if "parentId" in s)
    return spans if services >= SERVICES and complete else None


async def test_a_sync_is_one_trace_across_the_services_in_the_viewer(
    service_settings: Callable[..., ServiceSettings], tmp_path: Path
) -> None:
    assert await zipkin_up(), "make test starts Zipkin (deploy/local/zipkin.sh)"
    async with process_platform(service_settings, tmp_path, **telemetry_env()) as platform:
        sync_id = await platform.request_full_sync()

        async def succeeded() -> bool:
            return (await platform.sync_state(sync_id)).get("state") == "succeeded"

        await eventually(succeeded, timeout=180, what=f"sync {sync_id}")
        spans = await eventually(
            lambda: trace_of(sync_id),
            timeout=60,
            what="one trace with every service's spans and every parent in Zipkin",
        )
    roots = [s for s in spans if "parentId" not in s]
    assert len(roots) == 1, [s["name"] for s in roots]
    assert roots[0]["localEndpoint"]["serviceName"] == "scheduler"
    tagged = {
        s["localEndpoint"]["serviceName"] for s in spans if "ledgerbus.sync_id" in s.get("tags", {})
    }
    assert "scheduler" in tagged
