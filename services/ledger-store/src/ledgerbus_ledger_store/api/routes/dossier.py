"""The dossier: what the client is shown (bookkeeping updated until, the active period)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ledgerbus_contracts import DossierChanges
from ledgerbus_ledger_store.adapters import dossier, syncs
from ledgerbus_ledger_store.api.deps import AdministrationDep, ClockDep, ConnectionDep
from ledgerbus_ledger_store.domain.dossier import closed_until
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.telemetry import current_traceparent

router = APIRouter(prefix="/administrations", tags=["dossier"])


def _view(administration_id: str, row: dict[str, Any] | None) -> dict[str, Any]:
    row = row or {}
    return {
        "administration_id": administration_id,
        "bookkeeping_updated_until": row.get("bookkeeping_updated_until"),
        "active_period": row.get("active_period"),
        "closed_until": closed_until(row.get("active_period")),
        "booking_proposal_counter": row.get("booking_proposal_counter", 0),
        "updated_at": row.get("updated_at"),
    }


@router.get("/{administration_id}/dossier")
async def read_dossier(administration_id: AdministrationDep, conn: ConnectionDep) -> dict[str, Any]:
    return _view(administration_id, await dossier.get(conn, administration_id))


@router.patch("/{administration_id}/dossier")
async def change_dossier(
    administration_id: str,
    changes: DossierChanges,
    request: Request,
    conn: ConnectionDep,
    clock: ClockDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    """Change the dossier; a ``dossier.updates`` event leaves through the outbox."""
    known = await syncs.of_administration(conn, administration_id)
    tenant = next((r["tenant_id"] for r in known if r["tenant_id"]), principal.tenant_id)
    if tenant is None:
        raise HTTPException(404, f"administration {administration_id!r} has not been synced yet")
    if not principal.may_see(tenant):
        raise HTTPException(404, f"no administration {administration_id!r}")
    async with conn.transaction():
        await dossier.change(
            conn,
            administration_id,
            tenant,
            changes,
            f"dossier-{uuid.uuid4().hex}",
            clock.now(),
            traceparent=current_traceparent(),
        )
    request.app.state.outbox.wake()
    return _view(administration_id, await dossier.get(conn, administration_id))
