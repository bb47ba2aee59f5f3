"""Connections: an administration's client key, checked at SnelStart and stored encrypted."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field, SecretStr

from ledgerbus_connector_snelstart.api.deps import ConnectorDep
from ledgerbus_connector_snelstart.snelstart.auth import TokenRejected, fetch_token
from ledgerbus_connectorkit.ownership import tenant_after_put
from ledgerbus_connectorkit.routes import OwningTenant
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import Identifier, IdPath

router = APIRouter(prefix="/connections", tags=["connections"])


class ConnectionCreate(BaseModel):
    client_key: SecretStr = Field(description="The administration's koppelingsleutel")
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
    """Check the key by obtaining a token, then store it encrypted; 409 when the id exists."""
    tenant = principal.owner_of_new(body.tenant_id, "connection")
    try:
        await fetch_token(connector.http, connector.token_url, body.client_key)
    except TokenRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    connection_id = body.id or f"snelstart-{uuid.uuid4().hex[:12]}"
    async with connector.pool.acquire() as conn:
        if not await connector.repository.create(conn, connection_id, body.client_key, tenant):
            raise HTTPException(409, f"connection {connection_id} exists")
    return ConnectionPublic(id=connection_id, state="active", tenant_id=tenant)


class ClientKey(BaseModel):
    client_key: SecretStr = Field(description="The administration's (new) koppelingsleutel")
    tenant_id: OwningTenant = None


@router.put("/{connection_id}", responses=error_responses(403, 404))
async def replace_client_key(
    connection_id: IdPath, body: ClientKey, connector: ConnectorDep, principal: PrincipalDep
) -> ConnectionPublic:
    """Set a connection's client key (SnelStart regenerated it, or a new connection).

    404 for another tenant's connection; only the operator may re-assign one's tenant.
    """
    async with connector.pool.acquire() as conn:
        await tenant_after_put(conn, connection_id, principal, body.tenant_id)
    try:
        await fetch_token(connector.http, connector.token_url, body.client_key)
    except TokenRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    async with connector.pool.acquire() as conn, conn.transaction():
        tenant = await tenant_after_put(
            conn, connection_id, principal, body.tenant_id, for_update=True
        )
        await connector.repository.replace(conn, connection_id, body.client_key, tenant)
    return ConnectionPublic(id=connection_id, state="active", tenant_id=tenant)
