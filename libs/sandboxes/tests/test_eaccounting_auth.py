"""The eAccounting sandbox's identity server: the code flow with rotating refresh tokens,
the registered redirect URI, client authentication, scopes and token lifetimes."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.control import FollowingClock
from ledgerbus_sandboxes.eaccounting import EAccountingSandboxConfig, create_app
from ledgerbus_sandboxes.eaccounting.testing import authorization_code, authorize, basic
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, free_port

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
CONFIG = EAccountingSandboxConfig(
    sizes=DataSizes(payment_terms=0, transaction_lines=200),
    companies={"demo-eaccounting": "Demo eAccounting BV", "tweede": "Tweede BV"},
)
BASIC = {"Authorization": basic(CONFIG.client_id, CONFIG.client_secret)}


@pytest.fixture
def app() -> FastAPI:
    return create_app(CONFIG, FollowingClock(FakeClock(T0)))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://eaccounting") as http:
        yield http


async def exchange(client: httpx.AsyncClient, code: str, **extra: str) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CONFIG.redirect_uri}
    return await client.post("/connect/token", data=data | extra, headers=BASIC)


async def test_code_then_token_then_refresh_rotates_the_refresh_token(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    consent = await client.get(
        "/connect/authorize",
        params={
            "client_id": CONFIG.client_id,
            "redirect_uri": CONFIG.redirect_uri,
            "scope": "ea:api offline_access ea:accounting_readonly",
            "state": "s-1",
            "response_type": "code",
            "prompt": "login",
        },
    )
    assert consent.status_code == 302
    location = urlsplit(consent.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CONFIG.redirect_uri
    query = parse_qs(location.query)
    assert query["state"] == ["s-1"]
    tokens = (await exchange(client, query["code"][0])).json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    assert set(tokens["scope"].split()) == {"ea:api", "offline_access", "ea:accounting_readonly"}
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/v2/fiscalyears", headers=bearer)).status_code == 200
    again = await exchange(client, query["code"][0])
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"

    refreshed = await client.post(
        "/connect/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        headers=BASIC,
    )
    assert refreshed.status_code == 200
    renewed = refreshed.json()
    assert renewed["refresh_token"] != tokens["refresh_token"]
    reused = await client.post(
        "/connect/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        headers=BASIC,
    )
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    fresh = {"Authorization": f"Bearer {renewed['access_token']}"}
    assert (await client.get("/v2/fiscalyears", headers=fresh)).status_code == 200


async def test_the_client_may_authenticate_in_the_form_but_must_authenticate(
    client: httpx.AsyncClient,
) -> None:
    code = await authorization_code(client)
    wrong = await client.post(
        "/connect/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CONFIG.redirect_uri,
        },
        headers={"Authorization": basic(CONFIG.client_id, "not-the-secret")},
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_client"
    form = await client.post(
        "/connect/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CONFIG.redirect_uri,
            "client_id": CONFIG.client_id,
            "client_secret": CONFIG.client_secret,
        },
    )
    assert form.status_code == 200 and form.json()["access_token"]


async def test_a_wrong_redirect_uri_is_refused_at_authorize_and_at_the_exchange(
    client: httpx.AsyncClient,
) -> None:
    refused = await client.get(
        "/connect/authorize",
        params={
            "client_id": CONFIG.client_id,
            "redirect_uri": "http://evil.example/callback",
            "scope": "ea:api offline_access",
            "response_type": "code",
        },
    )
    assert refused.status_code == 400 and "location" not in refused.headers
    assert refused.json()["error"] == "invalid_request"
    code = await authorization_code(client)
    mismatch = await exchange(client, code, redirect_uri="http://127.0.0.1:8014/other")
    assert mismatch.status_code == 400 and mismatch.json()["error"] == "invalid_grant"
    assert (await exchange(client, code)).status_code == 400, "a refused code is spent"


async def test_scopes_are_checked_at_authorize_and_per_endpoint(
    client: httpx.AsyncClient,
) -> None:
    no_api = await client.get(
        "/connect/authorize",
        params={
            "client_id": CONFIG.client_id,
            "redirect_uri": CONFIG.redirect_uri,
            "scope": "offline_access ea:accounting",
            "response_type": "code",
            "state": "x",
        },
    )
    assert parse_qs(urlsplit(no_api.headers["location"]).query)["error"] == ["invalid_scope"]
    code = await authorization_code(client, scope="ea:api ea:accounting_readonly")
    tokens = (await exchange(client, code)).json()
    assert "refresh_token" not in tokens, "no offline_access, no refresh token"
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/v2/vouchers", headers=bearer)).status_code == 200
    customers = await client.get("/v2/customers", headers=bearer)
    assert customers.status_code == 403 and customers.json()["ErrorCode"] == 4003


async def test_an_access_token_expires_after_an_hour_and_opens_its_company_only(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    code = await authorization_code(client, company="tweede")
    tokens = (await exchange(client, code)).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    settings = await client.get("/v2/companysettings", headers=bearer)
    assert settings.json()["CompanyIdentifier"] == "tweede"
    assert settings.json()["Name"] == "Tweede BV"
    app.state.sandbox.clock.advance(3599)
    assert (await client.get("/v2/companysettings", headers=bearer)).status_code == 200
    app.state.sandbox.clock.advance(1)
    expired = await client.get("/v2/companysettings", headers=bearer)
    assert expired.status_code == 401 and set(expired.json()) == {
        "ErrorCode",
        "DeveloperErrorMessage",
        "ErrorId",
    }
    unknown = await client.get(
        "/connect/authorize",
        params={
            "client_id": CONFIG.client_id,
            "redirect_uri": CONFIG.redirect_uri,
            "scope": "ea:api",
            "company": "nobody",
        },
    )
    assert unknown.status_code == 400


async def test_a_code_expires_and_unknown_grants_are_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    code = await authorization_code(client)
    app.state.sandbox.clock.advance(CONFIG.code_seconds)
    late = await exchange(client, code)
    assert late.status_code == 400 and late.json()["error"] == "invalid_grant"
    password = await client.post("/connect/token", data={"grant_type": "password"}, headers=BASIC)
    assert password.json()["error"] == "unsupported_grant_type"
    missing = await client.get("/v2/accounts")
    assert missing.status_code == 401 and missing.json()["ErrorCode"] == 4001


async def test_python_dash_m_serves_the_demo_company_on_the_port_variable() -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ledgerbus_sandboxes.eaccounting",
        env={**os.environ, "EACCOUNTING_SANDBOX_PORT": str(port)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url) as http:

            async def up() -> list[str] | None:
                try:
                    return [a["id"] for a in (await http.get("/_sandbox/administrations")).json()]
                except httpx.TransportError:
                    return None

            assert await eventually(up, timeout=30, what="the sandbox to listen") == [
                "demo-eaccounting"
            ]
            demo = (await http.get("/_sandbox/demo-credentials")).json()
            code = await authorize(url, redirect_uri=demo["redirect_uri"])
            tokens = await http.post(
                "/connect/token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": demo["redirect_uri"],
                },
                headers={"Authorization": basic(demo["client_id"], demo["client_secret"])},
            )
            bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
            vouchers = await http.get("/v2/vouchers", headers=bearer)
            assert vouchers.json()["Meta"]["TotalNumberOfResults"] > 0
    finally:
        process.terminate()
        await process.wait()
