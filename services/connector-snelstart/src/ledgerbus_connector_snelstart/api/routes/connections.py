"""Connections: an administration's client key, checked at SnelStart and stored encrypted."""

from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field, SecretStr

from ledgerbus_connector_snelstart.api.deps import ConnectorDep
from ledgerbus_connector_snelstart.snelstart.auth import TokenRejected, fetch_token
from ledgerbus_servicekit import PrincipalDep

router = APIRouter(prefix="/connections", tags=["connections"])


class ConnectionCreate(BaseModel):
    client_key: SecretStr = Field(description="The administration's koppelingsleutel")
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]{1,100}$")


class ConnectionPublic(BaseModel):
    id: str
    state: str


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_connection(
    body: ConnectionCreate, connector: ConnectorDep, _: PrincipalDep
) -> ConnectionPublic:
    """Check the key by obtaining a token, then store it encrypted; 409 when the id exists."""
    try:
        await fetch_token(connector.http, connector.token_url, body.client_key)
    except TokenRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    connection_id = body.id or f"snelstart-{uuid.uuid4().hex[:12]}"
    async with connector.pool.acquire() as conn:
        if not await connector.repository.create(conn, connection_id, body.client_key):
            raise HTTPException(409, f"connection {connection_id} exists")
    return ConnectionPublic(id=connection_id, state="active")


class ClientKey(BaseModel):
    client_key: SecretStr = Field(description="The administration's (new) koppelingsleutel")


@router.put("/{connection_id}")
async def replace_client_key(
    connection_id: str, body: ClientKey, connector: ConnectorDep, _: PrincipalDep
) -> ConnectionPublic:
    """Set a connection's client key (SnelStart regenerated it, or a new connection)."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", connection_id):
        raise HTTPException(422, "a connection id is 1-100 letters, digits, '_', '.' or '-'")
    try:
        await fetch_token(connector.http, connector.token_url, body.client_key)
    except TokenRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    async with connector.pool.acquire() as conn:
        await connector.repository.replace(conn, connection_id, body.client_key)
    return ConnectionPublic(id=connection_id, state="active")
