"""Connections: complete Exact's OAuth flow and list the divisions a connection sees."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from ledgerbus_connector_exact.api.deps import ConnectorDep
from ledgerbus_connector_exact.exact import errors
from ledgerbus_connector_exact.exact.oauth import TokenRejected
from ledgerbus_connectorkit import RestClient, SyncAborted
from ledgerbus_connectorkit.ownership import assign_tenant, tenant_after_put, visible_connection
from ledgerbus_connectorkit.routes import OwningTenant
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import Identifier, IdPath

router = APIRouter(prefix="/connections", tags=["connections"])


class ConnectionCreate(BaseModel):
    """An authorization code from Exact's consent redirect."""

    code: str = Field(min_length=1, description="The (URL-decoded) authorization code")
    id: Identifier | None = None
    tenant_id: OwningTenant = None


class ConnectionPublic(BaseModel):
    id: str
    state: str
    tenant_id: str


class Division(BaseModel):
    code: str
    name: str
    current: bool


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(403, 409))
async def create_connection(
    body: ConnectionCreate, connector: ConnectorDep, principal: PrincipalDep
) -> ConnectionPublic:
    """Exchange the code at Exact's token endpoint and store the tokens encrypted."""
    tenant = principal.owner_of_new(body.tenant_id, "connection")
    try:
        tokens = await connector.oauth.exchange_code(body.code, connector.clock.now())
    except TokenRejected as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(exc)) from exc
    connection_id = body.id or f"exact-{uuid.uuid4().hex[:12]}"
    async with connector.pool.acquire() as conn:
        if await connector.repository.get(conn, connection_id) is not None:
            raise HTTPException(status.HTTP_409_CONFLICT, f"connection {connection_id} exists")
        await connector.repository.create(conn, connection_id, tokens, tenant)
    return ConnectionPublic(id=connection_id, state="active", tenant_id=tenant)


class Reauthorization(BaseModel):
    """A new authorization code for an existing (or new) connection."""

    code: str = Field(min_length=1, description="The (URL-decoded) authorization code")
    tenant_id: OwningTenant = None


@router.put("/{connection_id}", responses=error_responses(403, 404))
async def authorize_connection(
    connection_id: IdPath, body: Reauthorization, connector: ConnectorDep, principal: PrincipalDep
) -> ConnectionPublic:
    """(Re-)authorise a connection: new tokens replace the old ones and it is active again.

    404 for another tenant's connection; only the operator may re-assign one's tenant.
    """
    async with connector.pool.acquire() as conn:
        await tenant_after_put(conn, connection_id, principal, body.tenant_id)
    try:
        tokens = await connector.oauth.exchange_code(body.code, connector.clock.now())
    except TokenRejected as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(exc)) from exc
    async with connector.pool.acquire() as conn, conn.transaction():
        tenant = await tenant_after_put(
            conn, connection_id, principal, body.tenant_id, for_update=True
        )
        if await connector.repository.get(conn, connection_id, for_update=True) is None:
            await connector.repository.create(conn, connection_id, tokens, tenant)
        else:
            await connector.repository.save_tokens(conn, connection_id, tokens)
            await assign_tenant(conn, connection_id, tenant)
    return ConnectionPublic(id=connection_id, state="active", tenant_id=tenant)


@router.get("/{connection_id}/administrations", responses=error_responses(404, 502))
async def list_divisions(
    connection_id: IdPath, connector: ConnectorDep, principal: PrincipalDep
) -> list[Division]:
    """The divisions this connection can see, to pick which to register (404: not yours)."""
    async with connector.pool.acquire() as conn:
        await visible_connection(conn, connection_id, principal)
    client = RestClient(
        http=connector.http,
        authenticator=connector.authenticator(connection_id),
        error_handler=errors.resolve,
        clock=connector.clock,
    )
    try:
        me: Any = await client.get_json("/api/v1/current/Me", {"$select": "CurrentDivision"})
        current = str(_first(me)["CurrentDivision"])
        divisions: Any = await client.get_json(
            f"/api/v1/{current}/hrm/Divisions", {"$select": "Code,Description"}
        )
    except SyncAborted as exc:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, exc.message) from exc
    return [
        Division(
            code=str(d["Code"]),
            name=str(d.get("Description") or ""),
            current=str(d["Code"]) == current,
        )
        for d in _results(divisions)
    ]


def _results(payload: Any) -> list[dict[str, Any]]:
    data = payload["d"]
    return list(data["results"] if isinstance(data, dict) else data)


def _first(payload: Any) -> dict[str, Any]:
    return _results(payload)[0]
