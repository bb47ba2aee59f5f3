"""The Twinfield sandbox speaks Twinfield's wire format: OIDC tokens, cluster discovery,
the SOAP finder with paging, ProcessXml browse with filters, faults and 429s."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.control import FollowingClock
from ledgerbus_sandboxes.twinfield import TwinfieldSandboxConfig, create_app
from ledgerbus_sandboxes.twinfield.soap import NS
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, free_port

OIDC = "/auth/authentication/connect"
CLIENT = {"client_id": "ledgerbus-demo", "client_secret": "demo-secret"}
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def app() -> FastAPI:
    sizes = DataSizes(gl_accounts=30, transaction_lines=120)
    config = TwinfieldSandboxConfig(sizes=sizes, credits_per_minute=50)
    return create_app(config, FollowingClock(FakeClock(T0)))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://twinfield") as http:
        yield http


async def login(client: httpx.AsyncClient) -> dict[str, Any]:
    redirect = await client.get(
        f"{OIDC}/authorize",
        params={"client_id": "ledgerbus-demo", "redirect_uri": "http://cb", "state": "s1"},
    )
    query = parse_qs(urlsplit(redirect.headers["location"]).query)
    assert query["state"] == ["s1"]
    response = await client.post(
        f"{OIDC}/token",
        data={"grant_type": "authorization_code", "code": query["code"][0], **CLIENT},
    )
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def envelope(token: str, office: str | None, body: str) -> str:
    company = f"<twf:CompanyCode>{office}</twf:CompanyCode>" if office else ""
    return (
        f'<soap:Envelope xmlns:soap="{SOAP}" xmlns:twf="http://www.twinfield.com/"><soap:Header>'
        f"<twf:Header><twf:AccessToken>{token}</twf:AccessToken>{company}</twf:Header>"
        f"</soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"
    )


def search(kind: str, first: int, rows: int, **options: str) -> str:
    pairs = "".join(
        f"<twf:ArrayOfString><twf:string>{k}</twf:string><twf:string>{v}</twf:string></twf:ArrayOfString>"
        for k, v in options.items()
    )
    return (
        f"<twf:Search><twf:type>{kind}</twf:type><twf:pattern>*</twf:pattern><twf:field>0</twf:field>"
        f"<twf:firstRow>{first}</twf:firstRow><twf:maxRows>{rows}</twf:maxRows>"
        f"<twf:options>{pairs}</twf:options></twf:Search>"
    )


ACTIONS = {"finder.asmx": "Search", "processxml.asmx": "ProcessXmlString"}


async def call(client: httpx.AsyncClient, service: str, soap_body: str) -> httpx.Response:
    return await client.post(
        f"/webservices/{service}",
        content=soap_body,
        headers={
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": f'"http://www.twinfield.com/{ACTIONS[service]}"',
        },
    )


def fault_code(response: httpx.Response) -> str | None:
    code: str | None = etree.fromstring(response.content).findtext(".//detail/code")
    return code


async def test_tokens_refresh_and_the_validation_names_the_cluster(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    tokens = await login(client)
    assert tokens["expires_in"] == 3600 and tokens["token_type"] == "Bearer"
    valid = await client.get(
        f"{OIDC}/accesstokenvalidation", params={"token": tokens["access_token"]}
    )
    assert valid.json()["twf.clusterUrl"] == "http://twinfield"
    refreshed = await client.post(
        f"{OIDC}/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], **CLIENT},
    )
    assert refreshed.json()["refresh_token"] == tokens["refresh_token"]
    app.state.sandbox.clock.advance(3601)
    expired = await client.get(
        f"{OIDC}/accesstokenvalidation", params={"token": tokens["access_token"]}
    )
    assert expired.status_code == 400
    wrong = await client.post(
        f"{OIDC}/token", data={"grant_type": "authorization_code", "code": "x", **CLIENT}
    )
    assert wrong.status_code == 400 and wrong.json() == {"error": "invalid_grant"}


async def test_the_finder_pages_gl_accounts_by_dimension_type(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = (await login(client))["access_token"]
    ns = {"twf": "http://www.twinfield.com/"}
    names = {
        r["code"]: r["name"]
        for r in app.state.sandbox.data.get("NLA000001").of(EntityType.GL_ACCOUNT)
    }
    codes: list[str] = []
    for first in (1, 11):
        response = await call(
            client,
            "finder.asmx",
            envelope(token, "NLA000001", search("DIM", first, 10, dimtype="BAS")),
        )
        data = etree.fromstring(response.content).find(".//twf:data", ns)
        assert data is not None and data.findtext("twf:TotalRows", namespaces=ns) == "15"
        columns = [s.text for s in data.findall("twf:Columns/twf:string", ns)]
        assert columns[:2] == ["Code", "Naam"]
        for item in data.findall("twf:Items/twf:ArrayOfString", ns):
            code, name = [s.text or "" for s in item.findall("twf:string", ns)][:2]
            assert names[code] == name
            codes.append(code)
    assert len(codes) == len(set(codes)) == 15 and all(c < "4000" for c in codes)


async def test_faults_carry_twinfields_codes(client: httpx.AsyncClient) -> None:
    token = (await login(client))["access_token"]
    no_token = await call(
        client, "finder.asmx", envelope("nope", "NLA000001", search("VAT", 1, 10))
    )
    assert (no_token.status_code, fault_code(no_token)) == (401, "354")
    no_office = await call(client, "finder.asmx", envelope(token, None, search("VAT", 1, 10)))
    assert (no_office.status_code, fault_code(no_office)) == (500, "101")
    other = await call(
        client,
        "finder.asmx",
        envelope(token, "NLA000001", search("VAT", 1, 10, office="NLA999999")),
    )
    message = etree.fromstring(other.content).find(".//{*}MessageOfErrorCodes")
    assert other.status_code == 200 and message is not None
    assert message.findtext("{*}Code") == "NoAccessToOffice"
    broken = await call(client, "finder.asmx", "<soap:Envelope")
    assert (broken.status_code, fault_code(broken)) == (500, "187")


def browse(token: str, *columns: tuple[str, str, str]) -> str:
    xml = "".join(
        f"<column><field>{f}</field><operator>between</operator><from>{lo}</from><to>{hi}</to></column>"
        for f, lo, hi in columns
    )
    request = (
        '<columns code="000"><column><field>fin.trs.line.dim1</field></column>'
        "<column><field>fin.trs.head.modified</field></column>"
        f"<column><field>fin.trs.head.yearperiod</field></column>{xml}</columns>"
    )
    body = (
        f"<twf:ProcessXmlString><twf:xmlRequest><![CDATA[{request}]]></twf:xmlRequest>"
        "</twf:ProcessXmlString>"
    )
    return envelope(token, "NLA000002", body)


async def browse_rows(client: httpx.AsyncClient, soap_body: str) -> etree._Element:
    response = await call(client, "processxml.asmx", soap_body)
    assert response.status_code == 200
    inner = etree.fromstring(response.content).findtext(
        ".//twf:ProcessXmlStringResult", namespaces=NS
    )
    return etree.fromstring((inner or "").encode())


async def test_browse_filters_on_period_and_modification(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = (await login(client))["access_token"]
    everything = await browse_rows(client, browse(token))
    assert everything.get("result") == "1" and everything.get("total") == "120"
    first = everything.find("tr")
    assert first is not None and [k.tag for k in first.find("key")] == [
        "office",
        "code",
        "number",
        "line",
    ]
    year = await browse_rows(
        client, browse(token, ("fin.trs.head.yearperiod", "2026/01", "2026/12"))
    )
    periods = {td.text for td in year.iter("td") if td.get("field") == "fin.trs.head.yearperiod"}
    assert periods and all(p.startswith("2026/") for p in periods)
    latest = max(
        td.text or "" for td in everything.iter("td") if td.get("field") == "fin.trs.head.modified"
    )
    recent = await browse_rows(client, browse(token, ("fin.trs.head.modified", latest, "")))
    assert recent.get("total") == "1"


async def test_over_the_credit_budget_a_call_gets_429_with_retry_after(
    client: httpx.AsyncClient,
) -> None:
    token = (await login(client))["access_token"]
    statuses = [
        (
            await call(client, "finder.asmx", envelope(token, "NLA000001", search("VAT", 1, 10)))
        ).status_code
        for _ in range(51)
    ]
    assert statuses[:50] == [200] * 50
    limited = await call(client, "finder.asmx", envelope(token, "NLA000001", search("VAT", 1, 10)))
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "30"
    stats = (await client.get("/_sandbox/stats")).json()
    assert stats["rate_limited"] == 2
    assert stats["endpoints"]["POST /webservices/finder.asmx"] == {"200": 50, "429": 2}


async def test_two_offices_with_counts_in_the_control_api(client: httpx.AsyncClient) -> None:
    administrations = (await client.get("/_sandbox/administrations")).json()
    assert [a["id"] for a in administrations] == ["NLA000001", "NLA000002"]
    assert administrations[0]["counts"]["gl_account"] == 30


async def test_python_dash_m_serves_on_the_port_variable() -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ledgerbus_sandboxes.twinfield",
        env={**os.environ, "TWINFIELD_SANDBOX_PORT": str(port)},
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

            assert await eventually(up, timeout=30, what="the sandbox to listen") == [
                "NLA000001",
                "NLA000002",
            ]
    finally:
        process.terminate()
        await process.wait()
