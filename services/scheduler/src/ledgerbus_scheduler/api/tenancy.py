"""An administration's tenant and connection must agree, and the caller must be that tenant."""

from __future__ import annotations

from fastapi import HTTPException, Request, status

from ledgerbus_scheduler.adapters.connection_owners import ConnectionOwners
from ledgerbus_scheduler.domain.administrations import AdministrationCreate
from ledgerbus_servicekit import Principal

OWNERSHIP_FIELDS = frozenset({"tenant_id", "package", "connection_id"})
"""The fields whose change makes the scheduler check the agreement again."""


async def require_agreement(
    owners: ConnectionOwners,
    principal: Principal,
    request: Request,
    administration: AdministrationCreate,
) -> None:
    """403 unless the caller may act for the administration's tenant; 422 unless its
    connection (when it names one) is a connection of that tenant at its package's
    connector (asked with the caller's token, see ``adapters.connection_owners``)."""
    if not principal.may_see(administration.tenant_id):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"this token may not register for tenant {administration.tenant_id!r}",
        )
    if administration.connection_id:
        await owners.require(
            administration.package,
            administration.connection_id,
            administration.tenant_id,
            request.headers["authorization"],
        )
