"""Contract: the Exact sandbox's authorization is as strict as Exact's, and every API error
is in Exact's error envelope."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from ledgerbus_sandboxes.exact import ExactSandboxConfig, create_app
from ledgerbus_sandboxes.exact.testing import issue_tokens

CONFIG = ExactSandboxConfig(minutely_limit=100_000, daily_limit=100_000)
VAT = "/api/v1/100001/vat/VATCodes"


@pytest.fixture
def app() -> FastAPI:
    return create_app(CONFIG)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://exact") as http:
        yield http


def consent_params(**changes: str | None) -> dict[str, str]:
    params = {"client_id": CONFIG.client_id, "redirect_uri": CONFIG.redirect_uri, **changes}
    return {k: v for k, v in params.items() if v is not None}


async def a_code(client: httpx.AsyncClient) -> str:
    consent = await client.get("/api/oauth2/auth", params=consent_params())
    assert consent.status_code == 302
    return parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]


async def exchange(client: httpx.AsyncClient, code: str, **changes: str | None) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CONFIG.redirect_uri,
        "client_id": CONFIG.client_id,
        "client_secret": CONFIG.client_secret,
        **changes,
    }
    return await client.post(
        "/api/oauth2/token", data={k: v for k, v in form.items() if v is not None}
    )


def envelope_message(response: httpx.Response) -> str:
    body: dict[str, Any] = response.json()
    assert body == {
        "error": {"code": "", "message": {"lang": "", "value": body["error"]["message"]["value"]}}
    }
    message: str = body["error"]["message"]["value"]
    return message


async def test_the_consent_page_wants_the_registered_redirect_uri_exactly(
    client: httpx.AsyncClient,
) -> None:
    for wrong in (None, "http://127.0.0.1:8011/v1/connections/callback/", "http://evil.example/cb"):
        refused = await client.get("/api/oauth2/auth", params=consent_params(redirect_uri=wrong))
        assert refused.status_code == 400, wrong
        assert "location" not in refused.headers
        assert refused.json()["error"] == "invalid_request"
    granted = await client.get("/api/oauth2/auth", params=consent_params(state="s1"))
    assert granted.status_code == 302
    assert granted.headers["location"].startswith(CONFIG.redirect_uri + "?")


async def test_the_code_exchange_wants_the_same_redirect_uri(client: httpx.AsyncClient) -> None:
    missing = await exchange(client, await a_code(client), redirect_uri=None)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_grant"
    other = await exchange(client, await a_code(client), redirect_uri="http://cb")
    assert other.status_code == 400 and other.json()["error"] == "invalid_grant"
    issued = await exchange(client, await a_code(client))
    assert issued.status_code == 200 and issued.json()["token_type"] == "Bearer"
    malformed = await client.post("/api/oauth2/token", data={"code": "x"})
    assert malformed.status_code == 400 and malformed.json()["error"] == "invalid_request"


async def test_the_api_wants_a_bearer_token_in_any_case(client: httpx.AsyncClient) -> None:
    token = (await issue_tokens(client, CONFIG))["access_token"]
    accept = {"Accept": "application/json"}
    for scheme in ("Bearer", "bearer", "BEARER"):
        served = await client.get(VAT, headers={**accept, "Authorization": f"{scheme} {token}"})
        assert served.status_code == 200, scheme
    for header in (token, f"Basic {token}", f"Bearer{token}", "Bearer ", None):
        headers = accept if header is None else {**accept, "Authorization": header}
        refused = await client.get(VAT, headers=headers)
        assert refused.status_code == 401, header
        assert "Bearer" in envelope_message(refused)
    wrong = await client.get(VAT, headers={**accept, "Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 401 and "invalid or expired" in envelope_message(wrong)


async def test_json_is_served_when_accept_asks_for_it(client: httpx.AsyncClient) -> None:
    token = (await issue_tokens(client, CONFIG))["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    for accept in (
        "application/json",
        "application/json;odata=verbose",
        "text/xml, application/json",
    ):
        served = await client.get(VAT, headers={**bearer, "Accept": accept})
        assert served.status_code == 200, accept
        assert served.headers["content-type"].startswith("application/json")
    for accept in (None, "*/*", "application/atom+xml", "application/xml"):
        headers = bearer if accept is None else {**bearer, "Accept": accept}
        refused = await client.get(VAT, headers=headers)
        assert refused.status_code == 406, accept
        assert "Atom" in envelope_message(refused)


async def test_every_error_is_in_exacts_envelope(client: httpx.AsyncClient) -> None:
    token = (await issue_tokens(client, CONFIG))["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    cases = {
        "/api/v1/100001/nothing/Here": 404,
        "/api/v1/100001/sync/Nothing/Here": 404,
        "/api/v1/100001/bulk/Nothing/Here": 404,
        "/api/v2/whatever": 404,
        "/nowhere": 404,
        "/api/v1/abc/vat/VATCodes": 400,
        "/api/v1/999999/vat/VATCodes": 403,
    }
    for path, status in cases.items():
        response = await client.get(path, headers=headers)
        assert response.status_code == status, path
        assert envelope_message(response), path
    posted = await client.post(VAT, headers=headers)
    assert posted.status_code == 405 and "POST" in envelope_message(posted)
    control = await client.get("/_sandbox/administrations/nope/records/gl_account")
    assert control.status_code == 404 and "detail" in control.json()


async def test_sync_endpoints_take_only_a_timestamp_filter(client: httpx.AsyncClient) -> None:
    token = (await issue_tokens(client, CONFIG))["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    url = "/api/v1/100001/sync/Financial/GLAccounts"

    async def call(**params: str) -> httpx.Response:
        return await client.get(
            url, params={f"${k}": v for k, v in params.items()}, headers=headers
        )

    assert (await call(filter="Timestamp gt 1L", select="ID")).status_code == 200
    everything = (await call(filter="Timestamp ge 1", select="ID,Timestamp")).json()["d"]["results"]
    first = everything[0]["Timestamp"]
    later = (await call(filter=f"Timestamp ge {first + 1}", select="ID")).json()["d"]["results"]
    assert len(later) == len(everything) - 1
    for bad in ("Code eq '1000'", "Timestamp lt 5", "Timestamp gt 1 and Code eq '1'"):
        refused = await call(filter=bad, select="ID")
        assert refused.status_code == 400 and "Timestamp" in envelope_message(refused), bad
    malformed = await call(filter="Timestamp gt", select="ID")
    assert "Error in query syntax" in envelope_message(malformed)
    unknown = await call(filter="Timestamp gt 1", select="ID,Colour")
    assert unknown.status_code == 400 and "'Colour'" in envelope_message(unknown)
    regular_has_no_timestamp = await client.get(
        "/api/v1/100001/financial/GLAccounts",
        params={"$select": "Timestamp", "$filter": "IsBlocked eq true"},
        headers=headers,
    )
    assert regular_has_no_timestamp.status_code == 400
