"""Manual syncs: validated, deduplicated, durably requested."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from opentelemetry import trace
from pydantic import BaseModel

from ledgerbus_contracts import Package
from ledgerbus_scheduler.adapters import administrations as repo
from ledgerbus_scheduler.api.deps import ClockDep, ConnectionDep, OutboxDep
from ledgerbus_scheduler.domain.requests import (
    SyncRequestBody,
    build_request,
    local_today,
    refused_entity_types,
    refused_scope,
    requester,
)
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
    """Queue a sync; an equivalent queued or running sync answers with its own id.

    ``since`` (incremental only, not in the future) re-reads the transaction lines from
    that date on, never before the administration's ``sync_from``; ``replace`` (full
    only) deletes what the package no longer has even beyond the mass-deletion guard,
    and the sync run records who asked. A ``since`` or ``replace`` that does not fit the
    mode is a 422 naming it.
    """
    administration = await repo.get(conn, administration_id)
    if administration is None or not principal.may_see(administration["tenant_id"]):
        raise HTTPException(404, f"no administration {administration_id!r}")
    refused = refused_entity_types(Package(administration["package"]), body.entity_types)
    if refused:
        raise invalid(("body", "entity_types"), refused)
    if wrong := refused_scope(body, local_today(administration, clock.now())):
        raise invalid(("body", wrong[0]), wrong[1])
    request = build_request(
        administration, body, clock.now(), requested_by=requester(principal.tenant_id)
    )
    trace.get_current_span().set_attributes(sync_attributes(request))
    sync_id, deduplicated = await outbox.submit(request)
    return SyncAccepted(sync_id=sync_id, deduplicated=deduplicated)
