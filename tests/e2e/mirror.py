"""Compare the ledger-store's mirror of an administration with its sandbox."""

from __future__ import annotations

from typing import Any

import httpx

from ledgerbus_contracts import EntityType
from ledgerbus_devtools.platform.demo import OPERATOR


async def mirrored_ids(
    ledger: httpx.AsyncClient, administration: str, entity_type: EntityType
) -> set[str]:
    """The live (not deleted) source ids of one type in the ledger."""
    ids: set[str] = set()
    token: str | None = None
    while True:
        params = {"limit": "5000", **({"page_token": token} if token else {})}
        page = await ledger.get(
            f"/v1/administrations/{administration}/entities/{entity_type}",
            params=params,
            headers=OPERATOR,
        )
        assert page.status_code == 200, page.text
        body: dict[str, Any] = page.json()
        ids |= {item["source_id"] for item in body["items"]}
        token = body.get("next_page_token")
        if not token:
            return ids


async def sandbox_ids(sandbox_url: str, external_id: str, entity_type: EntityType) -> set[str]:
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        response = await client.get(
            f"/_sandbox/administrations/{external_id}/records/{entity_type}"
        )
        response.raise_for_status()
        return {str(r.get("ID", r.get("id"))) for r in response.json()["records"]}


async def differences(
    ledger: httpx.AsyncClient,
    administration: str,
    sandbox_url: str,
    external_id: str,
    types: list[EntityType],
) -> dict[str, Any]:
    """Per entity type, what is only in the ledger and only in the sandbox (empty: equal)."""
    found: dict[str, Any] = {}
    for entity_type in types:
        mine = await mirrored_ids(ledger, administration, entity_type)
        theirs = await sandbox_ids(sandbox_url, external_id, entity_type)
        if mine != theirs:
            found[str(entity_type)] = {
                "only_in_ledger": sorted(mine - theirs)[:5],
                "only_in_sandbox": sorted(theirs - mine)[:5],
            }
    return found
