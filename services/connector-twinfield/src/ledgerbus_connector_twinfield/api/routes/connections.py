"""Connections: complete Twinfield's OpenID Connect code flow and store the tokens encrypted."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from ledgerbus_connector_twinfield.api.deps import ConnectorDep
from ledgerbus_connector_twinfield.twinfield.oauth import TokenRejected
from ledgerbus_connectorkit.ownership import assign_tenant, tenant_after_put
from ledgerbus_connectorkit.routes import OwningTenant
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import Identifier, IdPath

router = APIRouter(prefix="/connections", tags=["connections"])


class ConnectionCreate(BaseModel):
    code: str = Field(min_length=1, description="The authorization code from the login redirect")
    id: Identifier | None = None
    tenant_id: OwningTenant = None


class ConnectionPublic(BaseModel):
    id: str
    state: str
    tenant_id: str


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(403, 409))
async def create_connection(
    body: ConnectionCreate, connector: ConnectorDep, principal: PrincipalDep
) -> ConnectionPublic:
    """Exchange the code for tokens; 422 when Twinfield refuses it, 409 when the id exists."""
    tenant = principal.owner_of_new(body.tenant_id, "connection")
    try:
        tokens = await connector.login.exchange_code(body.code, connector.clock.now())
    except TokenRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    connection_id = body.id or f"twinfield-{uuid.uuid4().hex[:12]}"
    async with connector.pool.acquire() as conn:
        if not await connector.repository.create(conn, connection_id, tokens, tenant):
            raise HTTPException(409, f"connection {connection_id} exists")
    return ConnectionPublic(id=connection_id, state="active", tenant_id=tenant)


class Reauthorization(BaseModel):
    code: str = Field(min_length=1, description="A new authorization code")
    tenant_id: OwningTenant = None


@router.put("/{connection_id}", responses=error_responses(403, 404))
async def authorize_connection(
    connection_id: IdPath, body: Reauthorization, connector: ConnectorDep, principal: PrincipalDep
) -> ConnectionPublic:
    """(Re-)authorise a connection: new tokens replace the old ones.

    404 for another tenant's connection; only the operator may re-assign one's tenant.
    """
    async with connector.pool.acquire() as conn:
        await tenant_after_put(conn, connection_id, principal, body.tenant_id)
    try:
        tokens = await connector.login.exchange_code(body.code, connector.clock.now())
    except TokenRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    async with connector.pool.acquire() as conn, conn.transaction():
        tenant = await tenant_after_put(
            conn, connection_id, principal, body.tenant_id, for_update=True
        )
        if not await connector.repository.create(conn, connection_id, tokens, tenant):
            await connector.repository.save(conn, connection_id, tokens)
            await assign_tenant(conn, connection_id, tenant)
    return ConnectionPublic(id=connection_id, state="active", tenant_id=tenant)
