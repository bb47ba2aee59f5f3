"""The eAccounting sandbox under the control API: the 600-a-minute limit and its 429, faults
(5xx, 429, malformed, latency), and changes made as users would, hard deletes included."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.control import MALFORMED, FollowingClock
from ledgerbus_sandboxes.eaccounting import EAccountingSandboxConfig, create_app
from ledgerbus_sandboxes.eaccounting.testing import issue_tokens, signed_in
from ledgerbus_servicekit import FakeClock

T0 = dt.datetime(2026, 11, 23, 9, 0, 10, tzinfo=dt.UTC)
KEY = "demo-eaccounting"
CONFIG = EAccountingSandboxConfig(
    sizes=DataSizes(payment_terms=0, transaction_lines=300), requests_per_minute=5
)


@pytest.fixture
def app() -> FastAPI:
    return create_app(CONFIG, FollowingClock(FakeClock(T0)))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(app, CONFIG) as http:
        yield http


def balanced(voucher: dict[str, Any]) -> bool:
    debit = sum(Decimal(str(r["DebitAmount"])) for r in voucher["Rows"])
    return debit == sum(Decimal(str(r["CreditAmount"])) for r in voucher["Rows"])


async def test_over_600_a_minute_per_endpoint_answers_the_published_429(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    for page in range(1, 6):
        response = await client.get("/v2/accounts", params={"$page": page, "$pagesize": 5})
        assert response.status_code == 200
    refused = await client.get("/v2/accounts", params={"$page": 6})
    assert refused.status_code == 429
    body = refused.json()
    assert body["ErrorCode"] == 4010 and set(body) == {
        "ErrorCode",
        "DeveloperErrorMessage",
        "ErrorId",
    }
    assert body["DeveloperErrorMessage"] == (
        "API calls quota exceeded! maximum admitted 5 per Minute. Try again in 50 seconds."
    )
    assert refused.headers["retry-after"] == "50"
    assert (await client.get("/v2/vatcodes")).status_code == 200, "another endpoint, its own limit"
    app.state.sandbox.clock.advance(49)
    assert (await client.get("/v2/accounts")).status_code == 429
    app.state.sandbox.clock.advance(1)
    assert (await client.get("/v2/accounts")).status_code == 200
    stats = (await client.get("/_sandbox/stats")).json()
    assert stats["rate_limited"] == 2


async def test_the_companies_of_one_client_share_its_limit_per_endpoint() -> None:
    config = EAccountingSandboxConfig(
        sizes=DataSizes(payment_terms=0, transaction_lines=20),
        companies={KEY: "Demo eAccounting BV", "tweede": "Tweede BV"},
        requests_per_minute=2,
    )
    app = create_app(config, FollowingClock(FakeClock(T0)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://eaccounting") as http:
        first = await issue_tokens(http, config)
        second = await issue_tokens(http, config, company="tweede")
        one = {"Authorization": f"Bearer {first['access_token']}"}
        two = {"Authorization": f"Bearer {second['access_token']}"}
        assert (await http.get("/v2/projects", headers=one)).status_code == 200
        assert (await http.get("/v2/projects", headers=two)).status_code == 200
        assert (await http.get("/v2/projects", headers=two)).status_code == 429
        assert (await http.get("/v2/vatcodes", headers=one)).status_code == 200


async def test_the_control_api_spends_a_companys_budget(client: httpx.AsyncClient) -> None:
    spent = await client.put(f"/_sandbox/administrations/{KEY}/rate-limits", json={"minutely": 1})
    assert spent.status_code == 200
    assert (await client.get("/v2/projects")).status_code == 200
    assert (await client.get("/v2/customers")).status_code == 429


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_a_queued_server_error_answers_once_in_the_envelope(
    client: httpx.AsyncClient, status: int
) -> None:
    queued = await client.post(
        "/_sandbox/faults", json={"status": status, "path_contains": "/v2/vouchers"}
    )
    assert queued.status_code == 201
    assert (await client.get("/v2/accounts")).status_code == 200, "another path is untouched"
    failed = await client.get("/v2/vouchers")
    assert failed.status_code == status and failed.json()["ErrorCode"] == 5000
    assert (await client.get("/v2/vouchers")).status_code == 200


async def test_a_queued_429_looks_like_the_real_one(client: httpx.AsyncClient) -> None:
    await client.post("/_sandbox/faults", json={"status": 429, "count": 2})
    for _ in range(2):
        refused = await client.get("/v2/fiscalyears")
        assert refused.status_code == 429 and refused.json()["ErrorCode"] == 4010
        assert refused.headers["retry-after"] == "1"
    assert (await client.get("/v2/fiscalyears")).status_code == 200


@pytest.mark.parametrize("standing", [True, False], ids=["standing", "queued"])
async def test_a_malformed_fault_answers_a_truncated_200(
    client: httpx.AsyncClient, standing: bool
) -> None:
    for path in ("/v2/vouchers", "/v2/accounts", "/v2/companysettings"):
        if standing:
            await client.put("/_sandbox/faults", json={"malformed_rate": 1.0})
        else:
            await client.post("/_sandbox/faults", json={"status": MALFORMED})
        response = await client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.content)
    await client.put("/_sandbox/faults", json={})
    assert (await client.get("/v2/vouchers")).status_code == 200


async def test_standing_latency_and_a_custom_fault_body(client: httpx.AsyncClient) -> None:
    await client.put("/_sandbox/faults", json={"latency_ms": 120, "path_contains": "/v2/projects"})
    started = time.monotonic()
    assert (await client.get("/v2/projects")).status_code == 200
    assert time.monotonic() - started >= 0.12
    await client.put("/_sandbox/faults", json={})
    await client.post("/_sandbox/faults", json={"status": 400, "body": {"ErrorCode": 2000}})
    custom = await client.get("/v2/projects")
    assert (custom.status_code, custom.json()) == (400, {"ErrorCode": 2000})


async def test_mutations_show_in_the_api_and_deletes_are_hard(client: httpx.AsyncClient) -> None:
    before = (await client.get("/v2/customers", params={"$pagesize": 100})).json()["Data"]
    changed = await client.post(
        f"/_sandbox/administrations/{KEY}/mutations",
        json={"entity_type": "contact", "create": 1, "update": 1, "delete": 2, "seed": 3},
    )
    assert changed.status_code == 200, changed.text
    touched = changed.json()
    after_customers = (await client.get("/v2/customers", params={"$pagesize": 100})).json()
    after_suppliers = (await client.get("/v2/suppliers", params={"$pagesize": 100})).json()
    live = {r["Id"] for r in after_customers["Data"] + after_suppliers["Data"]}
    assert not set(touched["deleted"]) & live
    assert set(touched["created"] + touched["updated"]) <= live
    updated = next(
        r
        for r in after_customers["Data"] + after_suppliers["Data"]
        if r["Id"] in touched["updated"]
    )
    assert updated["Name"].endswith("(gewijzigd)")
    assert len(before) != len(after_customers["Data"]) or touched["created"]
    for deleted in touched["deleted"]:
        gone = await client.get(f"/v2/customers/{deleted}")
        assert gone.status_code == 404


async def test_entries_change_whole_and_every_voucher_still_balances(
    client: httpx.AsyncClient,
) -> None:
    listed = (await client.get("/v2/vouchers", params={"$pagesize": 1000})).json()["Data"]
    changed = await client.post(
        f"/_sandbox/administrations/{KEY}/mutations",
        json={"entity_type": "transaction_line", "create": 2, "update": 2, "delete": 1},
    )
    touched = changed.json()
    vouchers = (await client.get("/v2/vouchers", params={"$pagesize": 1000})).json()["Data"]
    assert all(balanced(v) for v in vouchers)
    ids = {v["Id"] for v in vouchers}
    deleted_vouchers = {i.split(":")[0] for i in touched["deleted"]}
    assert not deleted_vouchers & ids and len(deleted_vouchers) == 1
    assert {i.split(":")[0] for i in touched["created"]} <= ids - {v["Id"] for v in listed}
    newest = max(v["ModifiedUtc"] for v in listed)
    fresh = await client.get("/v2/vouchers", params={"$filter": f"ModifiedUtc gt {newest}"})
    assert {v["Id"] for v in fresh.json()["Data"]} == {
        i.split(":")[0] for i in touched["created"] + touched["updated"]
    }
    trial = (await client.get(f"/_sandbox/administrations/{KEY}/trial-balance")).json()
    assert trial["total_debit"] == trial["total_credit"]


async def test_control_records_carry_the_source_ids_a_connector_gives(
    client: httpx.AsyncClient,
) -> None:
    base = f"/_sandbox/administrations/{KEY}/records"
    lines = (await client.get(f"{base}/transaction_line", params={"limit": 4})).json()["records"]
    voucher = lines[0]["VoucherId"]
    assert [line["id"] for line in lines[:2]] == [f"{voucher}:1", f"{voucher}:2"]
    accounts = (await client.get(f"{base}/gl_account")).json()["records"]
    assert accounts[0]["id"] == accounts[0]["Number"] == "1000"
    periods = (await client.get(f"{base}/fiscal_period")).json()["records"]
    assert periods[0]["id"] == "2025-01" and len(periods) == 24
    renamed = await client.put(f"{base}/gl_account/1000", json={"name": "Kas hoofdkantoor"})
    assert renamed.status_code == 200 and renamed.json()["Name"] == "Kas hoofdkantoor"
    kas = (await client.get("/v2/accounts", params={"$filter": "Number eq '1000'"})).json()
    assert kas["Data"][0]["Name"] == "Kas hoofdkantoor"
    target = lines[1]
    moved = await client.put(f"{base}/transaction_line/{target['id']}", json={"description": "x"})
    assert moved.status_code == 200, moved.text
    removed = await client.delete(f"{base}/transaction_line/{target['id']}")
    assert removed.status_code == 204
    gone = (await client.get("/v2/vouchers", params={"$pagesize": 1000})).json()["Data"]
    assert voucher not in {v["Id"] for v in gone}, "a line goes with its whole voucher"
