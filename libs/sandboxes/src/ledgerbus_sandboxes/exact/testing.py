"""For tests: an in-process client of an Exact sandbox app, signed in as a client would be."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi import FastAPI

from ledgerbus_sandboxes.exact.config import ExactSandboxConfig


async def issue_tokens(client: httpx.AsyncClient, config: ExactSandboxConfig) -> dict[str, Any]:
    """Walk the consent page and exchange the code, with the registered redirect URI."""
    consent = await client.get(
        "/api/oauth2/auth",
        params={"client_id": config.client_id, "redirect_uri": config.redirect_uri},
    )
    code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
    response = await client.post(
        "/api/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": config.redirect_uri,
            "client_id": config.client_id,
            "client_secret": config.client_secret,
        },
    )
    response.raise_for_status()
    tokens: dict[str, Any] = response.json()
    return tokens


@asynccontextmanager
async def signed_in(
    app: FastAPI, config: ExactSandboxConfig | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of ``app`` that sends ``Accept: application/json`` and a valid bearer token."""
    config = config or ExactSandboxConfig()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://exact", headers={"Accept": "application/json"}
    ) as client:
        tokens = await issue_tokens(client, config)
        client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        yield client
