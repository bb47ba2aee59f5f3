"""Connections: complete Twinfield's OpenID Connect code flow and store the tokens encrypted."""

from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from ledgerbus_connector_twinfield.api.deps import ConnectorDep
from ledgerbus_connector_twinfield.twinfield.oauth import TokenRejected
from ledgerbus_servicekit import PrincipalDep

router = APIRouter(prefix="/connections", tags=["connections"])


class ConnectionCreate(BaseModel):
    code: str = Field(min_length=1, description="The authorization code from the login redirect")
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]{1,100}$")


class ConnectionPublic(BaseModel):
    id: str
    state: str


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_connection(
    body: ConnectionCreate, connector: ConnectorDep, _: PrincipalDep
) -> ConnectionPublic:
    """Exchange the code for tokens; 422 when Twinfield refuses it, 409 when the id exists."""
    try:
        tokens = await connector.login.exchange_code(body.code, connector.clock.now())
    except TokenRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    connection_id = body.id or f"twinfield-{uuid.uuid4().hex[:12]}"
    async with connector.pool.acquire() as conn:
        if not await connector.repository.create(conn, connection_id, tokens):
            raise HTTPException(409, f"connection {connection_id} exists")
    return ConnectionPublic(id=connection_id, state="active")


class Reauthorization(BaseModel):
    code: str = Field(min_length=1, description="A new authorization code")


@router.put("/{connection_id}")
async def authorize_connection(
    connection_id: str, body: Reauthorization, connector: ConnectorDep, _: PrincipalDep
) -> ConnectionPublic:
    """(Re-)authorise a connection: new tokens replace the old ones."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", connection_id):
        raise HTTPException(422, "a connection id is 1-100 letters, digits, '_', '.' or '-'")
    try:
        tokens = await connector.login.exchange_code(body.code, connector.clock.now())
    except TokenRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    async with connector.pool.acquire() as conn, conn.transaction():
        if not await connector.repository.create(conn, connection_id, tokens):
            await connector.repository.save(conn, connection_id, tokens)
    return ConnectionPublic(id=connection_id, state="active")
