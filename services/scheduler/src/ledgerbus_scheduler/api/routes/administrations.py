"""Registering administrations: create, read, change, remove, list."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from pydantic import ValidationError

from ledgerbus_contracts import Package
from ledgerbus_scheduler.adapters import administrations as repo
from ledgerbus_scheduler.adapters import schedule, sync_requests
from ledgerbus_scheduler.api.deps import ClockDep, ConnectionDep, ConnectionOwnersDep, OutboxDep
from ledgerbus_scheduler.api.tenancy import OWNERSHIP_FIELDS, require_agreement
from ledgerbus_scheduler.domain.administrations import AdministrationChange, AdministrationCreate
from ledgerbus_scheduler.domain.requests import (
    future_sync_from,
    local_today,
    requester,
    sync_from_moved,
)
from ledgerbus_scheduler.rescheduling import after_change, reschedule
from ledgerbus_servicekit import Principal, PrincipalDep
from ledgerbus_servicekit.errors import error_responses, invalid
from ledgerbus_servicekit.inputs import IdPath, IdQuery
from ledgerbus_servicekit.telemetry import current_traceparent

router = APIRouter(prefix="/administrations", tags=["administrations"])


def _visible(
    row: dict[str, Any] | None, principal: Principal, administration_id: str
) -> dict[str, Any]:
    if row is None or not principal.may_see(row["tenant_id"]):
        raise HTTPException(404, f"no administration {administration_id!r}")
    return row


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(403, 409, 503))
async def create(
    body: AdministrationCreate,
    conn: ConnectionDep,
    clock: ClockDep,
    principal: PrincipalDep,
    owners: ConnectionOwnersDep,
    request: Request,
) -> dict[str, Any]:
    """Register an administration; 409 when the id is taken.

    The connection must belong to the administration's tenant (422 otherwise; 503 when
    its connector cannot be asked), and the caller must act for that tenant (403).
    """
    _refuse_future_sync_from(body.model_dump(), clock.now())
    await require_agreement(owners, principal, request, body)
    async with conn.transaction():
        if not await repo.insert(conn, body.model_dump(), clock.now()):
            raise HTTPException(409, f"administration {body.id!r} exists")
        await reschedule(conn, body.model_dump(), clock.now())
    return repo.to_api(await repo.get(conn, body.id))


@router.get("")
async def list_administrations(
    conn: ConnectionDep,
    principal: PrincipalDep,
    tenant_id: IdQuery = None,
    package: Package | None = None,
    enabled: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    after: IdQuery = None,
) -> list[dict[str, Any]]:
    """Administrations in id order, filtered; page with ``after`` = the last id."""
    tenant = tenant_id if principal.is_operator else principal.tenant_id
    rows = await repo.search(
        conn,
        tenant_id=tenant,
        package=str(package) if package else None,
        enabled=enabled,
        limit=limit,
        after=after,
    )
    return [repo.to_api(r) for r in rows]


@router.get("/{administration_id}", responses=error_responses(404))
async def read(
    administration_id: IdPath, conn: ConnectionDep, principal: PrincipalDep
) -> dict[str, Any]:
    return repo.to_api(
        _visible(await repo.get(conn, administration_id), principal, administration_id)
    )


@router.patch("/{administration_id}", responses=error_responses(403, 404, 503))
async def change(
    administration_id: IdPath,
    body: AdministrationChange,
    conn: ConnectionDep,
    clock: ClockDep,
    principal: PrincipalDep,
    owners: ConnectionOwnersDep,
    outbox: OutboxDep,
    request: Request,
) -> dict[str, Any]:
    """Change some fields; the result must still be a valid administration.

    A changed window, timezone or enabled flag moves the administration's next run; a
    changed tenant, package or connection must agree as on registration. A changed
    ``sync_from`` (never in the future: 422) requests one full sync of the dated types
    (transaction lines): moved earlier, it reads the range now inside; moved later, its
    snapshot trims the lines now before it from the mirror (soft-deleted, with a reason).
    """
    current = repo.to_api(
        _visible(await repo.get(conn, administration_id), principal, administration_id)
    )
    changes = body.model_dump(exclude_unset=True)
    try:
        merged = AdministrationCreate.model_validate({**current, **changes})
    except ValidationError as exc:
        detail = exc.errors(include_url=False, include_context=False, include_input=False)
        for error in detail:
            error["loc"] = ("body", *error["loc"])
        raise HTTPException(422, detail) from exc
    if "sync_from" in changes:
        _refuse_future_sync_from(merged.model_dump(), clock.now())
    if OWNERSHIP_FIELDS & changes.keys():
        await require_agreement(owners, principal, request, merged)
    moved = sync_from_moved(
        current, merged.model_dump(), clock.now(), requester(principal.tenant_id)
    )
    async with conn.transaction():
        await repo.update(
            conn, administration_id, {k: getattr(merged, k) for k in changes}, clock.now()
        )
        night = await schedule.next_night(conn, administration_id)
        await after_change(conn, current, merged.model_dump(), night, clock.now())
        if moved is not None:
            await sync_requests.insert(conn, moved, current_traceparent(), clock.now())
    if moved is not None:
        await outbox.relay()  # published now; the relay would otherwise publish it soon
    return repo.to_api(await repo.get(conn, administration_id))


def _refuse_future_sync_from(administration: dict[str, Any], now: dt.datetime) -> None:
    if wrong := future_sync_from(administration["sync_from"], local_today(administration, now)):
        raise invalid(("body", "sync_from"), wrong)


@router.delete("/{administration_id}", status_code=204, responses=error_responses(404))
async def remove(
    administration_id: IdPath, conn: ConnectionDep, principal: PrincipalDep
) -> Response:
    _visible(await repo.get(conn, administration_id), principal, administration_id)
    await repo.delete(conn, administration_id)
    return Response(status_code=204)
