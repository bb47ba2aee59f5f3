"""Test support: a client of the sandbox's ASGI app and the headers of a signed-in partner."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

SUBSCRIPTION = {"Ocp-Apim-Subscription-Key": "demo-subscription-key"}


@asynccontextmanager
async def asgi_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the app in process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://snelstart") as http:
        yield http


async def api_headers(
    client: httpx.AsyncClient, client_key: str = "demo-clientkey-1"
) -> dict[str, str]:
    """A token for the client key, with the subscription key: what every ``/v2`` call sends."""
    response = await client.post(
        "/b2b/token", data={"grant_type": "clientkey", "clientkey": client_key}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}", **SUBSCRIPTION}
