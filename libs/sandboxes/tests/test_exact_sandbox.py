"""The Exact sandbox speaks Exact's wire format: OAuth rotation, paging, limits, deletes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.exact import ExactSandboxConfig, create_app

CREDENTIALS = {"client_id": "ledgerbus-demo", "client_secret": "demo-secret"}
REDIRECT = "http://127.0.0.1:8011/v1/connections/callback"


@pytest.fixture
def app() -> FastAPI:
    return create_app(ExactSandboxConfig(sizes=DataSizes(transaction_lines=2_500)))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://exact", headers={"Accept": "application/json"}
    ) as http:
        yield http


async def tokens(client: httpx.AsyncClient) -> dict[str, Any]:
    consent = await client.get(
        "/api/oauth2/auth", params={"client_id": "ledgerbus-demo", "redirect_uri": REDIRECT}
    )
    code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
    response = await client.post(
        "/api/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            **CREDENTIALS,
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def refresh(client: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await client.post(
        "/api/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh_token, **CREDENTIALS},
    )


async def test_a_code_is_single_use_and_tokens_expire_after_600_seconds(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    issued = await tokens(client)
    assert issued["expires_in"] == "600"
    headers = {"Authorization": f"Bearer {issued['access_token']}"}
    assert (await client.get("/api/v1/current/Me", headers=headers)).status_code == 200
    app.state.sandbox.clock.advance(601)
    expired = await client.get("/api/v1/current/Me", headers=headers)
    assert expired.status_code == 401
    assert "access token" in expired.json()["error"]["message"]["value"]


async def test_refresh_tokens_rotate_and_the_old_one_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    first = await tokens(client)
    too_soon = await refresh(client, first["refresh_token"])
    assert too_soon.status_code == 400
    app.state.sandbox.clock.advance(570)
    second = await refresh(client, first["refresh_token"])
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    reused = await refresh(client, first["refresh_token"])
    assert reused.status_code == 401
    assert reused.json() == {
        "error": "unauthorized_client",
        "error_description": "Old refresh token used.",
    }


async def test_sync_endpoints_page_by_1000_in_timestamp_order_after_the_filter(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Authorization": f"Bearer {(await tokens(client))['access_token']}"}
    url: str | None = "/api/v1/100001/sync/Financial/TransactionLines"
    params: dict[str, str] | None = {"$filter": "Timestamp gt 1L", "$select": "ID,Timestamp"}
    pages: list[list[dict[str, Any]]] = []
    while url:
        body = (await client.get(url, params=params, headers=headers)).json()["d"]
        pages.append(body["results"])
        url, params = body.get("__next"), None
    assert [len(p) for p in pages] == [1000, 1000, 500]
    stamps = [r["Timestamp"] for p in pages for r in p]
    assert stamps == sorted(stamps) and len(set(stamps)) == 2500
    assert set(pages[0][0]) == {"ID", "Timestamp"}

    later = await client.get(
        "/api/v1/100001/sync/Financial/TransactionLines",
        params={"$filter": f"Timestamp gt {stamps[-10]}L", "$select": "ID"},
        headers=headers,
    )
    assert len(later.json()["d"]["results"]) == 9


async def test_sync_endpoints_refuse_a_missing_select(client: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {(await tokens(client))['access_token']}"}
    response = await client.get(
        "/api/v1/100001/sync/Financial/GLAccounts",
        params={"$filter": "Timestamp gt 1L"},
        headers=headers,
    )
    assert response.status_code == 400
    assert "$select" in response.json()["error"]["message"]["value"]


async def test_regular_endpoints_page_by_60_with_a_count(client: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {(await tokens(client))['access_token']}"}
    first = await client.get(
        "/api/v1/100001/crm/Accounts",
        params={"$inlinecount": "allpages", "$filter": "Blocked eq false"},
        headers=headers,
    )
    body = first.json()["d"]
    assert body["__count"] == "40" and len(body["results"]) == 40 and "__next" not in body
    accounts = await client.get(
        "/api/v1/100001/financial/GLAccounts",
        params={"$filter": "IsBlocked eq false or IsBlocked eq true"},
        headers=headers,
    )
    page = accounts.json()["d"]
    assert len(page["results"]) == 60 and "__next" not in page
    first_page = await client.get(
        "/api/v1/100001/financial/GLAccounts",
        params={"$filter": "IsBlocked eq false or IsBlocked eq true", "$top": "100"},
        headers=headers,
    )
    assert len(first_page.json()["d"]["results"]) == 60


async def test_the_minutely_limit_answers_429_with_the_rate_limit_headers(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    headers = {"Authorization": f"Bearer {(await tokens(client))['access_token']}"}
    app.state.limits.set_remaining(100001, app.state.sandbox.clock.now(), minutely=1)
    allowed = await client.get("/api/v1/100001/vat/VATCodes", headers=headers)
    assert allowed.headers["X-RateLimit-Minutely-Remaining"] == "0"
    refused = await client.get("/api/v1/100001/vat/VATCodes", headers=headers)
    assert refused.status_code == 429
    assert int(refused.headers["X-RateLimit-Minutely-Reset"]) > 0
    app.state.sandbox.clock.advance(60)
    assert (await client.get("/api/v1/100001/vat/VATCodes", headers=headers)).status_code == 200


async def test_hard_deletes_appear_in_sync_deleted(client: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {(await tokens(client))['access_token']}"}
    accounts = (await client.get("/_sandbox/administrations/100001/records/gl_account")).json()
    victim = accounts["records"][3]["ID"]
    deleted = await client.delete(f"/_sandbox/administrations/100001/records/gl_account/{victim}")
    assert deleted.status_code == 204
    response = await client.get(
        "/api/v1/100001/sync/Deleted",
        params={"$filter": "Timestamp gt 1L", "$select": "EntityKey,EntityType,Timestamp"},
        headers=headers,
    )
    assert response.json()["d"]["results"] == [
        {
            "EntityKey": victim,
            "EntityType": 7,
            "Timestamp": response.json()["d"]["results"][0]["Timestamp"],
        }
    ]
    counts = (await client.get("/_sandbox/administrations")).json()[0]["counts"]
    assert counts["gl_account"] == 59


async def test_the_same_seed_gives_the_same_data() -> None:
    def ids(app: FastAPI) -> list[str]:
        admin = app.state.sandbox.data.get("100001")
        return [r["id"] + str(r.get("amount")) for r in admin.of("transaction_line")]

    assert ids(create_app()) == ids(create_app())
    assert ids(create_app()) != ids(create_app(ExactSandboxConfig(seed=7)))


async def test_a_budget_set_through_the_control_api_runs_out_in_429s(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Authorization": f"Bearer {(await tokens(client))['access_token']}"}
    budget = await client.put("/_sandbox/administrations/100001/rate-limits", json={"daily": 1})
    assert budget.status_code == 200
    allowed = await client.get("/api/v1/100001/vat/VATCodes", headers=headers)
    assert allowed.headers["X-RateLimit-Remaining"] == "0"
    refused = await client.get("/api/v1/100001/vat/VATCodes", headers=headers)
    assert refused.status_code == 429
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    other = await client.get("/api/v1/100002/vat/VATCodes", headers=headers)
    assert other.status_code == 200
    stats = (await client.get("/_sandbox/stats")).json()
    assert stats["rate_limited"] == 1


async def test_a_million_lines_are_served_page_by_page_without_building_them_all() -> None:
    app = create_app(ExactSandboxConfig(sizes=DataSizes(transaction_lines=1_000_000)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://exact", headers={"Accept": "application/json"}
    ) as client:
        headers = {"Authorization": f"Bearer {(await tokens(client))['access_token']}"}
        last = app.state.sandbox.data.get("100001").version
        tail = await client.get(
            "/api/v1/100001/sync/Financial/TransactionLines",
            params={"$filter": f"Timestamp gt {last - 1_500}L", "$select": "ID,AmountDC"},
            headers=headers,
        )
        body = tail.json()["d"]
        assert len(body["results"]) == 1_000 and "__next" in body
        last_line = body["results"][-1]["ID"]
        regular = await client.get(
            "/api/v1/100001/financialtransaction/TransactionLines",
            params={"$inlinecount": "allpages", "$filter": f"ID eq guid'{last_line}'"},
            headers=headers,
        )
        assert regular.json()["d"]["__count"] == "1"
        assert regular.json()["d"]["results"][0]["ID"] == last_line
        assert (
            app.state.sandbox.data.get("100001")
            .table("transaction_line")
            .base.chunk.cache_info()
            .currsize
            <= 3
        )


async def test_consent_keeps_the_redirect_uris_query_and_the_state() -> None:
    app = create_app(ExactSandboxConfig(redirect_uri="http://cb/x?a=1"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://exact") as other:
        consent = await other.get(
            "/api/oauth2/auth",
            params={"client_id": "ledgerbus-demo", "redirect_uri": "http://cb/x?a=1", "state": "s"},
        )
    assert consent.status_code == 302
    query = parse_qs(urlsplit(consent.headers["location"]).query)
    assert query["a"] == ["1"] and query["state"] == ["s"] and query["code"][0].endswith("!")
