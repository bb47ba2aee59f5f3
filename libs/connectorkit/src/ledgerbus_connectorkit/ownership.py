"""Who owns a connection, and whether a sync request may use it.

Every connector keeps its connections in a table named ``connections`` with the
columns ``id``, ``state`` and ``tenant_id`` (the tenant the connection belongs to;
NULL only for rows older than tenant ownership that no unambiguous owner could be
found for, which only the operator sees and nothing syncs through until the operator
assigns a tenant). This module is the one place that reads that ownership: the
connection routes of all three connectors, ``GET /v1/connections/{id}`` (which the
scheduler asks when an administration is registered) and :class:`ConnectionGuard`,
which the sync runner asks before it executes a request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

import asyncpg
from fastapi import HTTPException, status

from ledgerbus_contracts import RequestSync
from ledgerbus_servicekit import Principal
from ledgerbus_servicekit.db import DbConnection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectionOwner:
    """A connection's id, state and owning tenant (None: not assigned yet)."""

    id: str
    state: str
    tenant_id: str | None


async def connection_owner(
    conn: DbConnection, connection_id: str, *, for_update: bool = False
) -> ConnectionOwner | None:
    """The connection's ownership, or None when there is no such connection."""
    query = "SELECT id, state, tenant_id FROM connections WHERE id = $1"
    row = await conn.fetchrow(query + (" FOR UPDATE" if for_update else ""), connection_id)
    if row is None:
        return None
    return ConnectionOwner(row["id"], row["state"], row["tenant_id"])


async def visible_connection(
    conn: DbConnection, connection_id: str, principal: Principal, *, for_update: bool = False
) -> ConnectionOwner:
    """The connection if the caller may see it; 404 for another tenant's, as for none."""
    owner = await connection_owner(conn, connection_id, for_update=for_update)
    if owner is None or not principal.may_see(owner.tenant_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no connection {connection_id!r}")
    return owner


async def tenant_after_put(
    conn: DbConnection,
    connection_id: str,
    principal: Principal,
    requested: str | None,
    *,
    for_update: bool = False,
) -> str:
    """The tenant a connection belongs to once ``PUT /v1/connections/{id}`` has stored it.

    A new connection belongs to the caller's tenant (the operator names one); an existing
    one keeps its tenant, 404 for another tenant's; only the operator may re-assign it
    (``tenant_id`` in the body), which is how connections older than tenant ownership get
    one.
    """
    owner = await connection_owner(conn, connection_id, for_update=for_update)
    if owner is None:
        return principal.owner_of_new(requested, "connection")
    if not principal.may_see(owner.tenant_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no connection {connection_id!r}")
    if principal.is_operator:
        tenant = requested or owner.tenant_id
        return tenant or principal.owner_of_new(None, "connection")
    return principal.owner_of_new(requested, "connection")


async def assign_tenant(conn: DbConnection, connection_id: str, tenant_id: str) -> None:
    """Record the tenant a connection belongs to (creating or re-assigning it)."""
    await conn.execute(
        "UPDATE connections SET tenant_id = $2 WHERE id = $1", connection_id, tenant_id
    )


class RequestGuard(Protocol):
    """Decides whether a sync request may run, and remembers what a completed one read."""

    async def refusal(self, request: RequestSync) -> str | None:
        """Why the request must not run (a message for a person), or None to run it."""

    async def bind(self, request: RequestSync) -> None:
        """A sync of the request completed: its administration now mirrors that source."""


class ConnectionGuard:
    """A request runs only when its administration, tenant and connection agree.

    - the connection exists and belongs to the request's tenant (the tenant the
      scheduler checked when the administration was registered);
    - once an administration has completed a sync, later requests for the same
      administration id must come from the same tenant and name the same package
      administration (``external_id``): a request cannot pour other books into an
      existing mirror. The connection may change (re-connected), if the tenant's.

    A refusal says which of these failed, without telling whether another tenant's
    connection exists.
    """

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def refusal(self, request: RequestSync) -> str | None:
        """Why the request must not run, or None."""
        if not request.connection_id:
            return f"administration {request.administration_id!r} names no connection"
        async with self.pool.acquire() as conn:
            owner = await connection_owner(conn, request.connection_id)
            bound = await conn.fetchrow(
                "SELECT tenant_id, external_id FROM administration_bindings"
                " WHERE administration_id = $1",
                request.administration_id,
            )
        if owner is None or owner.tenant_id != request.tenant_id:
            if owner is not None:
                log.warning(
                    "refused sync %s: connection %s belongs to %s, the request names %s",
                    request.sync_id,
                    request.connection_id,
                    owner.tenant_id or "no tenant yet",
                    request.tenant_id,
                )
            return (
                f"connection {request.connection_id!r} is not a connection of tenant"
                f" {request.tenant_id!r} in connector-{request.package}"
            )
        if bound is not None and (
            bound["tenant_id"] != request.tenant_id or bound["external_id"] != request.external_id
        ):
            return (
                f"administration {request.administration_id!r} mirrors another source than"
                f" {request.package} administration {request.external_id!r} of tenant"
                f" {request.tenant_id!r}; register a new administration for it"
            )
        return None

    async def bind(self, request: RequestSync) -> None:
        """Remember the tenant and package administration the administration mirrors."""
        await self.pool.execute(
            "INSERT INTO administration_bindings (administration_id, tenant_id, external_id)"
            " VALUES ($1, $2, $3) ON CONFLICT (administration_id) DO NOTHING",
            request.administration_id,
            request.tenant_id,
            request.external_id,
        )
