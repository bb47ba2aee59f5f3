"""The walking skeleton: one full sync of demo-exact through every service.

scheduler (HTTP) -> sync.requests -> connector-exact -> the Exact sandbox over real
HTTP and OAuth -> ledger.changes -> ledger-store -> PostgreSQL, against the real
Kafka and PostgreSQL, in one OpenTelemetry trace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, running_app, served_app
from tests.e2e.platform import OPERATOR, authorize_exact, exact_sandbox, platform_apps

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def test_full_sync_of_demo_exact_mirrors_the_sandbox_in_one_trace(
    service_settings: Callable[..., ServiceSettings], span_exporter: InMemorySpanExporter
) -> None:
    async with served_app(exact_sandbox()) as exact_url:
        apps = platform_apps(service_settings, exact_url)
        async with (
            running_app(apps.ledger_store) as ledger,
            running_app(apps.scheduler) as scheduler,
            running_app(apps.connector_exact) as connector,
        ):
            code = await authorize_exact(exact_url)
            created = await connector.post(
                "/v1/connections", json={"code": code, "tenant_id": "demo"}, headers=OPERATOR
            )
            assert created.status_code == 201, created.text
            registered = await scheduler.post(
                "/v1/administrations",
                headers=OPERATOR,
                json={
                    "id": "demo-exact",
                    "tenant_id": "demo",
                    "package": "exact",
                    "connection_id": created.json()["id"],
                    "external_id": "100001",
                    "name": "Demo Exact BV",
                },
            )
            assert registered.status_code == 201, registered.text

            span_exporter.clear()
            requested = await scheduler.post(
                "/v1/administrations/demo-exact/syncs", json={"mode": "full"}, headers=OPERATOR
            )
            assert requested.status_code == 202, requested.text
            sync_id = requested.json()["sync_id"]

            sync = await eventually(
                lambda: _succeeded(ledger, sync_id), timeout=120, what=f"sync {sync_id} to succeed"
            )
            mirrored = await _all_entities(ledger, "demo-exact", "gl_account")
            async with httpx.AsyncClient(base_url=exact_url) as sandbox:
                expected = (
                    await sandbox.get("/_sandbox/administrations/100001/records/gl_account")
                ).json()
            status = (
                await ledger.get("/v1/administrations/demo-exact/sync-status", headers=OPERATOR)
            ).json()

    expected_ids = {r["ID"] if "ID" in r else r["id"] for r in _records(expected)}
    assert {m["source_id"] for m in mirrored} == expected_ids
    assert len(mirrored) == len(expected_ids) > 0
    assert sync["mode"] == "full"
    assert sync["duration_seconds"] is not None and sync["duration_seconds"] >= 0
    assert sync["applied"]["gl_account"] == len(expected_ids)
    assert "gl_account" in str(status)

    traces = {
        span.context.trace_id
        for span in span_exporter.get_finished_spans()
        if span.name.startswith(("POST /v1/administrations", "queue sync", "sync exact", "apply"))
    }
    names = {span.name for span in span_exporter.get_finished_spans()}
    assert len(traces) == 1, f"the sync spans {len(traces)} traces: {sorted(names)}"


async def _succeeded(ledger: httpx.AsyncClient, sync_id: str) -> dict[str, Any] | None:
    response = await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
    if response.status_code != 200:
        return None
    body: dict[str, Any] = response.json()
    assert body["state"] not in ("failed", "needs_attention"), body
    return body if body["state"] == "succeeded" else None


async def _all_entities(
    ledger: httpx.AsyncClient, administration: str, entity_type: str
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        params = {"limit": "500", **({"page_token": token} if token else {})}
        page = await ledger.get(
            f"/v1/administrations/{administration}/entities/{entity_type}",
            params=params,
            headers=OPERATOR,
        )
        assert page.status_code == 200, page.text
        body = page.json()
        items.extend(body["items"])
        token = body.get("next_page_token")
        if not token:
            return items


def _records(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, dict):
        for key in ("records", "items", "results"):
            if key in payload:
                return list(payload[key])
    return list(payload)
