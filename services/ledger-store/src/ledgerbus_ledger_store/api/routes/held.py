"""Deletions the mass-deletion guard held: an operator releases or discards them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ledgerbus_ledger_store.adapters import syncs
from ledgerbus_ledger_store.api.deps import ClockDep, ConnectionDep
from ledgerbus_ledger_store.domain.status import sync_view
from ledgerbus_ledger_store.entrypoints.ending import conclude_held
from ledgerbus_servicekit import EventPublisher, Principal, PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import SyncIdPath

router = APIRouter(prefix="/syncs", tags=["syncs"])


async def _conclude(
    sync_id: str,
    release: bool,
    request: Request,
    conn: ConnectionDep,
    clock: ClockDep,
    principal: Principal,
) -> dict[str, Any]:
    known = await syncs.get(conn, sync_id)
    if known is None or (known["tenant_id"] and not principal.may_see(known["tenant_id"])):
        raise HTTPException(404, f"no sync {sync_id!r} is known to the ledger-store")
    async with conn.transaction():
        outcome = await conclude_held(conn, sync_id, release=release, now=clock.now())
    row = await syncs.get(conn, sync_id) or known
    if outcome is None:
        raise HTTPException(409, f"sync {sync_id} holds no deletions (state {row['state']})")
    request.app.state.outbox.wake()  # dossier fields on the sync took effect
    publisher: EventPublisher = request.app.state.publisher
    for event in outcome:  # in the request's trace
        await publisher.publish(event, event_id=f"{sync_id}:{event.event_type}")
    return {**sync_view(row), "held": {}}  # released or discarded: nothing is held any more


@router.post("/{sync_id}/held-deletions:release", responses=error_responses(404, 409))
async def release(
    sync_id: SyncIdPath, request: Request, conn: ConnectionDep, clock: ClockDep, who: PrincipalDep
) -> dict[str, Any]:
    """Apply the held deletions (records changed since are kept); the sync succeeds."""
    return await _conclude(sync_id, True, request, conn, clock, who)


@router.post("/{sync_id}/held-deletions:discard", responses=error_responses(404, 409))
async def discard(
    sync_id: SyncIdPath, request: Request, conn: ConnectionDep, clock: ClockDep, who: PrincipalDep
) -> dict[str, Any]:
    """Keep the records the snapshot did not contain; the sync succeeds."""
    return await _conclude(sync_id, False, request, conn, clock, who)
