"""A transaction deleted in Twinfield leaves the ledger at the next incremental sync: the
connector reads ``DeletedTransactionsService`` and deletes the transaction's lines.

The sandbox and the connector over real HTTP, the ledger-store, real Kafka and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ledgerbus_connector_twinfield.testing import OPERATOR, twinfield_rig
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import EntityType, SyncMode
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as create_ledger_store
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, running_app

pytestmark = pytest.mark.integration


async def synced(rig: ConformanceRig, ledger: httpx.AsyncClient, mode: SyncMode) -> None:
    """Request a sync through Kafka and wait until the ledger-store has applied it."""
    sync_id = await rig.request(mode)

    async def ended() -> str | None:
        response = await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
        state = response.json().get("state") if response.status_code == 200 else None
        return state if state in ("succeeded", "failed", "needs_attention") else None

    assert await eventually(ended, timeout=240, what=f"sync {sync_id}") == "succeeded"


async def mirrored_lines(
    rig: ConformanceRig, ledger: httpx.AsyncClient, include_deleted: bool = False
) -> dict[str, Any]:
    response = await ledger.get(
        f"/v1/administrations/{rig.administration_id}/entities/{EntityType.TRANSACTION_LINE}",
        params={"limit": 5000, "include_deleted": str(include_deleted).lower()},
        headers=OPERATOR,
    )
    assert response.status_code == 200, response.text
    return {item["source_id"]: item for item in response.json()["items"]}


async def test_an_incremental_sync_deletes_the_lines_of_a_deleted_transaction(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with (
        twinfield_rig(service_settings) as (rig, _),
        running_app(create_ledger_store(service_settings(LedgerSettings))) as ledger,  # type: ignore[arg-type]
    ):
        await synced(rig, ledger, SyncMode.FULL)
        before = await mirrored_lines(rig, ledger)
        lines = await rig.sandbox_records(EntityType.TRANSACTION_LINE)
        daybook, number, _ = lines[3]["id"].split("/")
        victims = {r["id"] for r in lines if r["id"].startswith(f"{daybook}/{number}/")}
        assert len(victims) >= 2 and victims <= before.keys()
        async with httpx.AsyncClient(base_url=rig.sandbox_url) as sandbox:
            for victim in sorted(victims):
                url = (
                    f"/_sandbox/administrations/{rig.external_id}/records/transaction_line/{victim}"
                )
                deleted = await sandbox.delete(url)
                assert deleted.status_code in (204, 404)  # a sandbox may delete the entry at once
        await synced(rig, ledger, SyncMode.INCREMENTAL)
        after = await mirrored_lines(rig, ledger)
        kept = await mirrored_lines(rig, ledger, include_deleted=True)
    assert after.keys() == before.keys() - victims
    assert all(kept[v]["deleted_at"] for v in victims)
