"""Bulk onboarding: ``POST /v1/connections/{connection_id}/imports``."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request, status

from ledgerbus_scheduler.adapters import administrations as repo
from ledgerbus_scheduler.api.deps import ClockDep, ConnectionDep, ConnectionOwnersDep
from ledgerbus_scheduler.domain.administrations import AdministrationCreate
from ledgerbus_scheduler.domain.imports import (
    AdministrationImport,
    ImportReport,
    ImportResult,
    already_registered,
    candidate,
    refusal,
    report,
    screen,
)
from ledgerbus_scheduler.domain.requests import future_sync_from, local_today
from ledgerbus_scheduler.rescheduling import reschedule
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.db import DbConnection
from ledgerbus_servicekit.errors import error_responses, invalid
from ledgerbus_servicekit.inputs import IdPath

router = APIRouter(prefix="/connections", tags=["administrations"])


@router.post("/{connection_id}/imports", responses=error_responses(403, 422, 502, 503))
async def import_administrations(
    connection_id: IdPath,
    body: AdministrationImport,
    conn: ConnectionDep,
    clock: ClockDep,
    principal: PrincipalDep,
    owners: ConnectionOwnersDep,
    request: Request,
) -> ImportReport:
    """Register, in one call, a chosen set of the administrations a connection reaches.

    The connection must be the tenant's at the package's connector (422 otherwise, 503
    when the connector cannot be asked) and the caller must act for the tenant (403);
    the connector lists what the connection reaches (502 when the package refuses or the
    connector cannot list). Each choice is then answered on its own, in order: created
    with the import's schedule (window, timezone, ``sync_from``, enabled), or refused
    with a reason (``already_registered``, ``id_taken``, ``not_reachable``,
    ``duplicate``, ``invalid``) and a message. A retried import creates nothing twice:
    what it created before is ``already_registered``, naming the administration.
    """
    if not principal.may_see(body.tenant_id):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"this token may not register for tenant {body.tenant_id!r}"
        )
    now = clock.now()
    if wrong := future_sync_from(body.sync_from, local_today(body.model_dump(), now)):
        raise invalid(("body", "sync_from"), wrong)
    authorization = request.headers["authorization"]
    await owners.require(body.package, connection_id, body.tenant_id, authorization)
    reachable = await owners.reachable(body.package, connection_id, authorization)
    chosen = [c.external_id for c in body.administrations]
    registered = await repo.registered(conn, body.tenant_id, body.package, chosen)
    created: set[str] = set()
    results: list[ImportResult] = []
    for choice in body.administrations:
        screened = screen(choice, connection_id, created, reachable, registered)
        made = screened or candidate(body, connection_id, choice, reachable)
        if isinstance(made, AdministrationCreate):
            made = await _create(conn, made, now)
        if made.outcome == "created":
            created.add(made.external_id)
        results.append(made)
    return report(body, connection_id, results)


async def _create(
    conn: DbConnection, administration: AdministrationCreate, now: dt.datetime
) -> ImportResult:
    """Insert one administration and schedule it; refused when another import or caller
    registered it meanwhile (the lock orders them), or when its id is taken."""
    fields = administration.model_dump()
    tenant, package = administration.tenant_id, str(administration.package)
    external_id, administration_id = administration.external_id, administration.id
    async with conn.transaction():
        key = f"{tenant}/{package}/{external_id}"
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", key)
        meanwhile = await repo.registered(conn, tenant, package, [external_id])
        if external_id in meanwhile:
            return already_registered(external_id, meanwhile[external_id])
        if not await repo.insert(conn, fields, now):
            message = f"administration id {administration_id!r} is taken; choose another 'id'"
            return refusal(external_id, "id_taken", message, administration_id)
        await reschedule(conn, fields, now)
    return ImportResult(external_id=external_id, id=administration_id, outcome="created")
