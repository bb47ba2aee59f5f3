"""The sync monitor: every sync run, and where each entity type of an administration stands."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from ledgerbus_contracts import SyncState
from ledgerbus_ledger_store.adapters import reconcile, syncs
from ledgerbus_ledger_store.api.deps import AdministrationDep, ClockDep, ConnectionDep
from ledgerbus_ledger_store.domain.status import entity_type_status, sync_view
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import IdQuery, SafeDatetime, SyncIdPath

router = APIRouter(tags=["syncs"])


@router.get("/syncs")
async def list_syncs(
    conn: ConnectionDep,
    principal: PrincipalDep,
    administration_id: IdQuery = None,
    state: SyncState | None = None,
    since: SafeDatetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Sync runs, newest first, filtered by administration, state and start time."""
    rows = await syncs.search(
        conn,
        administration_id=administration_id,
        state=str(state) if state else None,
        since=since,
        limit=limit,
    )
    return [
        await _with_held(conn, r)
        for r in rows
        if r["tenant_id"] is None or principal.may_see(r["tenant_id"])
    ]


@router.get("/syncs/{sync_id}", responses=error_responses(404))
async def get_sync(
    sync_id: SyncIdPath, conn: ConnectionDep, principal: PrincipalDep
) -> dict[str, Any]:
    """One sync run: mode, trigger, entity types, timings, counts and errors."""
    row = await syncs.get(conn, sync_id)
    if row is None or (row["tenant_id"] and not principal.may_see(row["tenant_id"])):
        raise HTTPException(404, f"no sync {sync_id!r} is known to the ledger-store")
    return await _with_held(conn, row)


async def _with_held(conn: Any, row: dict[str, Any]) -> dict[str, Any]:
    """The run's view, with ``held``: per type, the deletions the guard holds for an operator
    (what a release would delete; empty once released or discarded)."""
    view = sync_view(row)
    needs = row["state"] == "needs_attention"
    view["held"] = await reconcile.held_counts(conn, row["sync_id"]) if needs else {}
    return view


@router.get("/administrations/{administration_id}/sync-status", responses=error_responses(404))
async def sync_status(
    administration_id: AdministrationDep, conn: ConnectionDep, clock: ClockDep
) -> dict[str, Any]:
    """Per entity type: last success, its duration, state, progress, ETA and last error."""
    rows = await syncs.of_administration(conn, administration_id)
    return {
        "administration_id": administration_id,
        "entity_types": entity_type_status(rows, clock.now()),
    }
