"""Deletions the mass-deletion guard held: an operator releases or discards them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from ledgerbus_contracts import SyncState
from ledgerbus_ledger_store.adapters import reconcile, syncs
from ledgerbus_ledger_store.api.deps import ClockDep, ConnectionDep
from ledgerbus_ledger_store.domain.status import sync_view
from ledgerbus_servicekit import PrincipalDep

router = APIRouter(prefix="/syncs", tags=["syncs"])


async def _held_sync(conn: ConnectionDep, sync_id: str) -> dict[str, Any]:
    row = await syncs.get(conn, sync_id, lock=True)
    if row is None:
        raise HTTPException(404, f"no sync {sync_id!r} is known to the ledger-store")
    if row["state"] != SyncState.NEEDS_ATTENTION:
        raise HTTPException(409, f"sync {sync_id} holds no deletions (state {row['state']})")
    return row


@router.post("/{sync_id}/held-deletions:release")
async def release(
    sync_id: str, conn: ConnectionDep, clock: ClockDep, _: PrincipalDep
) -> dict[str, Any]:
    """Apply the held deletions (records changed since are kept) and end the sync."""
    async with conn.transaction():
        row = await _held_sync(conn, sync_id)
        deleted = dict(row["deleted"])
        for entity_type, n in (await reconcile.release_held(conn, sync_id, clock.now())).items():
            deleted[entity_type] = int(deleted.get(entity_type, 0)) + n
        await syncs.update(conn, sync_id, state=str(SyncState.SUCCEEDED), deleted=deleted)
    return sync_view(await syncs.get(conn, sync_id) or row)


@router.post("/{sync_id}/held-deletions:discard")
async def discard(sync_id: str, conn: ConnectionDep, _: PrincipalDep) -> dict[str, Any]:
    """Keep the records the snapshot did not contain, and end the sync."""
    async with conn.transaction():
        row = await _held_sync(conn, sync_id)
        await reconcile.discard_held(conn, sync_id)
        await syncs.update(conn, sync_id, state=str(SyncState.SUCCEEDED))
    return sync_view(await syncs.get(conn, sync_id) or row)
