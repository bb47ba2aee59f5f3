"""Walk the Exact sandbox's consent page as a user would, for demos and tests."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from ledgerbus_sandboxes.exact.config import DEMO_REDIRECT_URI

DEMO_CLIENT_ID = "ledgerbus-demo"
__all__ = ["DEMO_CLIENT_ID", "DEMO_REDIRECT_URI", "authorize", "demo_credentials"]


async def authorize(
    sandbox_url: str, *, client_id: str = DEMO_CLIENT_ID, redirect_uri: str = DEMO_REDIRECT_URI
) -> str:
    """The (decoded) authorization code the consent redirect carries."""
    async with httpx.AsyncClient(base_url=sandbox_url, follow_redirects=False) as client:
        response = await client.get(
            "/api/oauth2/auth",
            params={
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "force_login": "0",
            },
        )
    if response.status_code not in (301, 302, 303, 307):
        raise RuntimeError(f"the Exact sandbox's consent page answered {response.status_code}")
    codes = parse_qs(urlsplit(response.headers["location"]).query).get("code")
    if not codes:
        raise RuntimeError("the Exact sandbox's consent redirect carried no code")
    return codes[0]


async def demo_credentials(sandbox_url: str) -> dict[str, str]:
    """The demo's body for connector-exact's ``PUT /v1/connections/{id}``: a fresh code."""
    return {"code": await authorize(sandbox_url)}
