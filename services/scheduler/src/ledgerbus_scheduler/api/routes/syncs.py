"""Manual syncs: validated, deduplicated, durably requested."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from opentelemetry import trace
from pydantic import BaseModel

from ledgerbus_contracts import Package
from ledgerbus_scheduler.adapters import administrations as repo
from ledgerbus_scheduler.api.deps import ClockDep, ConnectionDep, OutboxDep
from ledgerbus_scheduler.domain.requests import SyncRequestBody, build_request, refused_entity_types
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses, invalid
from ledgerbus_servicekit.inputs import IdPath
from ledgerbus_servicekit.telemetry import sync_attributes

router = APIRouter(prefix="/administrations", tags=["syncs"])


class SyncAccepted(BaseModel):
    sync_id: str
    deduplicated: bool


@router.post(
    "/{administration_id}/syncs",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404),
)
async def request_sync(
    administration_id: IdPath,
    body: SyncRequestBody,
    conn: ConnectionDep,
    clock: ClockDep,
    outbox: OutboxDep,
    principal: PrincipalDep,
) -> SyncAccepted:
    """Queue a sync; an equivalent queued or running sync answers with its own id."""
    administration = await repo.get(conn, administration_id)
    if administration is None or not principal.may_see(administration["tenant_id"]):
        raise HTTPException(404, f"no administration {administration_id!r}")
    refused = refused_entity_types(Package(administration["package"]), body.entity_types)
    if refused:
        raise invalid(("body", "entity_types"), refused)
    request = build_request(administration, body, clock.now())
    trace.get_current_span().set_attributes(sync_attributes(request))
    sync_id, deduplicated = await outbox.submit(request)
    return SyncAccepted(sync_id=sync_id, deduplicated=deduplicated)
