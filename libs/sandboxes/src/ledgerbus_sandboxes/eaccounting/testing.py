"""For tests and demos: walk the sandbox's login as a user would, and a signed-in client."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi import FastAPI

from ledgerbus_sandboxes.eaccounting.config import (
    DEMO_CLIENT_ID,
    DEMO_REDIRECT_URI,
    READ_SCOPES,
    EAccountingSandboxConfig,
)

__all__ = ["DEMO_CLIENT_ID", "DEMO_REDIRECT_URI", "READ_SCOPES", "authorize", "signed_in"]


async def authorization_code(
    client: httpx.AsyncClient,
    *,
    client_id: str = DEMO_CLIENT_ID,
    redirect_uri: str = DEMO_REDIRECT_URI,
    scope: str = READ_SCOPES,
    company: str | None = None,
) -> str:
    """The code the consent redirect carries (RuntimeError if it carries none)."""
    params = {
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": "ledgerbus",
        "response_type": "code",
        "prompt": "login",
        "acr_values": "forceselectcompany:true",
        **({"company": company} if company else {}),
    }
    response = await client.get("/connect/authorize", params=params, follow_redirects=False)
    if response.status_code != 302:
        raise RuntimeError(f"the eAccounting sandbox's authorize answered {response.status_code}")
    codes = parse_qs(urlsplit(response.headers["location"]).query).get("code")
    if not codes:
        raise RuntimeError("the eAccounting sandbox's consent redirect carried no code")
    return codes[0]


async def authorize(sandbox_url: str, **options: Any) -> str:
    """The authorization code of a login at a running sandbox (see :func:`authorization_code`)."""
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        return await authorization_code(client, **options)


def basic(client_id: str, client_secret: str) -> str:
    """The ``Authorization: Basic`` value of a client."""
    return "Basic " + base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()


async def issue_tokens(
    client: httpx.AsyncClient, config: EAccountingSandboxConfig, company: str | None = None
) -> dict[str, Any]:
    """Log in and exchange the code (client authenticated with HTTP Basic)."""
    code = await authorization_code(
        client, client_id=config.client_id, redirect_uri=config.redirect_uri, company=company
    )
    response = await client.post(
        "/connect/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": config.redirect_uri,
        },
        headers={"Authorization": basic(config.client_id, config.client_secret)},
    )
    response.raise_for_status()
    tokens: dict[str, Any] = response.json()
    return tokens


@asynccontextmanager
async def signed_in(
    app: FastAPI, config: EAccountingSandboxConfig | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of ``app`` that sends a valid bearer token."""
    config = config or EAccountingSandboxConfig()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://eaccounting") as client:
        tokens = await issue_tokens(client, config)
        client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        yield client
