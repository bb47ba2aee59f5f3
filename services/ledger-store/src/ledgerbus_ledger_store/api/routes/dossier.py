"""The dossier: what the client is shown (bookkeeping updated until, the active period)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from ledgerbus_contracts import DossierChanges
from ledgerbus_ledger_store.adapters import dossier, syncs
from ledgerbus_ledger_store.api.deps import AdministrationDep, ClockDep, ConnectionDep
from ledgerbus_ledger_store.domain.dossier import closed_until
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import IdPath, SafeDate
from ledgerbus_servicekit.telemetry import current_traceparent

router = APIRouter(prefix="/administrations", tags=["dossier"])


class DossierChange(BaseModel):
    """The dossier fields to change: booleans are JSON booleans, dates YYYY-MM-DD."""

    model_config = ConfigDict(extra="forbid")

    bookkeeping_updated_until: SafeDate | None = None
    reset_booking_proposal_counter: StrictBool = False
    active_period: str | None = Field(
        default=None,
        pattern=r"^\d{4}-(0[1-9]|1[0-3])$",
        description="YYYY-PP, periods 01-13 (13: year-end entries)",
    )
    notify_client: StrictBool = False

    def contract(self) -> DossierChanges:
        """The same changes as the contract's model."""
        return DossierChanges.model_validate(self.model_dump())


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


@router.get("/{administration_id}/dossier", responses=error_responses(404))
async def read_dossier(administration_id: AdministrationDep, conn: ConnectionDep) -> dict[str, Any]:
    return _view(administration_id, await dossier.get(conn, administration_id))


@router.patch("/{administration_id}/dossier", responses=error_responses(404))
async def change_dossier(
    administration_id: IdPath,
    body: DossierChange,
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
    changes = body.contract()
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
