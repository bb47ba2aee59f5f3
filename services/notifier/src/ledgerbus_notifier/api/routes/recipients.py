"""Recipients: per administration, and the tenant-wide defaults and language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from ledgerbus_notifier.adapters import recipients as repo
from ledgerbus_notifier.api.deps import ClockDep, ConnectionDep
from ledgerbus_notifier.domain.recipients import (
    AdministrationRecipients,
    TenantRecipients,
    audience,
)
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses, invalid
from ledgerbus_servicekit.inputs import IdPath

router = APIRouter(tags=["recipients"])


@router.put("/administrations/{administration_id}/recipients", responses=error_responses(403, 404))
async def put_administration(
    administration_id: IdPath,
    body: AdministrationRecipients,
    conn: ConnectionDep,
    clock: ClockDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    """Replace who hears about an administration; a bad address is a 422 naming it."""
    tenant_id = body.tenant_id or principal.tenant_id
    if tenant_id is None:
        raise invalid(("body", "tenant_id"), "tenant_id is required with the operator token")
    if not principal.may_see(tenant_id):
        raise HTTPException(403, f"this token may not set recipients for tenant {tenant_id!r}")
    current = await repo.get_administration(conn, administration_id)
    if current is not None and not principal.may_see(str(current.tenant_id)):
        raise HTTPException(404, f"no recipients for administration {administration_id!r}")
    stored = body.model_copy(update={"tenant_id": tenant_id})
    await repo.put_administration(conn, administration_id, stored, clock.now())
    return await get_administration(administration_id, conn, principal)


@router.get("/administrations/{administration_id}/recipients", responses=error_responses(404))
async def get_administration(
    administration_id: IdPath, conn: ConnectionDep, principal: PrincipalDep
) -> dict[str, Any]:
    """The administration's recipients, and the administrators that apply after defaults."""
    own = await repo.get_administration(conn, administration_id)
    if own is None or not principal.may_see(str(own.tenant_id)):
        raise HTTPException(404, f"no recipients for administration {administration_id!r}")
    effective = audience(administration_id, own, await repo.get_tenant(conn, str(own.tenant_id)))
    return {
        "administration_id": administration_id,
        **own.model_dump(),
        "effective_administrators": list(effective.administrators),
        "language": effective.language,
    }


@router.put("/tenants/{tenant_id}/recipients", responses=error_responses(403))
async def put_tenant(
    tenant_id: IdPath,
    body: TenantRecipients,
    conn: ConnectionDep,
    clock: ClockDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    """Replace a tenant's default administrators and mail language (nl or en)."""
    if not principal.may_see(tenant_id):
        raise HTTPException(403, f"this token may not change tenant {tenant_id!r}")
    await repo.put_tenant(conn, tenant_id, body, clock.now())
    return {"tenant_id": tenant_id, **body.model_dump()}


@router.get("/tenants/{tenant_id}/recipients", responses=error_responses(404))
async def get_tenant(
    tenant_id: IdPath, conn: ConnectionDep, principal: PrincipalDep
) -> dict[str, Any]:
    """A tenant's defaults (Dutch and no administrators when never set)."""
    if not principal.may_see(tenant_id):
        raise HTTPException(404, f"no tenant {tenant_id!r}")
    settings = await repo.get_tenant(conn, tenant_id) or TenantRecipients()
    return {"tenant_id": tenant_id, **settings.model_dump()}
