"""Creating and (re-)authorising connections: the OAuth2 code flow or an API key.

``POST /v1/connections`` checks the credentials at the package (a refusal is a 422
saying why, never echoing the secret) and stores them encrypted; 409 when the id
exists. ``PUT /v1/connections/{id}`` replaces a connection's credentials (or creates
it) and makes it active again; 404 for another tenant's connection; only the operator
may re-assign one's tenant. A package's connector picks the flow by its base class.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field, SecretStr

from ledgerbus_connectorkit.credentials import CredentialsRejected
from ledgerbus_connectorkit.deps import KeyConnectorDep, OAuthConnectorDep
from ledgerbus_connectorkit.ownership import assign_tenant, tenant_after_put
from ledgerbus_connectorkit.package import OAuthConnector, PackageConnector
from ledgerbus_connectorkit.routes import OwningTenant
from ledgerbus_servicekit import Principal, PrincipalDep
from ledgerbus_servicekit.db import DbConnection
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import Identifier, IdPath

T = TypeVar("T")


class ConnectionPublic(BaseModel):
    """A stored connection: its id, state and tenant."""

    id: str
    state: str
    tenant_id: str


class AuthorizationCode(BaseModel):
    """An authorization code from the package's consent redirect, for a new connection."""

    code: str = Field(min_length=1, description="The (URL-decoded) authorization code")
    id: Identifier | None = None
    tenant_id: OwningTenant = None


class Reauthorization(BaseModel):
    """A new authorization code for an existing (or new) connection."""

    code: str = Field(min_length=1, description="The (URL-decoded) authorization code")
    tenant_id: OwningTenant = None


class ClientKeyCreate(BaseModel):
    """An administration's key, for a new connection."""

    client_key: SecretStr = Field(description="The administration's key (koppelingsleutel)")
    id: Identifier | None = None
    tenant_id: OwningTenant = None


class ClientKey(BaseModel):
    """An administration's (new) key for an existing (or new) connection."""

    client_key: SecretStr = Field(description="The administration's (new) key")
    tenant_id: OwningTenant = None


async def _checked(credentials: Awaitable[T]) -> T:
    try:
        return await credentials
    except CredentialsRejected as exc:
        raise HTTPException(422, str(exc)) from exc


async def _create(
    connector: PackageConnector[Any],
    principal: Principal,
    body: AuthorizationCode | ClientKeyCreate,
    credentials: Callable[[], Awaitable[T]],
    store: Callable[[DbConnection, str, T, str], Awaitable[bool]],
) -> ConnectionPublic:
    tenant = principal.owner_of_new(body.tenant_id, "connection")
    checked = await _checked(credentials())
    connection_id = body.id or f"{connector.package}-{uuid.uuid4().hex[:12]}"
    async with connector.pool.acquire() as conn:
        if not await store(conn, connection_id, checked, tenant):
            raise HTTPException(status.HTTP_409_CONFLICT, f"connection {connection_id} exists")
    return ConnectionPublic(id=connection_id, state="active", tenant_id=tenant)


async def _put(
    connector: PackageConnector[Any],
    connection_id: str,
    principal: Principal,
    requested: str | None,
    credentials: Callable[[], Awaitable[T]],
    store: Callable[[DbConnection, T, str], Awaitable[None]],
) -> ConnectionPublic:
    async with connector.pool.acquire() as conn:
        await tenant_after_put(conn, connection_id, principal, requested)
    checked = await _checked(credentials())
    async with connector.pool.acquire() as conn, conn.transaction():
        tenant = await tenant_after_put(conn, connection_id, principal, requested, for_update=True)
        await store(conn, checked, tenant)
    return ConnectionPublic(id=connection_id, state="active", tenant_id=tenant)


oauth_router = APIRouter(prefix="/connections", tags=["connections"])


@oauth_router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(403, 409))
async def create_oauth_connection(
    body: AuthorizationCode, connector: OAuthConnectorDep, principal: PrincipalDep
) -> ConnectionPublic:
    """Exchange the code at the package's token endpoint and store the tokens encrypted."""
    return await _create(
        connector,
        principal,
        body,
        lambda: connector.oauth.exchange_code(body.code, connector.clock.now()),
        connector.repository.create,
    )


@oauth_router.put("/{connection_id}", responses=error_responses(403, 404))
async def authorize_oauth_connection(
    connection_id: IdPath,
    body: Reauthorization,
    connector: OAuthConnectorDep,
    principal: PrincipalDep,
) -> ConnectionPublic:
    """(Re-)authorise a connection: new tokens replace the old ones and it is active again."""

    async def store(conn: DbConnection, tokens: Any, tenant: str) -> None:
        if not await connector.repository.create(conn, connection_id, tokens, tenant):
            await connector.repository.save_tokens(conn, connection_id, tokens)
            await assign_tenant(conn, connection_id, tenant)

    def exchanged() -> Awaitable[Any]:
        return connector.oauth.exchange_code(body.code, connector.clock.now())

    return await _put(connector, connection_id, principal, body.tenant_id, exchanged, store)


key_router = APIRouter(prefix="/connections", tags=["connections"])


@key_router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(403, 409))
async def create_key_connection(
    body: ClientKeyCreate, connector: KeyConnectorDep, principal: PrincipalDep
) -> ConnectionPublic:
    """Check the key by obtaining a token, then store it encrypted."""

    async def store(conn: DbConnection, connection_id: str, _token: Any, tenant: str) -> bool:
        return await connector.repository.create_key(conn, connection_id, body.client_key, tenant)

    return await _create(
        connector, principal, body, lambda: connector.exchange_key(body.client_key), store
    )


@key_router.put("/{connection_id}", responses=error_responses(403, 404))
async def replace_client_key(
    connection_id: IdPath, body: ClientKey, connector: KeyConnectorDep, principal: PrincipalDep
) -> ConnectionPublic:
    """Set a connection's key (the package regenerated it, or a new connection)."""

    async def store(conn: DbConnection, _token: Any, tenant: str) -> None:
        await connector.repository.replace_key(conn, connection_id, body.client_key, tenant)

    def checked() -> Awaitable[Any]:
        return connector.exchange_key(body.client_key)

    return await _put(connector, connection_id, principal, body.tenant_id, checked, store)


def connection_router(connector: type[PackageConnector[Any]]) -> APIRouter:
    """The create and (re-)authorise routes of a connector's credential kind."""
    return oauth_router if issubclass(connector, OAuthConnector) else key_router
