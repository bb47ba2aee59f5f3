"""The SnelStart sandbox speaks the B2B API v2: client-key tokens, the subscription key,
OData ``$top``/``$skip`` paging, error arrays and 429s."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.control import FollowingClock
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig, create_app
from ledgerbus_sandboxes.snelstart.testing import api_headers, asgi_client
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, free_port

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
FIRST = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def app() -> FastAPI:
    config = SnelStartSandboxConfig(
        sizes=DataSizes(projects=0, cost_units=0, transaction_lines=1_100), requests_per_minute=40
    )
    return create_app(config, FollowingClock(FakeClock(T0)))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as http:
        yield http


headers = api_headers


async def test_a_token_needs_a_known_client_key_and_expires(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    unknown = await client.post("/b2b/token", data={"grant_type": "clientkey", "clientkey": "nope"})
    assert unknown.status_code == 400 and unknown.json()["error"] == "invalid_grant"
    password = await client.post("/b2b/token", data={"grant_type": "password"})
    assert password.json() == {"error": "unsupported_grant_type"}
    issued = await client.post(
        "/b2b/token", data={"grant_type": "clientkey", "clientkey": "demo-clientkey-1"}
    )
    assert (issued.json()["token_type"], issued.json()["expires_in"]) == ("bearer", 3599)
    auth = await headers(client)
    assert (await client.get("/v2/grootboeken", headers=auth)).status_code == 200
    app.state.sandbox.clock.advance(3600)
    assert (await client.get("/v2/grootboeken", headers=auth)).status_code == 401


async def test_every_call_needs_the_subscription_key(client: httpx.AsyncClient) -> None:
    auth = await headers(client)
    missing = await client.get("/v2/grootboeken", headers={"Authorization": auth["Authorization"]})
    assert missing.status_code == 401
    assert "subscription key" in missing.json()["message"]


async def test_a_client_key_opens_only_its_own_administration(client: httpx.AsyncClient) -> None:
    first = (await client.get("/v2/grootboeken", headers=await headers(client))).json()
    second = (
        await client.get("/v2/grootboeken", headers=await headers(client, "demo-clientkey-2"))
    ).json()
    assert {r["id"] for r in first}.isdisjoint({r["id"] for r in second})


async def test_odata_pages_are_plain_arrays_of_at_most_500(client: httpx.AsyncClient) -> None:
    auth = await headers(client)
    ids: list[str] = []
    for skip in (0, 500, 1000):
        page = await client.get(
            "/v2/grootboekmutaties", params={"$top": "500", "$skip": str(skip)}, headers=auth
        )
        assert isinstance(page.json(), list)
        ids += [r["id"] for r in page.json()]
    assert len(ids) == len(set(ids)) == 1_100
    too_many = await client.get("/v2/grootboekmutaties", params={"$top": "501"}, headers=auth)
    assert too_many.status_code == 400 and too_many.json()[0]["errorCode"] == "ALG-0104"
    for params in ({"$top": "0"}, {"$top": "many"}, {"$skip": "-1"}):
        refused = await client.get("/v2/grootboekmutaties", params=params, headers=auth)
        assert refused.status_code == 400, params
    default = await client.get("/v2/grootboekmutaties", params={"$skip": "1000"}, headers=auth)
    assert [r["id"] for r in default.json()] == ids[1000:]


async def test_modified_on_filters_and_bad_filters_are_refused(client: httpx.AsyncClient) -> None:
    auth = await headers(client)
    rows = (await client.get("/v2/relaties", headers=auth)).json()
    stamps = sorted(r["modifiedOn"] for r in rows)
    newer = await client.get(
        "/v2/relaties", params={"$filter": f"ModifiedOn gt datetime'{stamps[-3]}'"}, headers=auth
    )
    assert sorted(r["modifiedOn"] for r in newer.json()) == stamps[-2:]
    for bad in ("Naam eq 12", "naam eq 'x'", "Bedrag gt 0", "ModifiedOn gt '2026-01-01'"):
        refused = await client.get("/v2/relaties", params={"$filter": bad}, headers=auth)
        assert refused.status_code == 400, bad
        assert refused.json() == [{"errorCode": "ALG-0104", "message": "Ongeldig OData filter"}]
    unknown = await client.get("/v2/artikelen", headers=auth)
    assert unknown.status_code == 404 and unknown.json()[0]["errorCode"] == "ALG-0404"
    assert (await client.get("/v2/boekingsregels", headers=auth)).status_code == 404


async def test_records_use_snelstarts_field_names(client: httpx.AsyncClient) -> None:
    auth = await headers(client)
    account = (await client.get("/v2/grootboeken", params={"$top": "1"}, headers=auth)).json()[0]
    assert {
        "id",
        "uri",
        "modifiedOn",
        "omschrijving",
        "nummer",
        "rekeningCode",
        "nonactief",
    } <= account.keys()
    assert account["rekeningCode"] in ("Balans", "WinstEnVerlies")
    daybooks = (await client.get("/v2/dagboeken", headers=auth)).json()
    assert {d["soort"] for d in daybooks} == {"Kas", "Bank", "Verkoop", "Inkoop", "Memoriaal"}
    line = (await client.get("/v2/grootboekmutaties", params={"$top": "1"}, headers=auth)).json()[0]
    assert line["dagboek"]["id"] in {d["id"] for d in daybooks}
    assert {"debet", "credit", "saldo", "datum", "boekstuk", "grootboek"} <= line.keys()


async def test_over_the_minute_budget_a_call_gets_429_with_retry_after(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    auth = await headers(client)
    statuses = [(await client.get("/v2/dagboeken", headers=auth)).status_code for _ in range(41)]
    assert statuses == [200] * 40 + [429]
    limited = await client.get("/v2/dagboeken", headers=auth)
    assert limited.headers["Retry-After"] == "60" and limited.json()[0]["errorCode"] == "ALG-0429"
    app.state.sandbox.clock.advance(60)
    assert (await client.get("/v2/dagboeken", headers=auth)).status_code == 200
    assert (await client.get("/_sandbox/stats")).json()["rate_limited"] == 2


async def test_python_dash_m_serves_on_the_port_variable() -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ledgerbus_sandboxes.snelstart",
        env={**os.environ, "SNELSTART_SANDBOX_PORT": str(port)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:

            async def up() -> list[str] | None:
                try:
                    return [a["id"] for a in (await http.get("/_sandbox/administrations")).json()]
                except httpx.TransportError:
                    return None

            listed = await eventually(up, timeout=30, what="the sandbox to listen")
        assert listed is not None and listed[0] == FIRST and len(listed) == 2
    finally:
        process.terminate()
        await process.wait()


async def test_a_reference_to_a_deleted_record_is_null_and_a_rename_shows_at_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    auth = await headers(client)
    lines = (await client.get("/v2/grootboekmutaties", headers=auth)).json()
    line = next(r for r in lines if r["relatiePublicIdentifier"] is not None)
    relatie = line["relatiePublicIdentifier"]["id"]
    base = f"/_sandbox/administrations/{FIRST}/records/contact/{relatie}"
    assert (await client.delete(base)).status_code == 204
    again = (await client.get(f"/v2/grootboekmutaties/{line['id']}", headers=auth)).json()
    assert again["relatiePublicIdentifier"] is None
    assert (await client.get(f"/v2/relaties/{relatie}", headers=auth)).status_code == 404
    account = line["grootboek"]["id"]
    renamed = await client.put(
        f"/_sandbox/administrations/{FIRST}/records/gl_account/{account}", json={"code": "9999"}
    )
    assert renamed.status_code == 200
    found = (await client.get(line["grootboek"]["uri"], headers=auth)).json()
    assert found["nummer"] == 9999 and found["id"] == account


async def test_a_modified_on_filter_over_lines_finds_base_and_changed_lines(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    auth = await headers(client)
    everything: list[dict[str, Any]] = []
    for skip in (0, 500, 1000):
        page = await client.get("/v2/grootboekmutaties", params={"$skip": str(skip)}, headers=auth)
        everything += page.json()
    changed = await client.post(
        f"/_sandbox/administrations/{FIRST}/mutations",
        json={"entity_type": "transaction_line", "update": 2},
    )
    assert changed.status_code == 200
    moment = sorted(r["modifiedOn"] for r in everything)[900]
    newer = await client.get(
        "/v2/grootboekmutaties",
        params={"$filter": f"ModifiedOn gt datetime'{moment}' and Debet ge 0"},
        headers=auth,
    )
    ids = {r["id"] for r in newer.json()}
    expected = {r["id"] for r in everything if r["modifiedOn"] > moment}
    assert expected - ids <= set(changed.json()["updated"]) | set(changed.json()["deleted"])
    assert set(changed.json()["updated"]) <= ids
