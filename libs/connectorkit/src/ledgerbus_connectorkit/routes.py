"""The connection routes every connector service has, whatever its credential kind:
list the caller's connections, read one's owner, list the administrations it reaches."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field

from ledgerbus_connectorkit.deps import ConnectorDep
from ledgerbus_connectorkit.errors import SyncAborted
from ledgerbus_connectorkit.ownership import visible_connection
from ledgerbus_connectorkit.package import Administration
from ledgerbus_connectorkit.repository import ConnectionRepository
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import ID_PATTERN, IdPath
from ledgerbus_servicekit.paging import decode_page_token, encode_page_token

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


class ConnectionPage(BaseModel):
    """One page of connections; pass ``next_page_token`` back for the next (None: the last)."""

    items: list[ConnectionOwnership]
    next_page_token: str | None


@router.get("", responses=error_responses(400))
async def list_connections(
    connector: ConnectorDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    page_token: Annotated[
        str | None, Query(description="A next_page_token this API gave out; 400 otherwise")
    ] = None,
) -> ConnectionPage:
    """The caller's connections in id order (the operator's: every tenant's)."""
    after = decode_page_token(page_token) if page_token is not None else None
    repository: ConnectionRepository = connector.repository
    async with connector.pool.acquire() as conn:
        rows = await repository.listed(conn, principal.tenant_id, after, limit + 1)
    more = len(rows) > limit
    items = [ConnectionOwnership(id=r.id, state=r.state, tenant_id=r.tenant_id) for r in rows]
    token = encode_page_token(items[limit - 1].id) if more else None
    return ConnectionPage(items=items[:limit], next_page_token=token)


@router.get("/{connection_id}", responses=error_responses(404))
async def read_connection(
    connection_id: IdPath,
    request: Request,
    principal: PrincipalDep,
) -> ConnectionOwnership:
    """A connection's state and owner; 404 for another tenant's connection, as for none.

    The scheduler asks this when an administration is registered on a connection.
    """
    pool = request.app.state.jobs.pool
    async with pool.acquire() as conn:
        owner = await visible_connection(conn, connection_id, principal)
    return ConnectionOwnership(id=owner.id, state=owner.state, tenant_id=owner.tenant_id)


@router.get("/{connection_id}/administrations", responses=error_responses(404, 502))
async def list_administrations(
    connection_id: IdPath, connector: ConnectorDep, principal: PrincipalDep
) -> list[Administration]:
    """The administrations this connection can reach, to pick which to register.

    404 for another tenant's connection; 502 when the package refuses; 501 when the
    package cannot list them.
    """
    async with connector.pool.acquire() as conn:
        await visible_connection(conn, connection_id, principal)
    try:
        reached = await connector.administrations(connection_id)
    except SyncAborted as exc:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, exc.message) from exc
    if reached is None:
        raise HTTPException(
            status.HTTP_501_NOT_IMPLEMENTED,
            f"connector-{connector.package} cannot list the administrations of a connection",
        )
    return reached
