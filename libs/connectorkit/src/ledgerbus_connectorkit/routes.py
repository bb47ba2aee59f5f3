"""The connection route every connector service has: who owns a connection."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from ledgerbus_connectorkit.ownership import visible_connection
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import ID_PATTERN, IdPath

CONNECTION_ID_PATTERN = ID_PATTERN
"""What a connection id is: servicekit's id (1-100 letters, digits, '_', '-', '.')."""

OwningTenant = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=100,
        pattern=ID_PATTERN,
        description="The tenant the connection belongs to: a tenant token's own (naming"
        " another is 403); the operator must name it when creating a connection on a"
        " tenant's behalf, and may re-assign an existing one",
    ),
]
"""The ``tenant_id`` of a body that creates or (re-)authorises a connection."""

router = APIRouter(prefix="/connections", tags=["connections"])


class ConnectionOwnership(BaseModel):
    """A connection's state and the tenant it belongs to (None: not assigned yet)."""

    id: str
    state: str
    tenant_id: str | None


@router.get("/{connection_id}", responses=error_responses(404))
async def read_connection(
    connection_id: IdPath,
    request: Request,
    principal: PrincipalDep,
) -> ConnectionOwnership:
    """A connection's state and owner; 404 for another tenant's connection, as for none.

    The scheduler asks this when an administration is registered on a connection.
    """
    pool: asyncpg.Pool = request.app.state.jobs.pool
    async with pool.acquire() as conn:
        owner = await visible_connection(conn, connection_id, principal)
    return ConnectionOwnership(id=owner.id, state=owner.state, tenant_id=owner.tenant_id)
