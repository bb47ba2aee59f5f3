"""The shared control API and request statistics, on a minimal package-neutral sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import (
    DataSizes,
    Record,
    Sandbox,
    SandboxData,
    control_router,
    generate_administration,
)
from ledgerbus_sandboxes.common.stats import StatsMiddleware


def neutral(entity_type: EntityType, record: Record) -> dict[str, Any]:
    return {"id": record["id"], "version": record["version"], "name": record.get("name")}


@pytest.fixture
def sandbox() -> Sandbox:
    admin = generate_administration("A1", "One", 5, DataSizes(transaction_lines=100))
    return Sandbox(SandboxData({"A1": admin}), neutral)


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.include_router(control_router(sandbox))

    @app.get("/api/things/{thing}", response_model=None)
    def thing(thing: str) -> dict[str, str] | JSONResponse:
        fault = sandbox.misbehave(f"/api/things/{thing}")
        if fault is not None:
            return JSONResponse({"fault": fault.status}, status_code=fault.status)
        return {"thing": thing}

    app.add_middleware(StatsMiddleware, stats=sandbox.stats)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        yield http


async def test_administrations_list_counts_per_entity_type(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/_sandbox/administrations")).json()
    assert [a["id"] for a in listed] == ["A1"]
    assert listed[0]["counts"]["transaction_line"] == 100
    assert set(listed[0]["counts"]) == {str(t) for t in EntityType}


async def test_records_read_change_and_delete(client: httpx.AsyncClient) -> None:
    url = "/_sandbox/administrations/A1/records/gl_account"
    records = (await client.get(url)).json()["records"]
    assert len(records) == 60
    page = (await client.get(url, params={"offset": 10, "limit": 5})).json()["records"]
    assert page == records[10:15]
    first = records[0]["id"]
    changed = await client.put(f"{url}/{first}", json={"name": "Nieuw"})
    assert changed.json()["name"] == "Nieuw" and changed.json()["version"] > records[-1]["version"]
    assert (await client.delete(f"{url}/{records[1]['id']}")).status_code == 204
    assert (await client.delete(f"{url}/{records[1]['id']}")).status_code == 404
    after = (await client.get(url)).json()["records"]
    assert len(after) == 59 and after[-1]["name"] == "Nieuw"
    assert (
        await client.get("/_sandbox/administrations/nope/records/gl_account")
    ).status_code == 404


async def test_mutations_are_deterministic_by_seed(client: httpx.AsyncClient) -> None:
    body = {"entity_type": "contact", "create": 2, "update": 3, "delete": 1, "seed": 9}
    changed = (await client.post("/_sandbox/administrations/A1/mutations", json=body)).json()
    assert [len(changed[k]) for k in ("created", "updated", "deleted")] == [2, 3, 1]
    counts = (await client.get("/_sandbox/administrations")).json()[0]["counts"]
    assert counts["contact"] == 41


async def test_queued_faults_hit_matching_calls_and_stats_count_them(
    client: httpx.AsyncClient,
) -> None:
    queued = await client.post(
        "/_sandbox/faults", json={"status": 429, "count": 2, "path_contains": "/b"}
    )
    assert queued.status_code == 201
    statuses = [(await client.get(f"/api/things/{t}")).status_code for t in "abba"]
    assert statuses == [200, 429, 429, 200]
    stats = (await client.get("/_sandbox/stats")).json()
    assert stats["endpoints"]["GET /api/things/{thing}"] == {"200": 2, "429": 2}
    assert stats["rate_limited"] == 2 and stats["total"] == 4


async def test_the_clock_advances_and_budgets_need_a_package_that_plays_them(
    client: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    before = sandbox.clock.now()
    await client.post("/_sandbox/clock/advance", params={"seconds": 3600})
    assert (sandbox.clock.now() - before).total_seconds() >= 3600
    budget = await client.put("/_sandbox/administrations/A1/rate-limits", json={"daily": 3})
    assert budget.status_code == 404


def line_neutral(entity_type: EntityType, record: Record) -> dict[str, Any]:
    return {k: str(v) if v is not None else None for k, v in record.items()}


@pytest.fixture
async def lines_client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    sandbox.render = line_neutral
    app = FastAPI()
    app.include_router(control_router(sandbox))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        yield http


async def sandbox_sums(client: httpx.AsyncClient) -> dict[str, Any]:
    """The control API's own trial balance, checked against the records it serves."""
    balance: dict[str, Any] = (
        await client.get("/_sandbox/administrations/A1/trial-balance")
    ).json()
    lines = (await client.get("/_sandbox/administrations/A1/records/transaction_line")).json()
    sums: dict[str, Decimal] = {}
    entries: dict[str, Decimal] = {}
    for line in lines["records"]:
        amount = Decimal(line["amount"])
        sums[line["gl_account_code"]] = sums.get(line["gl_account_code"], Decimal(0)) + amount
        entries[line["entry_id"]] = entries.get(line["entry_id"], Decimal(0)) + amount
    assert set(entries.values()) == {Decimal(0)}, "an entry does not balance"
    assert {a["gl_account_code"]: Decimal(a["balance"]) for a in balance["accounts"]} == sums
    assert balance["total_debit"] == balance["total_credit"] and balance["balance"] == "0.00"
    return balance


async def test_a_line_update_rewrites_its_entry_and_the_trial_balance_stays_zero(
    lines_client: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    url = "/_sandbox/administrations/A1/records/transaction_line"
    await sandbox_sums(lines_client)
    base = next(
        r for r in (await lines_client.get(url)).json()["records"] if r["line_role"] == "base"
    )
    changed = await lines_client.put(f"{url}/{base['id']}", json={"amount": 123.45})
    assert changed.status_code == 200, changed.text
    assert changed.json()["amount"] == "123.45"
    await sandbox_sums(lines_client)
    balancing = next(
        r for r in (await lines_client.get(url)).json()["records"] if r["line_role"] == "balancing"
    )
    refused = await lines_client.put(f"{url}/{balancing['id']}", json={"amount": "1.00"})
    assert refused.status_code == 422 and "balances its entry" in refused.json()["detail"]
    missing = await lines_client.put(f"{url}/nope", json={"amount": "1.00"})
    assert missing.status_code == 404 and "whole entries" in missing.json()["detail"]
    await sandbox_sums(lines_client)


async def test_a_line_delete_removes_its_entry(
    lines_client: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    url = "/_sandbox/administrations/A1/records/transaction_line"
    records = (await lines_client.get(url)).json()["records"]
    victim = records[5]
    entry = {r["id"] for r in records if r["entry_id"] == victim["entry_id"]}
    assert (await lines_client.delete(f"{url}/{victim['id']}")).status_code == 204
    after = {r["id"] for r in (await lines_client.get(url)).json()["records"]}
    assert len(entry) >= 2 and not entry & after and len(after) == len(records) - len(entry)
    assert (await lines_client.delete(f"{url}/{victim['id']}")).status_code == 404
    await sandbox_sums(lines_client)


async def test_line_mutations_create_update_and_delete_whole_entries(
    lines_client: httpx.AsyncClient,
) -> None:
    body = {"entity_type": "transaction_line", "create": 2, "update": 2, "delete": 2, "seed": 4}
    changed = await lines_client.post("/_sandbox/administrations/A1/mutations", json=body)
    assert changed.status_code == 200, changed.text
    touched = changed.json()
    assert len(touched["created"]) >= 4 and len(touched["deleted"]) >= 4
    assert len(touched["updated"]) >= 4  # the changed line, its VAT or balancing line
    balance = await sandbox_sums(lines_client)
    assert Decimal(balance["total_debit"]) > 0
    dated = (
        await lines_client.get("/_sandbox/administrations/A1/trial-balance?date=2025-06-30")
    ).json()
    assert dated["date"] == "2025-06-30" and dated["balance"] == "0.00"
