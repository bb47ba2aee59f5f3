"""One trace per sync, read back from the trace viewer (the Zipkin server `make run` starts).

The scheduler, connector-exact, the ledger-store and the notifier run as processes exporting
to Zipkin, as in `make run`; a manual full sync's trace is found by its sync id through
Zipkin's HTTP API and holds spans of all four services, every parent inside the trace.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from ledgerbus_connector_exact.core.config import Settings as ExactSettings
from ledgerbus_devtools.platform.traces import telemetry_env, zipkin_url
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, free_port, served_app

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
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
    exact_port = free_port()
    async with served_app(create_sandbox(ExactSandboxConfig())) as sandbox_url:
        settings = service_settings(ExactSettings)
        env = environment(settings, **telemetry_env(), EXACT_BASE_URL=sandbox_url)
        env["CONNECTOR_URLS"] = f'{{"exact": "http://127.0.0.1:{exact_port}"}}'
        modules = {
            "scheduler": ("ledgerbus_scheduler", "SCHEDULER_PORT", None),
            "ledger-store": ("ledgerbus_ledger_store", "LEDGER_STORE_PORT", None),
            "notifier": ("ledgerbus_notifier", "NOTIFIER_PORT", None),
            "connector-exact": ("ledgerbus_connector_exact", "CONNECTOR_EXACT_PORT", exact_port),
        }
        with contextlib.ExitStack() as stack:
            urls = {}
            for name, (module, variable, port) in modules.items():
                schema = {"DATABASE_SCHEMA": f"{settings.database_schema}_{name[:5]}"}
                _, urls[name] = stack.enter_context(
                    service_process(
                        module, {**env, **schema}, variable, tmp_path / f"{name}.log", port=port
                    )
                )
            for url in urls.values():
                await eventually(lambda url=url: healthy(url), timeout=90, what=url)
            async with (
                httpx.AsyncClient(base_url=urls["connector-exact"]) as connector,
                httpx.AsyncClient(base_url=urls["scheduler"]) as scheduler,
                httpx.AsyncClient(base_url=urls["ledger-store"]) as ledger,
            ):
                code = await authorize(sandbox_url)
                created = await connector.put(
                    "/v1/connections/traced",
                    json={"code": code, "tenant_id": "demo"},
                    headers=OPERATOR,
                )
                assert created.status_code in (200, 201), created.text
                registered = await scheduler.post(
                    "/v1/administrations",
                    headers=OPERATOR,
                    json={
                        "id": "traced-exact",
                        "tenant_id": "demo",
                        "package": "exact",
                        "connection_id": "traced",
                        "external_id": "100001",
                        "name": "Traced BV",
                    },
                )
                assert registered.status_code == 201, registered.text
                requested = await scheduler.post(
                    "/v1/administrations/traced-exact/syncs",
                    json={"mode": "full"},
                    headers=OPERATOR,
                )
                sync_id = requested.json()["sync_id"]

                async def succeeded() -> bool:
                    body = (await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)).json()
                    return body.get("state") == "succeeded"

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
